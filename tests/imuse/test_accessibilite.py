"""The Accessibilité menu: accessible mode switch, keyboard help and its PDF, site map,
help, accessibility statement, language switch; logged in and logged out."""

import html
import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from tests import factories as f

# A portal page of the comptes app (stable while other apps are being built).
PAGE_PORTAIL = "/compte/mot-de-passe/"

PAGES = [
    ("/accessibilite/", "Accessibilité"),
    ("/accessibilite/plan/", "Plan du site"),
    ("/accessibilite/aide/", "Aide : utiliser le portail"),
    ("/accessibilite/declaration/", "Déclaration d'accessibilité"),
]


def _mode_accessible(page: str) -> bool:
    return '<html lang="fr" class="mode-accessible">' in page


def _connecter(client, identifiant: str):
    client.post(
        "/compte/connexion/",
        {"site": "valognes", "identifiant": identifiant, "password": f.MOT_DE_PASSE},
    )


def _basculer(client, actif: bool, suivant: str):
    return client.post("/accessibilite/mode/", {"actif": "1" if actif else "0", "next": suivant})


@pytest.mark.parametrize(("url", "titre"), PAGES)
def test_pages_open_logged_out_with_the_public_layout(client, etablissement, url, titre):
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{titre}</h1>" in page
    assert "Menu principal" not in page
    assert "Aller au contenu" in page


