"""Trigram indexes for the admin's account search (PostgreSQL only)."""

from django.db import migrations

from imuse.migrations_pg import index_trigramme


class Migration(migrations.Migration):
    dependencies = [("comptes", "0005_roles")]

    operations = [
        index_trigramme("comptes_utilisateur", "identifiant", "utilisateur_identifiant_trgm"),
        index_trigramme("comptes_utilisateur", "nom", "utilisateur_nom_trgm"),
        index_trigramme("comptes_utilisateur", "prenom", "utilisateur_prenom_trgm"),
        index_trigramme("comptes_utilisateur", "email", "utilisateur_email_trgm"),
    ]
