"""The family number's trigram index: the admin's search finds "1234" in the numbers
(`numero` icontains, UPPER(numero::text) LIKE) without reading every family. PostgreSQL
only (imuse/migrations_pg.py)."""

from django.db import migrations

from imuse.migrations_pg import index_trigramme


class Migration(migrations.Migration):
    dependencies = [
        ("famille", "0004_index_admin"),
    ]

    operations = [
        index_trigramme("famille_famille", "numero", "famille_numero_trgm"),
    ]
