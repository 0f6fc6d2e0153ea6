"""What a login and a visit cost: OWASP's Argon2 parameters (older hashes upgraded at the
next login), the lookup by the indexed identifiant, the session written at most once a
minute for the idle timeout."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptes.models import Utilisateur
from imuse import session as session_mod
from tests import factories as f

URL = "/compte/connexion/"
OWASP = "comptes.hashers.Argon2Hasher"


def _poster(client):
    return client.post(
        URL, {"site": "valognes", "identifiant": "ABarre1", "password": f.MOT_DE_PASSE}
    )


def test_production_hashes_with_owasp_parameters():
    # The tests swap the hasher list for a fast one: read the settings module itself.
    from comptes.hashers import Argon2Hasher
    from imuse import settings as production

    assert production.PASSWORD_HASHERS[0] == OWASP
    params = Argon2Hasher().params()
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19456, 2, 1)
    assert Argon2Hasher.algorithm == "argon2"


def test_a_hash_with_django_defaults_is_upgraded_at_login(client, responsable1, settings):
    settings.PASSWORD_HASHERS = [OWASP]
    user = responsable1.utilisateur
    ancien = make_password(f.MOT_DE_PASSE, hasher=Argon2PasswordHasher())
    assert "m=102400,t=2,p=8" in ancien
    Utilisateur.objects.filter(pk=user.pk).update(password=ancien)
    assert _poster(client).status_code == 302
    user.refresh_from_db()
    assert "$m=19456,t=2,p=1$" in user.password
    # The upgraded hash still opens the account.
    client.post("/compte/deconnexion/")
    assert _poster(client).status_code == 302


def test_the_login_looks_the_account_up_by_its_indexed_identifiant(client, responsable1):
    index = {i.name: i.fields for i in Utilisateur._meta.indexes}
    assert index["comptes_identifiant_idx"] == ["identifiant"]
    with CaptureQueriesContext(connection) as requetes:
        _poster(client)
    recherche = [q["sql"] for q in requetes if 'FROM "comptes_utilisateur"' in q["sql"]][0]
    assert '"comptes_utilisateur"."identifiant" = ' in recherche
    assert "UPPER" not in recherche and "LIKE" not in recherche


def _ecritures(client, chemin="/accueil/"):
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(chemin).status_code == 200
    return [q["sql"] for q in requetes if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def test_the_session_is_written_at_most_once_a_minute(client, responsable1, monkeypatch):
    _poster(client)
    cle = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.get("/accueil/")  # the first page stamps the visit (a write)
    avant = Session.objects.get(session_key=cle).expire_date
    assert _ecritures(client) == []
    assert _ecritures(client, "/famille/") == []
    assert Session.objects.get(session_key=cle).expire_date == avant
    # A minute later, the next request pushes the expiry 30 minutes ahead again.
    reel = session_mod.time.time
    monkeypatch.setattr(session_mod.time, "time", lambda: reel() + 61)
    assert len(_ecritures(client)) == 1
    expiry = Session.objects.get(session_key=cle).expire_date
    assert expiry >= avant
    assert timedelta(minutes=29) < expiry - timezone.now() <= timedelta(minutes=30)


def test_an_anonymous_visit_creates_no_session(client, etablissement):
    client.get(URL)
    assert Session.objects.count() == 0
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_the_login_page_reads_the_schools_once(
    client, etablissement, autre_etablissement, django_assert_max_num_queries
):
    # Two schools: a select of both, from one query (Django's iterator ran it again,
    # through a server-side cursor, each time the widget listed its options).
    with django_assert_max_num_queries(1):
        page = client.get(URL)
    html = page.content.decode()
    for ecole in (etablissement, autre_etablissement):
        assert f'<option value="{ecole.code}"' in html
        assert ecole.nom in html
    # And the chosen school is still checked against the database.
    reponse = client.post(URL, {"site": "nulle-part", "identifiant": "x", "password": "y"})
    assert reponse.status_code == 400
    assert "site" in reponse.context["form"].errors
