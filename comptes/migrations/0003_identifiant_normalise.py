"""Identifiants stored in their normalised form (NFKC + casefold, comptes/identifiants.py).

Existing rows are normalised in place. Two accounts of one site (or two global accounts)
whose identifiants differ only by case or Unicode form cannot both be kept: the migration
stops and lists them, so that staff rename one (then run `migrate` again). Nothing is
changed in that case.
"""

from collections import defaultdict

from django.db import migrations

import comptes.identifiants
from comptes.identifiants import normaliser_identifiant


def doublons(utilisateurs) -> dict:
    groupes = defaultdict(list)
    for pk, etablissement_id, identifiant in utilisateurs:
        groupes[(etablissement_id, normaliser_identifiant(identifiant))].append((pk, identifiant))
    return {cle: comptes for cle, comptes in groupes.items() if len(comptes) > 1}


def normaliser(apps, schema_editor):
    Utilisateur = apps.get_model("comptes", "Utilisateur")
    lignes = list(Utilisateur.objects.values_list("pk", "etablissement_id", "identifiant"))
    conflits = doublons(lignes)
    if conflits:
        details = "\n".join(
            f"  - site {etablissement_id or '(global)'}, « {forme} »: "
            + ", ".join(f"#{pk} « {identifiant} »" for pk, identifiant in comptes)
            for (etablissement_id, forme), comptes in sorted(
                conflits.items(), key=lambda c: (c[0][0] or 0, c[0][1])
            )
        )
        raise RuntimeError(
            "Ces comptes ont des identifiants qui ne diffèrent que par la casse ou la forme "
            "Unicode : renommez-en un par groupe, puis relancez la migration.\n" + details
        )
    for pk, _etablissement_id, identifiant in lignes:
        forme = normaliser_identifiant(identifiant)
        if forme != identifiant:
            Utilisateur.objects.filter(pk=pk).update(identifiant=forme)


class Migration(migrations.Migration):
    dependencies = [
        ("comptes", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(normaliser, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="utilisateur",
            name="identifiant",
            field=comptes.identifiants.IdentifiantField(max_length=150, verbose_name="login"),
        ),
    ]
