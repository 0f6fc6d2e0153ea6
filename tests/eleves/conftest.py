import datetime as dt

import pytest

from tests import factories as f


def annees_passees(etablissement, nombre: int):
    """`nombre` school years before the current 2026/2027, newest first."""
    from imuse.models import AnneeScolaire

    return [
        AnneeScolaire.objects.get_or_create(
            etablissement=etablissement,
            libelle=f"{2026 - n}/{2027 - n}",
            defaults={
                "debut": dt.date(2026 - n, 9, 1),
                "fin": dt.date(2027 - n, 7, 4),
                "courante": False,
            },
        )[0]
        for n in range(1, nombre + 1)
    ]


@pytest.fixture
def structure(etablissement):
    departement = f.DepartementFactory(etablissement=etablissement, nom="Formation musicale")
    return {
        "discipline": f.DisciplineFactory(
            etablissement=etablissement, departement=departement, nom="Formation musicale"
        ),
        "enseignant": f.EnseignantFactory(etablissement=etablissement),
        "cycle": f.CycleFactory(etablissement=etablissement),
        "salle": f.SalleFactory(etablissement=etablissement),
    }


def cours(annee, structure, **valeurs):
    return f.CoursFactory(annee=annee, **structure, **valeurs)


@pytest.fixture
def fiche_irina(irina, annee, structure):
    """Irina's FM 2C4 A this year: one published and one unpublished evaluation, one final
    and one provisional absence."""
    inscription = f.InscriptionFactory(eleve=irina, cours=cours(annee, structure, code="FM 2C4 A"))
    f.EvaluationFactory(
        inscription=inscription, critere="Lecture", appreciation="Très bon travail", publiee=True
    )
    f.EvaluationFactory(
        inscription=inscription, critere="Rythme", appreciation="Brouillon secret", publiee=False
    )
    f.AbsenceFactory(inscription=inscription, motif="Maladie", definitive=True)
    f.AbsenceFactory(
        inscription=inscription, date=dt.date(2026, 11, 13), motif="Provisoire", definitive=False
    )
    return inscription


def historique(eleve, etablissement, structure, nombre: int):
    fiches = []
    for n, annee in enumerate(annees_passees(etablissement, nombre)):
        inscription = f.InscriptionFactory(
            eleve=eleve,
            cours=cours(annee, structure, code=f"FM {n}C {eleve.prenom}"),
            moyenne="15.75",
            moyenne_lettree="B",
            mention="Bien",
            resultat_classe="Admis",
            admission_classe="FM 2C4",
            commentaire="Belle année",
        )
        f.EvaluationFactory(inscription=inscription, date=annee.debut + dt.timedelta(days=60))
        fiches.append(inscription)
    return fiches
