"""The payment list sorted by its credit column ("to refund or to allocate", the
unallocated part `non_impute`): indexes per site and per direction on the expression the
ORM compiles (the admin adds "-pk"), so the page walks an index instead of sorting the
site's payments. PostgreSQL only; tests/facturation/test_totaux_stockes.py checks them."""

from django.db import migrations

INDEX = {"reglement_credit_idx": "", "reglement_credit_desc_idx": " DESC"}


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom, sens in INDEX.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{nom}" ON "facturation_reglement" '
            f'("etablissement_id", ("montant" - "montant_impute"){sens}, "id" DESC)'
        )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom in INDEX:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')


class Migration(migrations.Migration):
    dependencies = [("facturation", "0013_tri_reste_etat")]

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
