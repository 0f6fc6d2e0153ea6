"""A family, its guardians and its pupils created on one admin page, through one
journaled service; bad input answered next to the field, nothing lost; staff of
another school never write into this one."""

import pytest
from django.test import Client

from eleves.models import Eleve
from famille.models import Famille
from imuse.journal import journal_de
from tests import factories as f
from tests.conftest import connecter_staff

AJOUT = "/admin/famille/famille/add/"


def _gestion(prefixe, total, initial=0):
    return {
        f"{prefixe}-TOTAL_FORMS": str(total),
        f"{prefixe}-INITIAL_FORMS": str(initial),
        f"{prefixe}-MIN_NUM_FORMS": "0",
        f"{prefixe}-MAX_NUM_FORMS": "1000",
    }


def minimale(**autres) -> dict:
    """What an office types for a minimal family: 1 guardian, 1 pupil (13 inputs)."""
    return {
        "numero": "3001",
        "nom": "",
        **_gestion("responsables", 2),
        "responsables-0-civilite": "MME",
        "responsables-0-nom": "MARTIN",
        "responsables-0-prenom": "Claire",
        "responsables-0-adresse": "3 rue des Capucins",
        "responsables-0-code_postal": "50 700",
        "responsables-0-ville": "Valognes",
        "responsables-0-tel_mobile": "0612345678",
        "responsables-0-email": "claire.martin@example.org",
        **_gestion("eleves", 2),
        "eleves-0-civilite": "M",
        "eleves-0-prenom": "Jules",
        "eleves-0-nom": "",
        "eleves-0-date_naissance": "12/09/2015",
        **autres,
    }


def test_the_add_page_has_guardians_and_pupils_with_the_next_number(client_staff, famille):
    page = client_staff.get(AJOUT).content.decode()
    assert 'name="responsables-0-nom"' in page and 'name="responsables-1-nom"' in page
    assert 'name="eleves-0-prenom"' in page
    assert 'name="numero" value="1002"' in page  # ABARRE is 1001


def test_one_page_creates_the_family_its_guardian_and_its_pupil(client_staff, etablissement):
    f.EleveFactory(famille=f.FamilleFactory(etablissement=etablissement, numero=9), numero=41)
    response = client_staff.post(AJOUT, minimale())
    assert response.status_code == 302, response.content.decode()[:3000]
    famille = Famille.objects.get(numero=3001)
    assert famille.etablissement == etablissement and famille.nom == "MARTIN"
    (r1,) = famille.responsables.all()
    assert (r1.rang, r1.prenom, r1.tel_mobile, r1.code_postal) == (
        1,
        "Claire",
        "06 12 34 56 78",
        "50700",
    )
    (jules,) = Eleve.objects.filter(famille=famille)
    assert (jules.nom, jules.prenom, jules.numero) == ("MARTIN", "Jules", 42)
    (ligne,) = journal_de(famille).filter(action="famille.creer")
    assert ligne.donnees["eleves"] == ["MARTIN Jules (42)"]
    assert response["Location"] == f"/admin/famille/famille/{famille.pk}/synthese/"
    page = client_staff.get(response["Location"]).content.decode()
    assert "Claire MARTIN" in page and "Jules MARTIN" in page


def test_two_guardians_and_two_pupils_in_order(client_staff, etablissement):
    donnees = minimale(
        **{
            "responsables-1-civilite": "M",
            "responsables-1-nom": "DURAND",
            "responsables-1-prenom": "Marc",
            "eleves-1-civilite": "MME",
            "eleves-1-prenom": "Lou",
            "eleves-1-nom": "DURAND",
            "eleves-1-numero": "77",
        }
    )
    assert client_staff.post(AJOUT, donnees).status_code == 302
    famille = Famille.objects.get(numero=3001)
    assert [(r.rang, r.nom) for r in famille.responsables.order_by("rang")] == [
        (1, "MARTIN"),
        (2, "DURAND"),
    ]
    assert sorted((e.prenom, e.numero) for e in Eleve.objects.filter(famille=famille)) == [
        ("Jules", 78),
        ("Lou", 77),
    ]


def test_bad_input_is_said_next_to_the_field_and_nothing_is_lost(client_staff, famille, irina):
    irina.numero = 5
    irina.save()
    donnees = minimale(
        **{"numero": "1001", "responsables-0-tel_mobile": "12", "eleves-0-numero": "5"}
    )
    response = client_staff.post(AJOUT, donnees)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saisissez un numéro de téléphone français" in page
    assert "Un autre élève de l’établissement a ce numéro." in page
    assert 'value="3 rue des Capucins"' in page and 'value="Jules"' in page
    assert not Famille.objects.filter(nom="MARTIN").exists()


def test_a_family_needs_a_guardian(client_staff, etablissement):
    donnees = {k: v for k, v in minimale().items() if not k.startswith("responsables-0-")}
    response = client_staff.post(AJOUT, donnees)
    assert response.status_code == 200
    assert not Famille.objects.filter(numero=3001).exists()


def test_staff_of_another_school_create_only_in_theirs(staff_autre, etablissement, famille):
    client = connecter_staff(Client(), staff_autre)
    page = client.get(AJOUT).content.decode()
    assert 'name="numero" value="1"' in page  # their school has no family yet
    donnees = minimale(etablissement=str(etablissement.pk))
    assert client.post(AJOUT, donnees).status_code == 302
    assert Famille.objects.get(numero=3001).etablissement == staff_autre.etablissement


def test_the_add_page_runs_a_bounded_number_of_queries(
    client_staff, etablissement, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        client_staff.get(AJOUT)
    with django_assert_max_num_queries(40):
        assert client_staff.post(AJOUT, minimale()).status_code == 302


@pytest.mark.parametrize("champ", ["numero", "eleves-0-date_naissance", "responsables-0-email"])
def test_garbage_never_gives_a_500(client_staff, etablissement, champ):
    response = client_staff.post(AJOUT, minimale(**{champ: "\u00e9\u0301<script>" * 40}))
    assert response.status_code == 200