@pytest.mark.parametrize(("url", "titre"), PAGES)
def test_pages_open_logged_in_with_the_menu(
    client_r1, irina, url, titre, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client_r1.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{titre}</h1>" in page
    assert 'aria-label="Menu principal"' in page
    # The Accessibilité entry of the main menu is the current one.
    assert 'aria-current="page">Accessibilité</a>' in page


def test_page_titles_say_where_you_are(client, etablissement):
    page = client.get("/accessibilite/plan/").content.decode()
    assert "<title>Plan du site — Portail familles</title>" in page


def test_login_page_links_to_accessibility_and_offers_the_switches(client, etablissement):
    page = client.get("/compte/connexion/").content.decode()
    assert '<a href="/accessibilite/">Aide - Accessibilité</a>' in page
    assert "Activer le mode accessible" in page
    assert 'action="/i18n/setlang/"' in page
    # The footer's links and compliance mention.
    assert "Déclaration d'accessibilité" in page
    assert "non conforme" in page and "partiellement conforme" not in page


def test_mode_switched_on_from_the_login_page_without_javascript(client, etablissement):
    response = _basculer(client, True, "/compte/connexion/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/"
    page = client.get("/compte/connexion/").content.decode()
    assert _mode_accessible(page)
    assert "Le mode accessible est activé." in page
    assert "Désactiver le mode accessible" in page
    _basculer(client, False, "/compte/connexion/")
    page = client.get("/compte/connexion/").content.decode()
    assert not _mode_accessible(page)
    assert "Activer le mode accessible" in page


def test_mode_chosen_before_login_is_kept_and_remembered_on_the_account(client, responsable1):
    _basculer(client, True, "/compte/connexion/")
    client.post(
        "/compte/connexion/",
        {"site": "valognes", "identifiant": "abarre1", "password": f.MOT_DE_PASSE},
    )
    assert _mode_accessible(client.get(PAGE_PORTAIL).content.decode())
    responsable1.utilisateur.refresh_from_db()
    assert responsable1.utilisateur.mode_accessible is True


def test_mode_switched_from_a_portal_page_is_remembered_on_the_account(client, responsable1):
    client.post(
        "/compte/connexion/",
        {"site": "valognes", "identifiant": "abarre1", "password": f.MOT_DE_PASSE},
    )
    assert not _mode_accessible(client.get(PAGE_PORTAIL).content.decode())
    response = _basculer(client, True, PAGE_PORTAIL)
    assert response["Location"] == PAGE_PORTAIL
    assert _mode_accessible(client.get(PAGE_PORTAIL).content.decode())
    user = responsable1.utilisateur
    user.refresh_from_db()
    assert user.mode_accessible is True
    # The login page stays in accessible mode after logging out.
    client.post("/compte/deconnexion/")
    assert _mode_accessible(client.get("/compte/connexion/").content.decode())
    # Next login, in another browser: the mode comes back from the account.
    client = Client()
    assert not _mode_accessible(client.get("/compte/connexion/").content.decode())
    client.post(
        "/compte/connexion/",
        {"site": "valognes", "identifiant": "abarre1", "password": f.MOT_DE_PASSE},
    )
    assert _mode_accessible(client.get(PAGE_PORTAIL).content.decode())
    # Switched off from the Accessibilité page.
    _basculer(client, False, "/accessibilite/")
    user.refresh_from_db()
    assert user.mode_accessible is False
    assert "Activer le mode accessible" in client.get("/accessibilite/").content.decode()


def test_mode_kept_after_logout_does_not_override_the_next_account(
    client, responsable1, responsable2
):
    _connecter(client, "abarre1")
    _basculer(client, True, PAGE_PORTAIL)
    client.post("/compte/deconnexion/")
    _connecter(client, "abarre2")
    assert not _mode_accessible(client.get(PAGE_PORTAIL).content.decode())
    responsable2.utilisateur.refresh_from_db()
    assert responsable2.utilisateur.mode_accessible is False


def test_error_summary_links_each_field_with_the_message_beside_it(client, etablissement):
    page = client.post("/compte/connexion/", {"site": "valognes"}).content.decode()
    assert 'id="resume-erreurs" tabindex="-1" role="alert"' in page
    assert '<a href="#id_identifiant">Identifiant : Veuillez saisir votre identifiant.</a>' in page
    assert "</span>Veuillez saisir votre identifiant.</li>" in page
    assert 'aria-describedby="id_identifiant_error"' in page


def test_mode_switch_is_post_only_and_refuses_foreign_redirects(client, etablissement):
    assert client.get("/accessibilite/mode/").status_code == 405
    response = _basculer(client, True, "https://exemple.invalid/")
    assert response["Location"] == "/accueil/"  # imuse.suivant: anything not local


def test_mode_switch_stays_open_during_first_connection(client, responsable1):
    user = responsable1.utilisateur
    user.doit_changer_mot_de_passe = True
    user.save()
    client.force_login(user, backend="comptes.backends.IdentifiantBackend")
    response = _basculer(client, True, "/compte/premiere-connexion/")
    assert response["Location"] == "/compte/premiere-connexion/"
    assert _mode_accessible(client.get("/compte/premiere-connexion/").content.decode())


def test_keyboard_help_says_exactly_what_works(client, etablissement):
    """Issue 14: no access key (each clashes with a browser, a keyboard or VoiceOver), and
    the help says so and names what works instead."""
    page = html.unescape(client.get("/accessibilite/").content.decode())
    assert "accesskey" not in page
    assert "Le portail ne définit aucune touche d'accès" in page
    assert "Aller au contenu principal" in page
    assert "Sortir d'un tableau" in html.unescape(page)
    assert "Aide générale" in page
    assert 'href="/accessibilite/aide-clavier.pdf"' in page
    assert "Télécharger cette aide (PDF)" in page
    assert ">Retour</a>" in page


def test_site_map_lists_every_page_of_the_family(client_r1, irina, hugo):
    page = client_r1.get("/accessibilite/plan/").content.decode()
    for lien in [
        'href="/accueil/"',
        'href="/accessibilite/declaration/"',
        'href="/compte/mot-de-passe/"',
    ]:
        assert lien in page
    assert "ABARRE Irina" in page or "Irina" in page
    assert "Hugo" in page


def test_site_map_logged_out_shows_only_public_pages(client, etablissement, irina):
    page = client.get("/accessibilite/plan/").content.decode()
    assert 'href="/compte/connexion/"' in page
    assert 'href="/accueil/"' not in page
    assert "Irina" not in page


def test_site_map_shows_no_other_family(client_r1, irina, autre_eleve):
    page = client_r1.get("/accessibilite/plan/").content.decode()
    assert "Amélia" not in page


def test_help_explains_each_menu(client, etablissement):
    page = client.get("/accessibilite/aide/").content.decode()
    for menu in [
        "Menu Accueil",
        "Menu Famille",
        "Menu Élèves",
        "Menu Facturation",
        "Réinscription",
        "Menu Accessibilité",
        "Menu Mot de passe",
        "Déconnexion",
    ]:
        assert menu in page
    for onglet in ["Identité", "Cours", "Historique", "Répertoire", "Mes documents"]:
        assert f"<dt>{onglet}</dt>" in page


def test_statement_follows_the_rgaa_model(client, etablissement):
    etablissement.email = "secretariat@valognes.example"
    etablissement.save()
    page = html.unescape(client.get("/accessibilite/declaration/").content.decode())
    for titre in [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
    ]:
        assert titre in page
    assert "non conforme" in page and "partiellement conforme" not in page
    assert "axe-core" in page
    assert "Défenseur des droits" in page
    assert "École municipale de musique de Valognes s'engage" in page
    assert "mailto:secretariat@valognes.example" in page
    assert "22 novembre 2026" in page


def test_help_pdf_is_tagged_with_title_and_language(client, etablissement):
    response = client.get("/accessibilite/aide-clavier.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    lecteur = PdfReader(io.BytesIO(response.content))
    catalogue = lecteur.trailer["/Root"]
    assert bool(catalogue["/MarkInfo"]["/Marked"])
    assert catalogue["/Lang"] == "fr"
    assert "/StructTreeRoot" in catalogue
    assert lecteur.metadata.title == "Aide à l'accessibilité — Portail familles"
    texte = "".join(p.extract_text() for p in lecteur.pages)
    assert "aucune touche d'accès" in texte


def test_language_switch_gives_english_then_french(client, etablissement):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accessibilite/"})
    assert response["Location"] == "/accessibilite/"
    page = client.get("/accessibilite/").content.decode()
    assert '<html lang="en"' in page
    assert "<h1>Accessibility</h1>" in page
    assert "Turn on the accessible mode" in page
    page = client.get("/accessibilite/declaration/").content.decode()
    # Dates stay day/month in English too (issue 14).
    assert "22 November 2026" in page
    client.post("/i18n/setlang/", {"language": "fr", "next": "/accessibilite/"})
    assert "<h1>Accessibilité</h1>" in client.get("/accessibilite/").content.decode()


def test_language_switch_names_each_language_in_its_own_language(client, etablissement):
    page = client.get("/compte/connexion/").content.decode()
    assert '<option value="fr" lang="fr" selected>Français</option>' in page
    assert '<option value="en" lang="en">English</option>' in page


def test_site_map_queries_do_not_grow_with_pupils(
    client_r1, famille, irina, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as une:
        client_r1.get("/accessibilite/plan/")
    for prenom in ["Hugo", "Léa", "Tom"]:
        f.EleveFactory(famille=famille, prenom=prenom, nom="ABARRE")
    with django_assert_max_num_queries(len(une.captured_queries)) as quatre:
        page = client_r1.get("/accessibilite/plan/").content.decode()
    assert "Léa" in page
    assert 'href="/eleves/' in page
    assert len(quatre.captured_queries) == len(une.captured_queries)


def _autocomplete(page: str, nom: str) -> str | None:
    balise = re.search(rf'<(?:input|select)[^>]*name="{nom}"[^>]*>', page)
    assert balise, nom
    valeur = re.search(r'autocomplete="([^"]*)"', balise.group(0))
    return valeur.group(1) if valeur else None


IDENTITE = {
    "civilite": "honorific-prefix",
    "nom": "family-name",
    "prenom": "given-name",
    "adresse": "address-line1",
    "code_postal": "postal-code",
    "ville": "address-level2",
    "tel_mobile": "tel",
    "email": "email",
}


def test_identity_and_address_fields_say_their_purpose(client_r1, irina):
    """WCAG 1.3.5: browsers and assistive tools can fill in or explain each field."""
    famille = client_r1.get("/famille/").content.decode()
    for nom, attendu in IDENTITE.items():
        assert _autocomplete(famille, nom) == attendu, nom
    assert _autocomplete(famille, "profession") == "organization-title"
    eleve = client_r1.get(f"/eleves/{irina.pk}/identite/").content.decode()
    for nom, attendu in IDENTITE.items() | {("date_naissance", "bday")}:
        assert _autocomplete(eleve, nom) == attendu, nom


def test_statement_tells_the_truth(client, etablissement, autre_etablissement):
    """Issue 14: "non conforme" until a complete audit with a rate; non-compliances by
    criterion; a multi-year plan; the tools actually used; a contact for anonymous
    visitors even when two schools are configured."""
    etablissement.email = "secretariat@valognes.example"
    etablissement.save()
    autre_etablissement.email = "accueil@cherbourg.example"
    autre_etablissement.save()
    page = html.unescape(client.get("/accessibilite/declaration/").content.decode())
    assert "est non conforme au RGAA 4.1" in page
    assert "Critère 13.3" in page and "Critère 10.11" in page
    assert 'href="#titre-plan"' in page and "Plan pluriannuel" in page
    assert "Aucun lecteur d'écran" in page
    assert "mailto:secretariat@valognes.example" in page
    assert "mailto:accueil@cherbourg.example" in page
