"""The portal frame: greeting, menu, skip link, footer, security headers, Accueil."""

from django.urls import reverse

from imuse.menu import MENU
from tests import factories as f


def test_accueil_greets_and_lists_the_familys_pupils(client_r1, irina, hugo, autre_eleve):
    page = client_r1.get("/accueil/").content.decode()
    assert "Bonjour Monsieur ABARRE Jérémie" in page
    assert "École municipale de musique de Valognes" in page
    assert "ABARRE Irina" in page
    assert "ABARRE Hugo" in page
    assert "TORRE" not in page


def test_second_guardian_is_greeted_by_name(client_r2, responsable2):
    assert "Bonjour Madame ABARRE Sophie" in client_r2.get("/accueil/").content.decode()


def test_menu_marks_the_current_entry_and_has_no_dead_link(client_r1):
    page = client_r1.get("/accueil/").content.decode()
    assert 'href="/accueil/" aria-current="page">Accueil</a>' in page
    for nom, _libelle, _espace in MENU:
        assert f'href="{reverse(nom)}"' in page
    # No access key: every combination clashes with a browser, keyboard or screen reader.
    assert "accesskey" not in page
    # Logout is a POST button.
    assert 'action="/compte/deconnexion/"' in page


def test_every_page_has_a_skip_link_and_the_accessibility_mention(client_r1):
    page = client_r1.get("/accueil/").content.decode()
    assert '<a class="lien-evitement" href="#contenu">' in page
    assert 'id="contenu"' in page
    assert "Accessibilité : non conforme au RGAA 4.1" in page
    assert '<html lang="fr"' in page


def test_pages_carry_a_strict_content_security_policy(client_r1):
    response = client_r1.get("/accueil/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()
    assert "style=" not in response.content.decode()


def test_accueil_runs_a_bounded_number_of_queries(
    client_r1, famille, django_assert_max_num_queries
):
    for _ in range(6):
        f.EleveFactory(famille=famille)
    # The first page of a visit stamps it (preferences, journal); "What's new" reads
    # documents, evaluations, cancellations, invoices and payments.
    with django_assert_max_num_queries(26):
        assert client_r1.get("/accueil/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client_r1.get("/accueil/").status_code == 200


def test_the_school_logo_is_served_from_private_storage(client, etablissement):
    from django.core.files.base import ContentFile

    assert client.get(f"/etablissement/{etablissement.code}/logo/").status_code == 404
    etablissement.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"))
    response = client.get(f"/etablissement/{etablissement.code}/logo/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    response.close()


def test_root_sends_to_login_or_accueil(client_r1):
    from django.test import Client

    client = Client()
    assert client.get("/")["Location"] == "/compte/connexion/"
    assert client_r1.get("/")["Location"] == "/accueil/"


def _requetes(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


def test_accueil_queries_do_not_grow_with_pupils_or_requests(client_r1, responsable1, irina):
    from imuse.services import demande_soumettre

    demande_soumettre(objet=irina, valeurs={"lieu_naissance": "Caen"}, par=None)
    client_r1.get("/accueil/")  # the first page of the visit stamps it
    une = _requetes(client_r1, "/accueil/")
    for n in range(6):
        eleve = f.EleveFactory(famille=responsable1.famille)
        demande_soumettre(objet=eleve, valeurs={"lieu_naissance": f"Ville {n}"}, par=None)
    html = client_r1.get("/accueil/").content.decode()
    assert html.count("en attente de validation") == 7
    # 17: one of them is the instalments and reminders notice (facturation/accueil_echeances).
    assert _requetes(client_r1, "/accueil/") == une <= 17


def test_the_pupil_picker_and_password_pages_run_few_queries(client_r1, famille, irina, hugo):
    une = _requetes(client_r1, "/eleves/")
    for _ in range(8):
        f.EleveFactory(famille=famille)
    assert _requetes(client_r1, "/eleves/") == une <= 8
    assert _requetes(client_r1, "/compte/mot-de-passe/") <= 8


def test_the_layout_built_once_follows_the_page_the_language_and_the_site(
    client_r1, autre_etablissement
):
    """imuse/menu.py `coquille`: the menu and links are kept per key, never another's."""
    from django.test import Client

    famille = f.FamilleFactory(etablissement=autre_etablissement, nom="LEROUX")
    compte = f.UtilisateurFactory(etablissement=autre_etablissement, identifiant="leroux")
    f.ResponsableFactory(famille=famille, utilisateur=compte)
    autre_client = Client()
    autre_client.force_login(compte, backend="comptes.backends.IdentifiantBackend")
    for _tour in range(2):
        accueil = client_r1.get("/accueil/").content.decode()
        page_famille = client_r1.get("/famille/").content.decode()
        assert 'href="/accueil/" aria-current="page">Accueil</a>' in accueil
        assert 'href="/famille/" aria-current="page">Famille</a>' in page_famille
        assert 'href="/accueil/" aria-current="page"' not in page_famille
        assert 'href="/confidentialite/valognes/"' in accueil
        autre = autre_client.get("/accueil/").content.decode()
        assert 'href="/confidentialite/cherbourg/"' in autre
        assert "valognes" not in autre
    client_r1.post("/i18n/setlang/", {"language": "en", "next": "/accueil/"})
    anglais = client_r1.get("/accueil/").content.decode()
    assert 'href="/accueil/" aria-current="page">Home</a>' in anglais
