"""Trigram indexes for the admin's pupil, course and course sheet searches (PostgreSQL
only)."""

from django.db import migrations

from imuse.migrations_pg import index_trigramme


class Migration(migrations.Migration):
    dependencies = [("eleves", "0004_fichiers_verifies")]

    operations = [
        index_trigramme("eleves_eleve", "nom", "eleve_nom_trgm"),
        index_trigramme("eleves_eleve", "prenom", "eleve_prenom_trgm"),
        index_trigramme("eleves_cours", "code", "cours_code_trgm"),
    ]
