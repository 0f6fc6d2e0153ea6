"""The cast every test shares.

- `etablissement` (Valognes) with its current year, and `autre_etablissement` (Cherbourg);
- `famille`: the ABARRE family, `responsable1` (login abarre1) and `responsable2`
  (abarre2), pupils `irina` and `hugo`;
- `autre_famille`: an unrelated family of the same site with its pupil `autre_eleve`;
- `staff` (limited to Valognes), `staff_autre` (Cherbourg), `superuser`.
Clients: `client_r1`, `client_r2`, `client_autre`, `client_staff` are logged in.
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
    return f.ResponsableFactory(famille=autre_famille, utilisateur=user, nom="TORRE")


@pytest.fixture
def autre_eleve(autre_famille):
    return f.EleveFactory(famille=autre_famille, prenom="Amélia", nom="TORRE")


@pytest.fixture
def staff(etablissement):
    from comptes.demo import groupe_gestion

    user = f.StaffFactory(etablissement=etablissement, identifiant="gestion")
    user.groups.add(groupe_gestion())
    return user


@pytest.fixture
def staff_autre(autre_etablissement):
    from comptes.demo import groupe_gestion

    user = f.StaffFactory(etablissement=autre_etablissement, identifiant="gestion")
    user.groups.add(groupe_gestion())
    return user


@pytest.fixture
def superuser(db):
    return f.StaffFactory(etablissement=None, identifiant="admin", is_superuser=True)


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
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
    return _client(staff)


@pytest.fixture
def client_superuser(superuser):
    return _client(superuser)
