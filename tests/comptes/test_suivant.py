"""`next`: only local paths are followed, everywhere it is read; anything else goes to
Accueil. A family account opening the admin gets a plain page, not a redirect loop."""

import pytest

from tests import factories as f

MAUVAIS = [
    "accueil",
    "foo",
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "/accueil/\x00",
    "/a\r\nSet-Cookie: x=1",
    "é" * 50,
    "x" * 5000,
]


def _connexion(client, suivant):
    return client.post(
        f"/compte/connexion/?next={suivant}" if suivant.isascii() else "/compte/connexion/",
        {"site": "valognes", "identifiant": "abarre1", "password": f.MOT_DE_PASSE, "next": suivant},
    )


@pytest.mark.parametrize("suivant", MAUVAIS)
def test_login_goes_to_accueil_unless_next_is_a_local_path(client, responsable1, suivant):
    response = _connexion(client, suivant)
    if "\x00" in suivant:
        assert response.status_code == 400  # imuse.middleware: NUL bytes stop at the door
        return
    assert response.status_code == 302
    assert response["Location"] == "/accueil/"


def test_login_follows_a_local_path(client, responsable1):
    assert _connexion(client, "/facturation/")["Location"] == "/facturation/"


@pytest.mark.parametrize("suivant", MAUVAIS)
def test_accessible_mode_switch_goes_to_accueil_unless_local(client_r1, suivant):
    response = client_r1.post("/accessibilite/mode/", {"actif": "1", "next": suivant})
    if "\x00" in suivant:
        assert response.status_code == 400  # imuse.middleware: NUL bytes stop at the door
        return
    assert response.status_code == 302
    assert response["Location"] == "/accueil/"


def test_accessible_mode_switch_follows_a_local_path(client_r1):
    response = client_r1.post("/accessibilite/mode/", {"actif": "1", "next": "/famille/"})
    assert response["Location"] == "/famille/"


@pytest.mark.parametrize("url", ["/admin/", "/admin/comptes/utilisateur/", "/admin/login/"])
def test_a_family_account_opening_the_admin_gets_a_clear_page(client_r1, url):
    response = client_r1.get(url, follow=True)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Réservé au personnel de l’école" in page
    assert 'href="/accueil/"' in page
    assert len(response.redirect_chain) <= 1


def test_anonymous_admin_visitor_is_sent_to_the_login_page(client, etablissement):
    response = client.get("/admin/comptes/utilisateur/")
    response = client.get(response["Location"])
    assert response["Location"] == "/compte/connexion/?next=%2Fadmin%2Fcomptes%2Futilisateur%2F"


def test_staff_still_reach_the_admin(client_staff):
    assert client_staff.get("/admin/").status_code == 200
