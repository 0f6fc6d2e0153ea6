"""Demo: sample files of every kind, and one uploaded file waiting in the admin as a
preview for the office account `gestion`."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File

from comptes.models import Utilisateur
from importation.models import Importation
from importation.services import importation_analyser, importation_creer

EXEMPLES = Path(__file__).resolve().parent / "exemples"


def charger(ctx) -> list[str]:
    etablissement = ctx.etablissement
    gestion = Utilisateur.objects.filter(etablissement=etablissement, identifiant="gestion").first()
    importation = Importation.objects.filter(
        etablissement=etablissement, nom_original="familles.csv"
    ).first()
    if importation is None:
        with open(EXEMPLES / "familles.csv", "rb") as flux:
            importation = importation_creer(
                etablissement=etablissement,
                type_import="familles",
                fichier=File(flux, name="familles.csv"),
                par=gestion,
            )
        importation_analyser(importation=importation, par=gestion)
    return [
        "",
        f"Import preview waiting for `gestion`: /admin/importation/importation/"
        f"{importation.pk}/change/ (sample files of every kind in {EXEMPLES}).",
    ]
