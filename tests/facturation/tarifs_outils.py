"""A school with the example tariff grid (facturation/grille_exemple.py), its courses,
and families to price, for the tariff and batch-run tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from eleves.models import Cours, Cycle, Departement, Discipline, Inscription
from facturation.grille_exemple import grille_exemple
from tests import factories as f


@dataclass
class Ecole:
    etablissement: object
    annee: object
    grille: object
    cours: dict


def ecole(etablissement, annee) -> Ecole:
    deps = {
        nom: Departement.objects.create(etablissement=etablissement, nom=nom)
        for nom in ("Formation musicale", "Cordes", "Pratiques collectives", "Danse")
    }
    disc = {
        nom: Discipline.objects.create(etablissement=etablissement, departement=deps[dep], nom=nom)
        for nom, dep in (
            ("Formation musicale", "Formation musicale"),
            ("Éveil musical", "Formation musicale"),
            ("Violon", "Cordes"),
            ("Orchestre", "Pratiques collectives"),
            ("Escrime", "Danse"),
        )
    }
    cycle = Cycle.objects.create(etablissement=etablissement, code="1C2")
    minutes = {"Formation musicale": 90, "Éveil musical": 60, "Orchestre": 90, "Escrime": 60}
    cours = {}
    for nom, d in disc.items():
        cours[nom] = Cours.objects.create(
            annee=annee,
            code=f"{nom[:4]} {annee.libelle}",
            discipline=d,
            cycle=cycle,
            duree=timedelta(minutes=minutes.get(nom, 30)),
        )
    cours["Violon 45"] = Cours.objects.create(
        annee=annee, code="Viol 45", discipline=disc["Violon"], duree=timedelta(minutes=45)
    )
    return Ecole(etablissement, annee, grille_exemple(etablissement, annee), cours)


def inscrire(eleve, *cours, debut: date | None = None) -> list[Inscription]:
    return [
        Inscription.objects.create(
            eleve=eleve, cours=c, date_debut=debut or c.annee.debut, date_fin=c.annee.fin
        )
        for c in cours
    ]


def famille_avec(etablissement, nom, *, ville="VALOGNES", qf=None, numero=None):
    famille = f.FamilleFactory(
        etablissement=etablissement, nom=nom, **({"numero": numero} if numero else {})
    )
    if qf is not None:
        famille.quotient_familial = qf
        famille.qf_verifie_le = date(2026, 9, 3)
        famille.save()
    f.ResponsableFactory(
        famille=famille, rang=1, ville=ville, email=f"{nom.lower()}@example.org", utilisateur=None
    )
    return famille
