"""Accounts in bulk: every selected guardian without one gets an identifiant by the
default rule (initial, name, digits; ASCII; unique on the site), from the admin action."""

import pytest

from comptes.identifiants import proposer_identifiant
from comptes.models import Utilisateur
from famille.models import Responsable
from imuse.models import Journal
from tests import factories as f

pytestmark = pytest.mark.django_db
LISTE = "/admin/famille/responsable/"


def test_rule_is_initial_name_digits_in_ascii_and_unique():
    pris = {"jabarre1"}
    assert proposer_identifiant("Jérémie", "ABARRE", pris) == "jabarre2"
    assert proposer_identifiant("Élodie", "N'GUYEN-LÊ", pris) == "enguyenle1"
    assert proposer_identifiant("Jules", "ABARRE", pris) == "jabarre3"
    assert {"jabarre2", "enguyenle1", "jabarre3"} <= pris


def _action(client, responsables):
    return client.post(
        LISTE,
        {"action": "creer_les_comptes", "_selected_action": [r.pk for r in responsables]},
        follow=True,
    )


def test_staff_create_the_accounts_of_the_selected_guardians(
    client_staff, staff, famille, responsable1, etablissement
):
    sans = f.ResponsableFactory(
        famille=famille,
        rang=2,
        prenom="Sophie",
        nom="ABARRE",
        utilisateur=None,
        email="sophie@example.org",
    )
    f.UtilisateurFactory(etablissement=etablissement, identifiant="sabarre1")
    page = _action(client_staff, [responsable1, sans]).content.decode()
    assert "1 comptes créés ; 1 responsables en avaient déjà un." in page
    sans.refresh_from_db()
    compte = sans.utilisateur
    assert compte.identifiant == "sabarre2" and compte.etablissement == etablissement
    assert not compte.has_usable_password() and compte.doit_changer_mot_de_passe
    assert compte.adresse_email == "sophie@example.org"
    ligne = Journal.objects.get(action="compte.creer")
    assert ligne.par == staff and ligne.donnees["identifiant"] == "sabarre2"
    # Twice changes nothing.
    _action(client_staff, [sans])
    assert Utilisateur.objects.filter(responsable=sans).count() == 1


def test_staff_of_another_school_create_nothing_here(staff_autre, famille):
    from tests.conftest import _client

    sans = f.ResponsableFactory(famille=famille, utilisateur=None, nom="LOIN")
    _action(_client(staff_autre), [sans])
    assert Responsable.objects.get(pk=sans.pk).utilisateur is None


def test_the_guardians_without_an_account_are_one_filter_away(client_staff, famille, responsable1):
    sans = f.ResponsableFactory(famille=famille, rang=2, prenom="Sophie", utilisateur=None)
    page = client_staff.get(LISTE + "?utilisateur__isempty=1").content.decode()
    assert f"/admin/famille/responsable/{sans.pk}/change/" in page
    assert f"/admin/famille/responsable/{responsable1.pk}/change/" not in page
