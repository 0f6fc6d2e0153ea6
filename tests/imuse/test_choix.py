"""{{ objet|libelle:"champ" }} (imuse/templatetags/choix.py) shows what Django's
get_FOO_display shows, for every choice, an unknown value and an empty one."""

import pytest
from django.utils import translation

from eleves.models import DocumentEleve
from famille.models import Responsable
from imuse.templatetags.choix import libelle

CHAMPS = [
    (Responsable, ["rang", "civilite", "situation_familiale", "code_socio_professionnel"]),
    (DocumentEleve, ["type_document"]),
]


@pytest.mark.parametrize("modele,noms", CHAMPS)
def test_every_choice_shows_as_django_shows_it(modele, noms):
    for nom in noms:
        champ = modele._meta.get_field(nom)
        valeurs = [v for v, _l in champ.flatchoices] + ["inconnue", "", None]
        for langue in ("fr", "en"):
            with translation.override(langue):
                for valeur in valeurs:
                    objet = modele(**{champ.attname: valeur})
                    attendu = getattr(objet, f"get_{nom}_display")()
                    assert libelle(objet, nom) == attendu, (nom, valeur, langue)


def test_a_missing_object_shows_nothing():
    assert libelle(None, "rang") == "" and libelle("", "rang") == ""
