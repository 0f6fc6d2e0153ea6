"""The layout's header and footer rendered once per site, language and mode
(imuse/fragments.py): the same HTML as a plain rendering, never another family's."""

import re

import pytest
from django.test import Client

from imuse import fragments

pytestmark = pytest.mark.django_db

JETON = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(client, chemin: str) -> str:
    reponse = client.get(chemin)
    assert reponse.status_code == 200
    return JETON.sub('name="csrfmiddlewaretoken" value="X"', reponse.content.decode())


@pytest.mark.parametrize(
    "chemin",
    [
        "/accueil/",
        "/famille/",
        "/eleves/{eleve}/cours/",
        "/accessibilite/",
        "/facturation/",
        "/accueil/?a=<b>&c",
    ],
)
@pytest.mark.parametrize("langue", ["fr", "en"])
@pytest.mark.parametrize("mode", [False, True])
def test_the_same_html_as_a_plain_rendering(client_r1, settings, irina, chemin, langue, mode):
    client_r1.cookies[settings.LANGUAGE_COOKIE_NAME] = langue
    if mode:
        client_r1.post("/accessibilite/mode/", {"actif": "1", "next": "/accueil/"})
        client_r1.get("/accueil/")  # shows the "mode on" message once
    chemin = chemin.format(eleve=irina.pk)
    fragments._memo.clear()
    settings.FRAGMENTS_FIGES = False
    attendu = _page(client_r1, chemin)
    settings.FRAGMENTS_FIGES = True
    assert _page(client_r1, chemin) == attendu  # rendered then stored
    assert _page(client_r1, chemin) == attendu  # from the store
    assert ("mode-accessible" in attendu) is mode


def test_public_pages_keep_their_forms(client, etablissement):
    page = client.get("/accessibilite/?x=1").content.decode()
    assert 'name="next" value="/accessibilite/?x=1"' in page
    assert "Langue" in page


def test_each_family_sees_its_own_name_and_token(responsable1, autre_responsable):
    fragments._memo.clear()
    clients = []
    for responsable in (responsable1, autre_responsable, responsable1):
        c = Client(enforce_csrf_checks=True)
        c.force_login(responsable.utilisateur, backend="comptes.backends.IdentifiantBackend")
        page = c.get("/accueil/").content.decode()
        assert responsable.nom_complet in page
        autre = autre_responsable if responsable == responsable1 else responsable1
        assert autre.nom_complet not in page
        clients.append((c, page))
    assert len(fragments._memo) >= 1  # the same header, stored once, served to both
    # The token put in the stored header is the client's own: its logout form works.
    for c, page in clients[:2]:
        jeton = re.search(
            r'action="/compte/deconnexion/"[^>]*><input type="hidden" '
            r'name="csrfmiddlewaretoken" value="([^"]+)"',
            page,
        ).group(1)
        assert c.post("/compte/deconnexion/", {"csrfmiddlewaretoken": jeton}).status_code == 302


def test_the_current_path_is_escaped(client_r1):
    page = client_r1.get('/accueil/?q="><script>').content.decode()
    assert "<script>" not in page.split("<main")[0]
    assert fragments.SUIVANT not in page and fragments.NOM not in page
