"""First connection, the "Mot de passe" menu, password rules."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client

from tests import factories as f

URL = "/compte/mot-de-passe/"
NOUVEAU = "Partition2026"


@pytest.fixture
def nouveau_compte(famille):
    user = f.UtilisateurFactory(
        etablissement=famille.etablissement,
        identifiant="nouveau",
        password="Temporaire2026",
        doit_changer_mot_de_passe=True,
    )
    f.ResponsableFactory(famille=famille, utilisateur=user)
    return user


def test_first_connection_must_choose_a_password_before_anything_else(client, nouveau_compte):
    response = client.post(
        "/compte/connexion/",
        {
            "site": nouveau_compte.etablissement.code,
            "identifiant": "nouveau",
            "password": "Temporaire2026",
        },
    )
    assert response["Location"] == "/compte/premiere-connexion/"
    for page in ("/accueil/", URL):
        assert client.get(page)["Location"] == "/compte/premiere-connexion/"
    page = client.get("/compte/premiere-connexion/").content.decode()
    assert "Première connexion" in page
    assert "entre 8 et 64 caractères" in page

    response = client.post(
        "/compte/premiere-connexion/", {"new_password1": NOUVEAU, "new_password2": NOUVEAU}
    )
    assert response["Location"] == "/accueil/"
    assert client.get("/accueil/").status_code == 200
    nouveau_compte.refresh_from_db()
    assert not nouveau_compte.doit_changer_mot_de_passe
    assert nouveau_compte.check_password(NOUVEAU)


def test_first_connection_can_still_log_out(client, nouveau_compte):
    client.force_login(nouveau_compte, backend="comptes.backends.IdentifiantBackend")
    response = client.post("/compte/deconnexion/")
    assert response["Location"] == "/compte/connexion/"


def test_staff_created_accounts_must_choose_their_password(client_superuser, etablissement):
    response = client_superuser.post(
        "/admin/comptes/utilisateur/add/",
        {
            "etablissement": etablissement.pk,
            "identifiant": "martin1",
            "email": "martin@example.org",
            "usable_password": "true",
            "password1": "Provisoire2026",
            "password2": "Provisoire2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from comptes.models import Utilisateur

    assert Utilisateur.objects.get(identifiant="martin1").doit_changer_mot_de_passe


def test_the_rules_are_shown_before_typing(client_r1):
    page = client_r1.get(URL).content.decode()
    assert "Mot de passe actuel" in page
    assert "Saisir le nouveau mot de passe" in page
    assert "Ressaisir le nouveau mot de passe" in page
    assert "Votre mot de passe doit comporter entre 8 et 64 caractères." in page
    assert "au moins une lettre majuscule, une lettre minuscule et un chiffre" in page
    assert "couramment utilisé" in page
    assert 'aria-describedby="regles-mot-de-passe"' in page


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Court1", "entre 8 et 64 caractères"),
        ("A" * 30 + "b1" + "c" * 40, "entre 8 et 64 caractères"),
        ("sansmajuscule1", "au moins une lettre majuscule"),
        ("SANSMINUSCULE1", "au moins une lettre minuscule"),
        ("SansChiffre", "au moins un chiffre"),
        ("Password1", "trop courant"),
    ],
)
def test_each_rule_is_enforced_with_its_message(client_r1, password, message):
    response = client_r1.post(
        URL,
        {"old_password": f.MOT_DE_PASSE, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_64_character_passphrase_fits(client_r1, responsable1):
    phrase = "Une Longue Phrase De Passe Pour La Musique 2026 " + "x" * 16
    assert len(phrase) == 64
    response = client_r1.post(
        URL, {"old_password": f.MOT_DE_PASSE, "new_password1": phrase, "new_password2": phrase}
    )
    assert response.status_code == 302


def test_wrong_current_password_or_mismatch_are_explained(client_r1):
    page = client_r1.post(
        URL, {"old_password": "faux", "new_password1": NOUVEAU, "new_password2": NOUVEAU + "x"}
    ).content.decode()
    assert "Votre mot de passe actuel est incorrect." in page
    assert "Les deux mots de passe ne sont pas identiques." in page


def test_a_change_keeps_this_session_and_ends_the_others(responsable1, client_r1, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    autre_session = Client()
    autre_session.force_login(
        responsable1.utilisateur, backend="comptes.backends.IdentifiantBackend"
    )
    response = client_r1.post(
        URL, {"old_password": f.MOT_DE_PASSE, "new_password1": NOUVEAU, "new_password2": NOUVEAU}
    )
    assert response.status_code == 302
    assert "Votre mot de passe a été modifié." in client_r1.get(URL).content.decode()
    assert autre_session.get("/accueil/").status_code == 302
    responsable1.utilisateur.refresh_from_db()
    assert identify_hasher(responsable1.utilisateur.password).algorithm == "argon2"


def test_password_page_requires_login(client, etablissement):
    assert client.get(URL)["Location"].startswith("/compte/connexion/")
