"""Migration operations for PostgreSQL only: they do nothing on another database (the
SQLite of development and tests), so one migration history serves both.

`index_trigramme(table, colonne, nom)`: a GIN trigram index (pg_trgm) on
UPPER(colonne::text), the expression Django's `icontains` compares on PostgreSQL, so the
admin's searches (`search_fields`) use an index instead of reading the whole table.
"""

from __future__ import annotations

from django.db import migrations


def index_trigramme(table: str, colonne: str, nom: str) -> migrations.RunPython:
    creer = (
        f'CREATE INDEX IF NOT EXISTS "{nom}" ON "{table}" '
        f'USING gin ((UPPER("{colonne}"::text)) gin_trgm_ops)'
    )

    def avant(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(creer)

    def arriere(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')

    return migrations.RunPython(avant, arriere, elidable=False)
