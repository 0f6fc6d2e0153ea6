"""The invoice list sorted by "left to pay" or "state" (facturation.suivi.avec_suivi's
`reste_suivi` / `etat_suivi`): indexes on the very CASE expressions the ORM compiles, per
site, so the page walks an index instead of sorting the site's 700,000 invoices (3.0 and
1.9 s at 100,000 families). PostgreSQL only; tests/facturation/test_totaux_stockes.py
checks that the list's ORDER BY still uses them."""

from django.db import migrations

RESTE = (
    "CASE WHEN annulee THEN 0.00 WHEN statut = 'brouillon' THEN 0.00 "
    "ELSE ((montant - total_avoirs) - montant_paye) END"
)
ETAT = (
    "CASE WHEN statut = 'brouillon' THEN '' WHEN annulee THEN 'annulee' "
    "WHEN montant_paye >= (montant - total_avoirs) THEN 'payee' "
    "WHEN montant_paye > 0 THEN 'partielle' ELSE 'impayee' END"
)
# The admin adds "-pk" after the column clicked: one index per direction.
INDEX = {
    "facture_reste_idx": (RESTE, ""),
    "facture_reste_desc_idx": (RESTE, " DESC"),
    "facture_etat_idx": (ETAT, ""),
    "facture_etat_desc_idx": (ETAT, " DESC"),
}


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom, (expression, sens) in INDEX.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{nom}" ON "facturation_facture" '
            f'("etablissement_id", ({expression}){sens}, "id" DESC)'
        )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom in INDEX:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')


class Migration(migrations.Migration):
    dependencies = [("facturation", "0012_recherche_par_famille")]

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
