"""The re-enrolment cast: an open campaign of Valognes for 2027/2028 asking for a proof
of address (family), an identity photo (pupil) and a medical certificate (pupils of the
Danse department); Irina follows FM 2C4 A and Piano 2C4 this year, Hugo follows Danse."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reinscription.models import PieceAFournir
from tests import factories as f
from tests.reinscription.factories import CampagneFactory, PieceAFournirFactory, TypePieceFactory

CORPUS = Path(__file__).parent / "corpus"


def upload(nom: str, contenu: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, (CORPUS / nom).read_bytes() if contenu is None else contenu)


@pytest.fixture
def campagne(etablissement, annee):
    return CampagneFactory(etablissement=etablissement)


@pytest.fixture
def domicile(campagne):
    return PieceAFournirFactory(
        campagne=campagne,
        type_piece=TypePieceFactory(etablissement=campagne.etablissement),
        ordre=1,
    )


@pytest.fixture
def photo(campagne):
    return PieceAFournirFactory(
        campagne=campagne,
        type_piece=TypePieceFactory(etablissement=campagne.etablissement, nom="Photo d'identité"),
        portee=PieceAFournir.Portee.ELEVE,
        ordre=2,
    )


@pytest.fixture
def danse(etablissement):
    return f.DepartementFactory(etablissement=etablissement, nom="Danse")


@pytest.fixture
def certificat(campagne, danse):
    return PieceAFournirFactory(
        campagne=campagne,
        type_piece=TypePieceFactory(etablissement=campagne.etablissement, nom="Certificat médical"),
        portee=PieceAFournir.Portee.ELEVE,
        departement=danse,
        ordre=3,
    )


@pytest.fixture
def pieces(domicile, photo, certificat):
    return [domicile, photo, certificat]


@pytest.fixture
def cours_irina(irina, annee, etablissement):
    polyphoniques = f.DepartementFactory(etablissement=etablissement, nom="Polyphoniques")
    piano = f.DisciplineFactory(etablissement=etablissement, departement=polyphoniques, nom="Piano")
    return [
        f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="FM 2C4 A")),
        f.InscriptionFactory(
            eleve=irina, cours=f.CoursFactory(annee=annee, code="Pian 2C4", discipline=piano)
        ),
    ]


@pytest.fixture
def cours_hugo(hugo, annee, etablissement, danse):
    classique = f.DisciplineFactory(
        etablissement=etablissement, departement=danse, nom="Danse classique"
    )
    return [
        f.InscriptionFactory(
            eleve=hugo, cours=f.CoursFactory(annee=annee, code="Dans 1C1", discipline=classique)
        )
    ]


@pytest.fixture
def cours_suivants(campagne, cours_irina):
    """Next year's courses of Irina's classes (the same class: no admission higher)."""
    return [
        f.CoursFactory(
            annee=campagne.annee,
            code=i.cours.code,
            discipline=i.cours.discipline,
            enseignant=i.cours.enseignant,
        )
        for i in cours_irina
    ]
