"""Accounts of adult pupils in bulk (eleves/majeurs.py), from the pupils list: the adult
pupil who is their family's guardian, or its only pupil, gets an account on their own
e-mail, is invited like the guardians, and logs in to their own file."""

from datetime import date

import pytest
from django.core import mail

from comptes.services import invitation_envoyer
from eleves.majeurs import comptes_eleves_majeurs_creer
from famille.models import Responsable
from imuse.models import Journal
from tests import factories as f
from tests.comptes.test_invitations import _lien, _premiere_connexion
from tests.conftest import _client

pytestmark = pytest.mark.django_db
LISTE = "/admin/eleves/eleve/"
AUJOURDHUI = date(2026, 12, 2)


def _action(client, eleves):
    return client.post(
        LISTE,
        {"action": "creer_comptes_majeurs", "_selected_action": [e.pk for e in eleves]},
        follow=True,
    )


@pytest.fixture
def martin(etablissement):
    """Claire MARTIN, adult pupil, alone in her family, her own guardian without account
    nor e-mail on the guardian's file; her pupil file has her address."""
    famille = f.FamilleFactory(etablissement=etablissement, nom="MARTIN", numero=1002)
    f.ResponsableFactory(
        famille=famille, rang=1, nom="MARTIN", prenom="Claire", utilisateur=None, email=""
    )
    return f.EleveFactory(
        famille=famille,
        nom="Martin",
        prenom="Claire",
        date_naissance=date(1986, 4, 9),
        email="claire.martin@example.org",
    )


def test_the_adult_pupil_who_is_the_guardian_gets_an_account_on_her_e_mail(
    client, client_staff, staff, martin, irina, django_capture_on_commit_callbacks
):
    page = _action(client_staff, [martin, irina]).content.decode()
    assert "1 comptes créés ; 0 élèves majeurs en avaient déjà un ; 1 élèves ne sont pas" in page
    responsable = Responsable.objects.get(famille=martin.famille)
    compte = responsable.utilisateur
    assert compte.identifiant == "cmartin1" and compte.email == "claire.martin@example.org"
    assert responsable.email == "claire.martin@example.org"
    assert Journal.objects.filter(action="compte.creer", par=staff).count() == 1
    assert Journal.objects.get(action="responsable.modifier").donnees["champs"] == ["email"]
    # Invited like every guardian; she chooses her password and sees her own file.
    with django_capture_on_commit_callbacks(execute=True):
        invitation_envoyer(utilisateur=compte, par=staff)
    assert mail.outbox[-1].to == ["claire.martin@example.org"]
    assert _premiere_connexion(client, _lien(mail.outbox[-1]))["Location"] == "/accueil/"
    assert "Claire" in client.get(f"/eleves/{martin.pk}/identite/").content.decode()
    assert client.get(f"/eleves/{irina.pk}/identite/").status_code == 404
    # Twice creates nothing.
    assert "0 comptes créés ; 1 élèves majeurs en avaient déjà un" in (
        _action(client_staff, [martin]).content.decode()
    )


def test_an_adult_only_pupil_of_a_family_becomes_its_second_guardian(staff, etablissement):
    famille = f.FamilleFactory(etablissement=etablissement, nom="LEROUX", numero=1010)
    mere = f.ResponsableFactory(famille=famille, rang=1, prenom="Anne", nom="LEROUX")
    etudiant = f.EleveFactory(
        famille=famille,
        civilite="M",
        prenom="Paul",
        date_naissance=date(2005, 1, 1),
        email="paul@example.org",
        utiliser_coordonnees_responsable=True,
    )
    rapport = comptes_eleves_majeurs_creer(eleves=[etudiant], par=staff, aujourdhui=AUJOURDHUI)
    (paul,) = rapport.crees
    assert (paul.rang, paul.prenom, paul.email, paul.ville) == (
        2,
        "Paul",
        "paul@example.org",
        mere.ville,
    )
    assert paul.utilisateur.identifiant == "pleroux1"
    assert Journal.objects.filter(action="responsable.creer", object_id=paul.pk).exists()


def test_what_cannot_be_done_is_said_and_nothing_is_created(
    client_staff, famille, responsable1, irina, etablissement
):
    frere = f.EleveFactory(
        famille=famille, prenom="Louis", date_naissance=date(2000, 5, 5), email="l@example.org"
    )
    sans = f.EleveFactory(
        famille=f.FamilleFactory(etablissement=etablissement, numero=1020),
        date_naissance=date(2000, 5, 5),
    )
    page = _action(client_staff, [frere, sans]).content.decode()
    assert "la famille 1001 a d’autres élèves ou deux autres responsables" in page
    assert "aucune adresse e-mail sur la fiche de l’élève" in page
    assert not Journal.objects.filter(action="compte.creer").exists()


def test_the_filter_of_adults_and_staff_of_another_school(staff_autre, martin, irina):
    client = _client(staff_autre)
    assert client.get(LISTE + "?majeur=oui").status_code == 200
    _action(client, [martin])
    assert Responsable.objects.get(famille=martin.famille).utilisateur is None


def test_the_filter_lists_adult_pupils(client_staff, martin, irina):
    page = client_staff.get(LISTE + "?majeur=oui").content.decode()
    assert "Claire" in page and irina.prenom not in page
