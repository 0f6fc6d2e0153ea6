"""The pupil number's trigram index: the admin's exact search `=numero`
(UPPER(numero::text) = ...) is answered from it (pg_trgm serves equality). PostgreSQL only
(imuse/migrations_pg.py)."""

from django.db import migrations

from imuse.migrations_pg import index_trigramme


class Migration(migrations.Migration):
    dependencies = [
        ("eleves", "0007_index_liste_eleves"),
    ]

    operations = [
        index_trigramme("eleves_eleve", "numero", "eleve_numero_trgm"),
    ]
