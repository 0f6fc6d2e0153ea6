"""Login page, generic errors, staff redirection, site choice, logout, idle timeout."""

import pytest
from django.conf import settings

from tests import factories as f

URL = "/compte/connexion/"


def _poster(client, identifiant="abarre1", password=f.MOT_DE_PASSE, site="valognes", **extra):
    return client.post(
        URL, {"site": site, "identifiant": identifiant, "password": password}, **extra
    )


def test_login_page_shows_the_manual_fields(client, etablissement):
    page = client.get(URL).content.decode()
    assert "Identifiant" in page
    assert "Mot de passe" in page
    assert "Se connecter" in page
    assert "Mot de passe perdu" in page
    # One Etablissement: the site choice is hidden.
    assert 'type="hidden" name="site" value="valognes"' in page


def test_the_site_is_a_select_when_there_are_several(client, etablissement, autre_etablissement):
    page = client.get(URL).content.decode()
    assert '<select name="site"' in page
    assert "Conservatoire de Cherbourg-en-Cotentin" in page


def test_family_logs_in_and_lands_on_accueil(client, responsable1):
    response = _poster(client)
    assert response.status_code == 302
    assert response["Location"] == "/accueil/"
    assert "Bonjour Monsieur ABARRE Jérémie" in client.get("/accueil/").content.decode()


def test_login_is_case_insensitive_on_the_identifiant(client, responsable1):
    assert _poster(client, identifiant="ABARRE1").status_code == 302


@pytest.mark.parametrize(
    ("identifiant", "password"), [("abarre1", "Mauvais2026"), ("inconnu", f.MOT_DE_PASSE)]
)
def test_wrong_identifiant_or_password_gets_one_generic_message(
    client, responsable1, identifiant, password
):
    response = _poster(client, identifiant=identifiant, password=password)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Identifiant ou mot de passe incorrect." in page
    # What was typed stays, except the password.
    assert f'value="{identifiant}"' in page
    assert password not in page


def test_empty_fields_are_named(client, etablissement):
    page = _poster(client, identifiant="", password="").content.decode()
    assert "Veuillez saisir votre identifiant." in page
    assert "Veuillez saisir votre mot de passe." in page


def test_identifiants_are_unique_per_site_only(client, etablissement, autre_etablissement):
    famille_a = f.FamilleFactory(etablissement=etablissement)
    famille_b = f.FamilleFactory(etablissement=autre_etablissement)
    user_a = f.UtilisateurFactory(etablissement=etablissement, identifiant="dupont")
    user_b = f.UtilisateurFactory(
        etablissement=autre_etablissement, identifiant="dupont", password="Autre2026"
    )
    f.ResponsableFactory(famille=famille_a, utilisateur=user_a, nom="DUPONT", prenom="Anne")
    f.ResponsableFactory(famille=famille_b, utilisateur=user_b, nom="DUPONT", prenom="Marc")

    assert _poster(client, identifiant="dupont", site="cherbourg").status_code == 400
    assert (
        _poster(client, identifiant="dupont", password="Autre2026", site="cherbourg").status_code
        == 302
    )
    assert "Marc" in client.get("/accueil/").content.decode()


def test_a_site_must_be_chosen_when_there_are_several(client, etablissement, autre_etablissement):
    page = _poster(client, site="").content.decode()
    assert "Veuillez choisir votre site." in page


def test_staff_are_sent_to_the_admin(client, staff):
    response = _poster(client, identifiant="gestion")
    assert response["Location"] == "/admin/"


def test_staff_opening_the_portal_is_sent_to_the_admin(client_staff):
    response = client_staff.get("/accueil/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_global_superuser_logs_in_from_any_site(client, superuser, etablissement):
    assert _poster(client, identifiant="admin").status_code == 302


def test_the_admin_login_page_is_the_portal_login(client, etablissement):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_next_parameter_is_followed_only_on_this_site(client, responsable1):
    response = client.post(
        URL + "?next=/compte/mot-de-passe/",
        {"site": "valognes", "identifiant": "abarre1", "password": f.MOT_DE_PASSE},
    )
    assert response["Location"] == "/compte/mot-de-passe/"
    client.logout()
    response = client.post(
        URL + "?next=https://evil.example/",
        {"site": "valognes", "identifiant": "abarre1", "password": f.MOT_DE_PASSE},
    )
    assert response["Location"] == "/accueil/"


def test_anonymous_visitors_are_sent_to_the_login(client, etablissement):
    response = client.get("/accueil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=/accueil/")


def test_inactive_accounts_cannot_log_in(client, responsable1):
    responsable1.utilisateur.is_active = False
    responsable1.utilisateur.save()
    assert _poster(client).status_code == 400


def test_logout_is_a_post_and_returns_to_login_with_a_message(client_r1):
    assert client_r1.get("/compte/deconnexion/").status_code == 405
    response = client_r1.post("/compte/deconnexion/", follow=True)
    assert response.redirect_chain[-1][0] == "/compte/connexion/"
    assert "Vous êtes déconnecté" in response.content.decode()
    assert client_r1.get("/accueil/").status_code == 302


def test_sessions_end_after_30_idle_minutes(client, responsable1):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    _poster(client)
    cle = client.cookies[settings.SESSION_COOKIE_NAME].value
    # Every request pushes the expiry 30 minutes ahead.
    client.get("/accueil/")
    expiry = Session.objects.get(session_key=cle).expire_date
    assert timedelta(minutes=29) < expiry - timezone.now() <= timedelta(minutes=30)
    # 31 idle minutes later, the session is over.
    Session.objects.filter(session_key=cle).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    response = client.get("/accueil/")
    assert response["Location"].startswith("/compte/connexion/")


def test_an_account_without_a_family_is_told_so(client, etablissement):
    user = f.UtilisateurFactory(etablissement=etablissement, identifiant="orphelin")
    client.force_login(user, backend="comptes.backends.IdentifiantBackend")
    response = client.get("/accueil/")
    assert response.status_code == 403
    assert "n'est rattaché à aucun dossier famille" in response.content.decode()


def test_the_site_of_the_last_login_is_preselected(
    client, responsable1, etablissement, autre_etablissement
):
    assert _poster(client, site=etablissement.code).status_code == 302
    assert client.cookies["imuse_site"].value == etablissement.code
    assert client.cookies["imuse_site"]["httponly"]
    client.post("/compte/deconnexion/")
    for url in (URL, "/compte/mot-de-passe-perdu/"):
        page = client.get(url).content.decode()
        assert f'<option value="{etablissement.code}" selected>' in page, url


def test_a_remembered_site_never_overrides_the_only_one(client, etablissement):
    client.cookies["imuse_site"] = "ancien-site"
    page = client.get(URL).content.decode()
    assert f'type="hidden" name="site" value="{etablissement.code}"' in page
