"""Demo: the example tariff grid (facturation/grille_exemple.py) on the demo school's
current year, so that staff can run "Facturer l'année" in a few clicks (Facturation →
Facturation groupée → Facturer l'année)."""

from __future__ import annotations

from facturation.grille_exemple import grille_exemple
from facturation.models import GrilleTarifaire, ParametresFacturation
from imuse.models import AnneeScolaire


def charger(ctx) -> list[str]:
    etablissement = ctx.etablissement
    ParametresFacturation.objects.get_or_create(etablissement=etablissement)
    annee = (
        AnneeScolaire.objects.filter(etablissement=etablissement, courante=True)
        .order_by("-debut")
        .first()
    )
    if annee is None or GrilleTarifaire.objects.filter(annee=annee).exists():
        return []
    grille_exemple(etablissement, annee)
    return [f"  Tariff grid {annee.libelle}: ready for the batch run (Facturer l'année)."]
