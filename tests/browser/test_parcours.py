"""Every portal page on the demo data, in normal and accessible mode, checked with axe-core
(wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa); the error state of every form; and a
keyboard-only journey from login to logout through a course sheet and an invoice PDF."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from eleves.models import Absence, Eleve, Evaluation, Inscription
from facturation.models import Facture
from tests.browser.conftest import verifier_axe
from tests.browser.test_accessibilite import FOCUS_VISIBLE, _activer_mode, _tab_jusqu_a


@pytest.fixture
def demo(transactional_db, settings, demo_sans_pdf):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    settings.DEBUG = False
    irina = Eleve.objects.get(prenom="Irina", nom="ABARRE")
    fiches = Inscription.objects.filter(eleve=irina).order_by("-cours__annee__debut")
    courante, ancienne = fiches.first(), fiches.last()
    evaluation = Evaluation.objects.filter(inscription=courante, publiee=True).first()
    absence = Absence.objects.filter(inscription__eleve=irina, definitive=True).first()
    return {
        "irina": irina,
        "courante": courante,
        "ancienne": ancienne,
        "evaluation": evaluation,
        "absence": absence,
        "facture": Facture.objects.filter(famille=irina.famille).order_by("-date_emission").first(),
    }


def _se_connecter(page, url, identifiant="demo", mot_de_passe="Demo2026"):
    page.goto(url("/compte/connexion/"))
    page.get_by_label("Site").select_option("valognes")
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/accueil/")


def _pages(d) -> list[tuple[str, str]]:
    e = d["irina"].pk
    fiche = {"pk": e, "inscription_pk": d["courante"].pk}
    return [
        ("accueil", reverse("portail:accueil")),
        ("famille", reverse("famille:fiche")),
        ("eleves", reverse("eleves:index")),
        ("identite", reverse("eleves:identite", args=[e])),
        ("cours", reverse("eleves:cours", args=[e])),
        ("fiche-cours", reverse("eleves:inscription", kwargs=fiche)),
        (
            "evaluation",
            reverse("eleves:evaluation", kwargs={**fiche, "evaluation_pk": d["evaluation"].pk}),
        ),
        (
            "absence",
            reverse(
                "eleves:absence",
                kwargs={
                    "pk": e,
                    "inscription_pk": d["absence"].inscription_id,
                    "absence_pk": d["absence"].pk,
                },
            ),
        ),
        ("historique", reverse("eleves:historique", args=[e])),
        (
            "fiche-ancienne",
            reverse("eleves:inscription", kwargs={"pk": e, "inscription_pk": d["ancienne"].pk}),
        ),
        ("repertoire", reverse("eleves:repertoire", args=[e])),
        ("documents", reverse("eleves:documents", args=[e])),
        ("reinscription", reverse("reinscription:eleve", args=[e])),
        ("cotisations", reverse("facturation:index")),
        ("locations", reverse("facturation:locations")),
        ("mot-de-passe", reverse("comptes:mot_de_passe")),
        ("accessibilite", reverse("accessibilite:index")),
        ("aide", reverse("accessibilite:aide")),
        ("plan", reverse("accessibilite:plan")),
        ("declaration", reverse("accessibilite:declaration")),
    ]


@pytest.mark.parametrize("mode", ["normal", "accessible"])
def test_every_portal_page_and_form_error_state_has_no_axe_violation(page, url, demo, mode):
    """One demo load per mode (the slow part) for the pages, then the forms' error states,
    then, in the accessible mode, its promises."""
    _se_connecter(page, url)
    if mode == "accessible":
        _activer_mode(page)
    for nom, chemin in _pages(demo):
        response = page.goto(url(chemin))
        assert response.status == 200, chemin
        assert page.title().endswith("— Portail familles"), chemin
        assert page.locator("h1").count() == 1, chemin
        verifier_axe(page, f"parcours-{nom}-{mode}")
    _etats_d_erreur(page, url, demo, mode)
    if mode == "accessible":
        _promesses_du_mode_accessible(page, url, demo)


def _etats_d_erreur(page, url, demo, mode):
    # Mot de passe: wrong current password and a weak new one.
    page.goto(url(reverse("comptes:mot_de_passe")))
    page.get_by_label("Mot de passe actuel").fill("faux")
    page.locator("#id_new_password1").fill("court")
    page.locator("#id_new_password2").fill("court")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Votre mot de passe actuel est incorrect.").first).to_be_visible()
    verifier_axe(page, f"erreurs-mot-de-passe-{mode}")
    # Famille: a phone number that is not one.
    page.goto(url(reverse("famille:fiche")))
    page.get_by_label("Mobile").fill("12345")
    page.get_by_role("button", name="Modifier").click()
    expect(page.locator("#resume-erreurs")).to_be_visible()
    verifier_axe(page, f"erreurs-famille-{mode}")
    # Identité: an impossible date of birth.
    page.goto(url(reverse("eleves:identite", args=[demo["irina"].pk])))
    page.get_by_label("Date de naissance").fill("31/02/2012")
    page.get_by_role("button", name="Modifier").click()
    expect(page.locator("#resume-erreurs")).to_be_visible()
    verifier_axe(page, f"erreurs-identite-{mode}")


def test_first_connection_and_its_errors_have_no_axe_violation(page, url, demo):
    _se_connecter_premiere = page.goto(url("/compte/connexion/"))
    assert _se_connecter_premiere.status == 200
    page.get_by_label("Site").select_option("valognes")
    page.get_by_label("Identifiant").fill("nouveau")
    page.get_by_label("Mot de passe").fill("Bienvenue2026")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/premiere-connexion/")
    verifier_axe(page, "premiere-connexion")
    page.locator("#id_new_password1").fill("abc")
    page.locator("#id_new_password2").fill("abd")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#resume-erreurs")).to_be_visible()
    verifier_axe(page, "premiere-connexion-erreurs")


def test_keyboard_journey_through_a_course_sheet_and_an_invoice_pdf(page, url, demo):
    """Log in, open a course sheet, download an invoice PDF, switch the accessible mode and
    log out with Tab, Shift+Tab, Enter and Space only, the focus always visible."""
    page.goto(url("/compte/connexion/"))
    _tab_jusqu_a(page, "#id_site")
    page.keyboard.press("ArrowDown")  # Cherbourg, Valognes: the second is ours
    _tab_jusqu_a(page, "#id_identifiant")
    page.keyboard.type("demo")
    _tab_jusqu_a(page, "#id_password")
    page.keyboard.type("Demo2026")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accueil/")
    # Accueil → the pupil's file → Cours → the course sheet.
    _tab_jusqu_a(page, f".liste-eleves a[href='/eleves/{demo['irina'].pk}/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/identite/")
    _tab_jusqu_a(page, "a[href$='/cours/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cours/")
    _tab_jusqu_a(page, f"a[href*='/fiches/{demo['courante'].pk}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/fiches/{demo['courante'].pk}/")
    assert "Fiche de cours" in page.get_by_role("heading", level=2).first.inner_text()
    # Facturation → the PDF duplicate of the newest invoice.
    _tab_jusqu_a(page, "nav a[href='/facturation/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/facturation/")
    numero = demo["facture"].numero
    _tab_jusqu_a(page, f"table a[href='/facturation/facture/{demo['facture'].pk}/pdf/']")
    with page.expect_response(lambda r: "/pdf/" in r.url) as reponse:
        page.keyboard.press("Enter")
    assert reponse.value.headers["content-type"] == "application/pdf"
    assert numero in reponse.value.headers["content-disposition"]
    page.wait_for_url("**/pdf/")
    page.go_back()  # the browser's Back (Alt+Left)
    page.wait_for_url("**/facturation/")
    # The accessible mode with Space, then logout with Enter.
    _tab_jusqu_a(page, ".form-mode button", arriere=True, maximum=120)
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "mode-accessible" in page.locator("html").get_attribute("class")
    # The focused confirmation sits in the content, after the header's logout button.
    _tab_jusqu_a(page, ".form-deconnexion button", arriere=True)
    assert page.evaluate(FOCUS_VISIBLE)
    page.keyboard.press("Enter")
    page.wait_for_url("**/compte/connexion/")
    expect(page.get_by_text("Vous êtes déconnecté")).to_be_visible()


def _promesses_du_mode_accessible(page, url, demo):
    """One column, text at 125 %, and row links that say in words what they open."""
    pages = dict(_pages(demo))
    page.goto(url(pages["fiche-cours"]))
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    gauches = page.locator(".fiche-lecture dt").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().left))"
    )
    assert len(gauches) > 10 and len(set(gauches)) == 1, "the course sheet is not one column"
    page.goto(url(pages["cotisations"]))
    lien = page.locator("table a[href$='/pdf/']").last
    assert "(duplicata PDF)" in lien.inner_text() and "Facture" in lien.inner_text()
    page.goto(url(pages["historique"]))
    lien = page.locator("table a").first
    assert " — " in lien.inner_text(), "the year alone does not say which course opens"
    page.goto(url(pages["documents"]))
    lien = page.locator("table a").first
    assert lien.inner_text().startswith("Télécharger ") and len(lien.inner_text()) > 15


def test_every_portal_page_reflows_at_320_pixels_in_both_modes(navigateur, url, demo):
    """WCAG 1.4.10: at 320 CSS pixels only wide tables scroll, inside their own box."""
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 320, "height": 800})
    page = contexte.new_page()
    try:
        _se_connecter(page, url)
        for mode in ["normal", "accessible"]:
            if mode == "accessible":
                _activer_mode(page)
            for nom, chemin in _pages(demo):
                page.goto(url(chemin))
                largeur = page.evaluate("document.documentElement.scrollWidth")
                assert largeur <= 320, f"{nom} ({mode}) is {largeur}px wide"
    finally:
        contexte.close()
