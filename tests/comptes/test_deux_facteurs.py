"""Staff two-step verification: no admin page before an authenticator app is enrolled
and one of its codes (or a backup code, once) typed in the session."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes.roles import COMPTABILITE, DIRECTION, SECRETARIAT
from imuse.models import Journal
from tests.conftest import code_de_secours, connecter_staff
from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


def _connexion(client, identifiant="gestion", site="valognes"):
    return client.post(
        "/compte/connexion/", {"site": site, "identifiant": identifiant, "password": MOT_DE_PASSE}
    )


def _code(appareil: TOTPDevice) -> str:
    return f"{totp(appareil.bin_key, appareil.step, appareil.t0, appareil.digits):06d}"


def test_unenrolled_staff_is_sent_to_enrolment_before_any_admin_page(client, staff):
    assert _connexion(client)["Location"] == "/admin/"
    for chemin in ("/admin/", "/admin/famille/famille/", "/admin/comptes/utilisateur/"):
        response = client.get(chemin)
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/deux-facteurs/activer/?next=")
    page = client.get("/compte/deux-facteurs/activer/?next=/admin/famille/famille/")
    html = page.content.decode()
    assert "Validation en deux étapes" in html
    assert "<svg" in html and 'role="img"' in html  # the QR code, named for screen readers
    assert '<label for="id_code">Code' in html


def test_enrolment_with_the_apps_code_opens_the_admin_and_shows_backup_codes_once(client, staff):
    _connexion(client)
    client.get("/compte/deux-facteurs/activer/")
    appareil = TOTPDevice.objects.get(user=staff, confirmed=False)
    # The key shown stays the same on a second visit (the phone has scanned it).
    client.get("/compte/deux-facteurs/activer/")
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    response = client.post(
        "/compte/deux-facteurs/activer/", {"code": _code(appareil), "next": "/admin/famille/"}
    )
    assert (
        response["Location"] == "/compte/deux-facteurs/codes-de-secours/?next=%2Fadmin%2Ffamille%2F"
    )
    page = client.get(response["Location"]).content.decode()
    codes = list(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in page for code in codes)
    # Shown once: a reload goes on to the admin without them.
    again = client.get("/compte/deux-facteurs/codes-de-secours/?next=/admin/famille/")
    assert again.status_code == 302 and again["Location"] == "/admin/famille/"
    assert client.get("/admin/famille/famille/").status_code == 200
    assert Journal.objects.filter(action="compte.deux_facteurs_activer", par=staff).exists()


def test_a_wrong_code_is_refused_in_french_next_to_the_field(client, staff):
    connecter_staff(Client(), staff)  # enrols an app
    _connexion(client)
    response = client.get("/admin/")
    assert response["Location"].startswith("/compte/deux-facteurs/verifier/")
    response = client.post("/compte/deux-facteurs/verifier/", {"code": "000000"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce code n&#x27;est pas valable" in html
    assert 'aria-invalid="true"' in html and 'value="000000"' in html
    assert client.get("/admin/").status_code == 302
    empty = client.post("/compte/deux-facteurs/verifier/", {"code": ""})
    assert "Veuillez saisir le code." in empty.content.decode()


def test_the_apps_code_opens_the_admin(client, staff, settings):
    appareil = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    _connexion(client)
    response = client.post(
        "/compte/deux-facteurs/verifier/", {"code": _code(appareil), "next": "/admin/famille/"}
    )
    assert response["Location"] == "/admin/famille/"
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once(client, staff):
    code = code_de_secours(staff)
    _connexion(client)
    response = client.post("/compte/deux-facteurs/verifier/", {"code": code.upper()})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post("/compte/deconnexion/")
    _connexion(client)
    response = client.post("/compte/deux-facteurs/verifier/", {"code": code})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302
    ligne = Journal.objects.get(action="compte.deux_facteurs_verifier")
    assert ligne.donnees["code_de_secours"] is True


def test_verified_staff_renew_their_backup_codes(client_staff, staff):
    ancien = code_de_secours(staff)
    response = client_staff.post("/compte/deux-facteurs/nouveaux-codes/")
    page = client_staff.get(response["Location"]).content.decode()
    nouveaux = list(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert ancien not in nouveaux and len(nouveaux) == 10
    assert all(code in page for code in nouveaux)


def test_family_accounts_are_unaffected(client_r1, responsable1):
    assert client_r1.get("/accueil/").status_code == 200
    assert client_r1.get("/compte/deux-facteurs/activer/")["Location"] == "/accueil/"
    # The admin still tells a family account plainly it is not for it.
    response = client_r1.get("/admin/", follow=True)
    assert response.status_code == 403


def test_a_staff_account_choosing_its_password_does_so_first(client, staff):
    staff.doit_changer_mot_de_passe = True
    staff.save()
    _connexion(client)
    assert client.get("/admin/")["Location"] == "/compte/premiere-connexion/"


def test_roles_are_groups_made_by_the_migration():
    secretariat = Group.objects.get(name=SECRETARIAT)
    comptabilite = Group.objects.get(name=COMPTABILITE)
    direction = Group.objects.get(name=DIRECTION)

    def codes(groupe):
        return set(groupe.permissions.values_list("content_type__app_label", "codename"))

    assert ("famille", "change_responsable") in codes(secretariat)
    assert ("facturation", "view_facture") in codes(secretariat)
    assert ("facturation", "change_facture") not in codes(secretariat)
    assert ("facturation", "add_reglement") in codes(comptabilite)
    assert ("famille", "change_famille") not in codes(comptabilite)
    assert ("reinscription", "delete_campagne") in codes(direction)
    assert ("comptes", "delete_utilisateur") not in codes(secretariat)


def test_office_role_opens_what_it_may(client, staff):
    staff.groups.set([Group.objects.get(name=SECRETARIAT)])
    connecter_staff(client, staff)
    assert client.get("/admin/famille/famille/").status_code == 200
    assert client.get("/admin/facturation/facture/").status_code == 200
    assert client.get("/admin/facturation/facture/add/").status_code == 403
