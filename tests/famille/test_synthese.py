"""The staff's family overview: found by name, number, e-mail or phone; guardians with
their account, pupils with this year's courses, balance and unpaid invoices, pending
requests, the journal; only for the staff's own school; bounded queries."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from imuse.journal import journaliser
from imuse.models import DemandeModification
from reinscription.models import DemandeReinscription
from tests import factories as f
from tests.conftest import connecter_staff
from tests.facturation import factories as ff
from tests.reinscription.factories import CampagneFactory

RECHERCHE = "/admin/famille/famille/recherche/"


def _client(user) -> Client:
    return connecter_staff(Client(), user)


def synthese(famille) -> str:
    return reverse("admin:famille_famille_synthese", args=[famille.pk])


@pytest.fixture
def dossier(famille, responsable1, responsable2, irina, hugo, annee, etablissement, staff):
    responsable1.tel_mobile = "06 12 34 56 78"
    responsable1.save()
    f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="FM 2C4 A"))
    ancienne = f.AnneeScolaireFactory(
        etablissement=etablissement,
        libelle="2020/2021",
        debut="2020-09-01",
        fin="2021-07-01",
        courante=False,
    )
    f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=ancienne, code="EVEIL 2020"))
    ff.facture(famille, eleve=irina, montant="84.00")
    DemandeModification.objects.create(
        etablissement=etablissement,
        famille_id=famille.pk,
        famille_libelle=str(famille),
        content_type=ContentType.objects.get_for_model(irina),
        object_id=irina.pk,
        valeurs={"prenom": {"avant": "Irina", "demande": "Irène"}},
    )
    DemandeReinscription.objects.create(
        campagne=CampagneFactory(etablissement=etablissement),
        eleve=hugo,
        etat=DemandeReinscription.Etat.EN_ATTENTE,
    )
    journaliser(famille, "famille.test", par=staff, note="appel du 3 mars")
    return famille


@pytest.mark.parametrize("texte", ["abarre", "1001", "JEREMIE@example.org", "0612345678"])
def test_a_family_is_found_by_name_number_email_or_phone(client_staff, dossier, texte):
    page = client_staff.get(RECHERCHE, {"q": texte}).content.decode()
    assert "1 famille trouvée" in page
    assert f'href="{synthese(dossier)}"' in page
    assert "Vue d’ensemble de la famille ABARRE" in page


def test_a_search_that_matches_nothing_says_so(client_staff, dossier):
    page = client_staff.get(RECHERCHE, {"q": "zzz"}).content.decode()
    assert "Aucune famille ne correspond." in page
    assert client_staff.get(RECHERCHE, {"q": "\x7f" * 300}).status_code == 200


def test_the_overview_shows_what_every_app_knows(client_staff, dossier, responsable1):
    page = client_staff.get(synthese(dossier)).content.decode()
    assert "Jérémie ABARRE" in page and "Sophie ABARRE" in page
    assert "compte abarre1, jamais connecté" in page
    assert "FM 2C4 A" in page
    assert "EVEIL 2020" not in page  # not this year's
    assert "La famille doit 84,00" in page
    assert "26FC00001" in page
    assert "Décider la demande sur une fiche élève" in page
    assert "Décider la réinscription de ABARRE Hugo" in page
    assert "appel du 3 mars" in page


def test_staff_of_another_school_see_nothing_of_it(staff_autre, dossier):
    client = _client(staff_autre)
    assert client.get(synthese(dossier)).status_code == 404
    page = client.get(RECHERCHE, {"q": "ABARRE"}).content.decode()
    assert "0 famille trouvée" in page and "Jérémie" not in page


def test_a_family_account_cannot_open_it(client_r1, dossier):
    assert client_r1.get(synthese(dossier)).status_code != 200


def test_bounded_queries_whatever_the_family(
    client_staff, dossier, annee, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        client_staff.get(synthese(dossier))
    for i in range(10):
        eleve = f.EleveFactory(famille=dossier, prenom=f"E{i}")
        f.InscriptionFactory(eleve=eleve, cours=f.CoursFactory(annee=annee, code=f"C{i}"))
        ff.facture(dossier, eleve=eleve, montant="10.00")
    with django_assert_max_num_queries(30):
        page = client_staff.get(synthese(dossier)).content.decode()
    assert "C9" in page
    with django_assert_max_num_queries(20):
        client_staff.get(RECHERCHE, {"q": "ABARRE"})


def test_the_index_offers_the_search(client_staff, dossier):
    page = client_staff.get("/admin/").content.decode()
    assert f'action="{RECHERCHE}"' in page


@pytest.mark.parametrize(
    ("nom", "tape"),
    [("LEFÈVRE", "lefevre"), ("HELENE", "Hélène"), ("CŒUR", "coeur"), ("D'ARÇON", "d'arcon")],
)
def test_a_search_ignores_accents_both_ways(client_staff, etablissement, nom, tape):
    famille = f.FamilleFactory(etablissement=etablissement, nom=nom)
    page = client_staff.get(RECHERCHE, {"q": tape}).content.decode()
    assert "1 famille trouvée" in page and f'href="{synthese(famille)}"' in page


@pytest.mark.parametrize("texte", ["(", "[a-", "\\", "a{2,}", ".*", "?"])
def test_a_search_with_regex_characters_is_read_literally(client_staff, dossier, texte):
    reponse = client_staff.get(RECHERCHE, {"q": texte})
    assert reponse.status_code == 200
    assert "Aucune famille ne correspond." in reponse.content.decode()
