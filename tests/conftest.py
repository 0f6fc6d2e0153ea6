"""The cast every test shares.

- `etablissement` (Valognes) with its current year, and `autre_etablissement` (Cherbourg);
- `famille`: the ABARRE family, `responsable1` (login abarre1) and `responsable2`
  (abarre2), pupils `irina` and `hugo`;
- `autre_famille`: an unrelated family of the same site with its pupil `autre_eleve`;
- `staff` (limited to Valognes), `staff_autre` (Cherbourg), `superuser`.
Clients: `client_r1`, `client_r2`, `client_autre`, `client_staff`, `client_superuser` are
logged in; staff clients have passed two-step verification (`connecter_staff(client, user)`
does it for any staff account: `from tests.conftest import connecter_staff`).
"""

import pytest
from django.test import Client

from tests import factories as f

BACKEND = "comptes.backends.IdentifiantBackend"


@pytest.fixture(autouse=True)
def _rapide_et_prive(settings, tmp_path):
    # Argon2 is for production; tests hash with a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.LANGUAGE_CODE = "fr"


def page_et_requetes(client, url: str, debut_sql: str) -> tuple[str, list[str]]:
    """A page's text (it must answer 200) and the SQL of its queries starting `debut_sql`
    ('SELECT "imuse_anneescolaire"'): what a page asks of one table by itself."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200
    return reponse.content.decode(), [q["sql"] for q in requetes if q["sql"].startswith(debut_sql)]


@pytest.fixture
def demo_sans_pdf(monkeypatch):
    """The demo's invoices and receipts queue their PDFs; the tests run tasks at once, so
    the demo would render ~160 of them (10 s). Tests of something else leave them to be
    rendered when opened (tests/imuse/test_demo.py renders them all once)."""
    from facturation import documents

    class _SansRendu:
        @staticmethod
        def enqueue(cles):
            return None

    monkeypatch.setattr(documents, "rendre_documents", _SansRendu)


@pytest.fixture
def etablissement(db):
    return f.EtablissementFactory(code="valognes", nom="École municipale de musique de Valognes")


@pytest.fixture
def autre_etablissement(db):
    return f.EtablissementFactory(code="cherbourg", nom="Conservatoire de Cherbourg-en-Cotentin")


@pytest.fixture
def annee(etablissement):
    return f.AnneeScolaireFactory(etablissement=etablissement)


@pytest.fixture
def famille(etablissement):
    return f.FamilleFactory(etablissement=etablissement, nom="ABARRE", numero=1001)


@pytest.fixture
def responsable1(famille):
    user = f.UtilisateurFactory(
        etablissement=famille.etablissement, identifiant="abarre1", email="jeremie@example.org"
    )
    return f.ResponsableFactory(
        famille=famille,
        rang=1,
        utilisateur=user,
        prenom="Jérémie",
        nom="ABARRE",
        email="jeremie@example.org",
    )


@pytest.fixture
def responsable2(famille):
    user = f.UtilisateurFactory(
        etablissement=famille.etablissement, identifiant="abarre2", email="sophie@example.org"
    )
    return f.ResponsableFactory(
        famille=famille,
        rang=2,
        utilisateur=user,
        prenom="Sophie",
        nom="ABARRE",
        civilite="MME",
        email="sophie@example.org",
    )


@pytest.fixture
def irina(famille):
    return f.EleveFactory(famille=famille, prenom="Irina", nom="ABARRE")


@pytest.fixture
def hugo(famille):
    return f.EleveFactory(famille=famille, prenom="Hugo", nom="ABARRE", civilite="M")


@pytest.fixture
def autre_famille(etablissement):
    return f.FamilleFactory(etablissement=etablissement, nom="TORRE", numero=2001)


@pytest.fixture
def autre_responsable(autre_famille):
    user = f.UtilisateurFactory(etablissement=autre_famille.etablissement, identifiant="torre1")
    # A fixed first name: tests check that family ABARRE's "Sophie" never shows to TORRE.
    return f.ResponsableFactory(
        famille=autre_famille, utilisateur=user, nom="TORRE", prenom="Lucia"
    )


@pytest.fixture
def autre_eleve(autre_famille):
    return f.EleveFactory(famille=autre_famille, prenom="Amélia", nom="TORRE")


@pytest.fixture
def staff(etablissement):
    from comptes.roles import DIRECTION, groupe

    user = f.StaffFactory(etablissement=etablissement, identifiant="gestion")
    user.groups.add(groupe(DIRECTION))
    return user


@pytest.fixture
def staff_autre(autre_etablissement):
    from comptes.roles import DIRECTION, groupe

    user = f.StaffFactory(etablissement=autre_etablissement, identifiant="gestion")
    user.groups.add(groupe(DIRECTION))
    return user


@pytest.fixture
def superuser(db):
    return f.StaffFactory(etablissement=None, identifiant="admin", is_superuser=True)


def _client(user) -> Client:
    """A client logged in as `user`; a staff account has passed two-step verification."""
    client = Client()
    if user.is_staff:
        return connecter_staff(client, user)
    client.force_login(user, backend=BACKEND)
    return client


def appareil_staff(user):
    """The staff account's authenticator app (enrolled if it had none)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    appareil = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return appareil or TOTPDevice.objects.create(user=user, name="Tests", confirmed=True)


def code_de_secours(user) -> str:
    """A fresh backup code of the staff account (its app enrolled if it had none)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    appareil_staff(user)
    secours, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Secours"})
    code = StaticToken.random_token()
    StaticToken.objects.create(device=secours, token=code)
    return code


def connecter_staff(client: Client, user) -> Client:
    """Log a staff account in and mark the session as having passed two-step
    verification, as comptes:deux_facteurs_verifier does (the admin opens)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user, backend=BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil_staff(user).persistent_id
    session.save()
    return client


@pytest.fixture
def client_r1(responsable1):
    return _client(responsable1.utilisateur)


@pytest.fixture
def client_r2(responsable2):
    return _client(responsable2.utilisateur)


@pytest.fixture
def client_autre(autre_responsable):
    return _client(autre_responsable.utilisateur)


@pytest.fixture
def client_staff(staff):
    return connecter_staff(Client(), staff)


@pytest.fixture
def client_superuser(superuser):
    return connecter_staff(Client(), superuser)
