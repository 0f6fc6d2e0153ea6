"""An example tariff grid, as a French municipal music school publishes one: the demo
school's, the benchmark's, and a starting point tests share. Amounts are deliberately
odd (to the cent) so that rounding shows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from eleves.models import Departement, Discipline
from facturation.models import (
    GrilleTarifaire,
    RegleTarif,
    TarifLocation,
    TrancheQF,
    TypeEnseignement,
)

T30, T45 = timedelta(minutes=30), timedelta(minutes=45)
TRANCHES = [("A", 600), ("B", 1200), ("C", None)]
# Per kind: (label, kind, discipline or department name, length, {bracket: amount}, outside)
MINEURS = [
    ("Instrument 30 min", TypeEnseignement.INSTRUMENT, None, T30, [212.35, 287.40, 349.99], 498.15),
    ("Instrument 45 min", TypeEnseignement.INSTRUMENT, None, T45, [298.55, 402.10, 489.95], 697.45),
]
COMMUNS = [
    (
        "Formation musicale",
        TypeEnseignement.FORMATION_MUSICALE,
        "Formation musicale",
        [95.25, 127.45, 158.70],
        212.30,
    ),
    ("Éveil musical", TypeEnseignement.EVEIL, "Éveil musical", [64.33, 81.17, 102.55], 143.85),
]
COLLECTIFS = [
    (
        "Pratique collective",
        TypeEnseignement.PRATIQUE_COLLECTIVE,
        "Pratiques collectives",
        D("48.90"),
    ),
    ("Danse", TypeEnseignement.AUTRE, "Danse", D("187.65")),
]
ADULTES = [("Instrument 30 min adulte", T30, D("412.85"), D("578.30"))]
LOCATIONS = [("Violon", D("90.00")), ("Violoncelle", D("134.55")), ("Guitare", D("67.45"))]


def grille_exemple(etablissement, annee, communes: str = "Valognes\nBrix\nYvetot-Bocage"):
    """Create the example grid of a school year (the school's disciplines are looked up by
    name; the rules of the missing ones are left out)."""
    grille = GrilleTarifaire.objects.create(
        etablissement=etablissement,
        annee=annee,
        communes=communes,
        frais_famille=D("15.00"),
        remise_2e=D("10"),
        remise_3e=D("20"),
        plafond_famille=D("990.00"),
        prorata=True,
    )
    TrancheQF.objects.bulk_create(
        TrancheQF(grille=grille, code=code, plafond=plafond) for code, plafond in TRANCHES
    )
    disciplines = {d.nom: d for d in Discipline.objects.filter(etablissement=etablissement)}
    departements = {d.nom: d for d in Departement.objects.filter(etablissement=etablissement)}
    regles = []

    def regle(libelle, genre, montant, **criteres):
        regles.append(
            RegleTarif(
                grille=grille,
                libelle=libelle,
                type_enseignement=genre,
                montant=D(str(montant)),
                **criteres,
            )
        )

    for libelle, genre, _nom, duree, par_tranche, dehors in MINEURS:
        for (code, _plafond), montant in zip(TRANCHES, par_tranche, strict=True):
            regle(
                libelle,
                genre,
                montant,
                duree=duree,
                public="mineur",
                residence="commune",
                tranche=code,
            )
        regle(libelle, genre, dehors, duree=duree, public="mineur", residence="hors")
    for libelle, duree, dedans, dehors in ADULTES:
        genre = TypeEnseignement.INSTRUMENT
        regle(libelle, genre, dedans, duree=duree, public="adulte", residence="commune")
        regle(libelle, genre, dehors, duree=duree, public="adulte", residence="hors")
    for libelle, genre, nom, par_tranche, dehors in COMMUNS:
        if nom not in disciplines:
            continue
        for (code, _plafond), montant in zip(TRANCHES, par_tranche, strict=True):
            regle(
                libelle,
                genre,
                montant,
                discipline=disciplines[nom],
                residence="commune",
                tranche=code,
            )
        regle(libelle, genre, dehors, discipline=disciplines[nom], residence="hors")
    for libelle, genre, nom, montant in COLLECTIFS:
        if nom in departements:
            regle(libelle, genre, montant, departement=departements[nom])
    RegleTarif.objects.bulk_create(regles)
    TarifLocation.objects.bulk_create(
        TarifLocation(grille=grille, categorie=categorie, montant=montant)
        for categorie, montant in LOCATIONS
    )
    return grille
