"""The Accessibilité menu in Chromium: axe-core on each page in normal and accessible mode,
logged out and logged in, and a keyboard-only journey with the focus always visible."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import verifier_axe
from tests.factories import MOT_DE_PASSE

PAGES = [
    ("/accessibilite/", "accessibilite", "Accessibilité — Portail familles"),
    ("/accessibilite/plan/", "plan", "Plan du site — Portail familles"),
    ("/accessibilite/aide/", "aide", "Aide — Portail familles"),
    (
        "/accessibilite/declaration/",
        "declaration",
        "Déclaration d'accessibilité — Portail familles",
    ),
]

FOCUS_VISIBLE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return false;
  const s = getComputedStyle(e);
  const contour = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  return e.matches(":focus-visible") && (contour || s.boxShadow !== "none");
}"""


def _contraste_renforce(page, nom: str) -> None:
    """The accessible mode promises a contrast of 7:1 (WCAG 1.4.6, axe's enhanced rule)."""
    resultats = Axe().run(
        page, options={"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}}
    )
    assert resultats.violations_count == 0, f"{nom}: {resultats.generate_report()}"


def _activer_mode(page):
    page.get_by_role("button", name="Activer le mode accessible").first.click()
    page.wait_for_load_state()
    assert "mode-accessible" in (page.locator("html").get_attribute("class") or "")


@pytest.mark.parametrize("mode", ["normal", "accessible"])
def test_pages_logged_out_have_no_axe_violation(page, url, etablissement, mode):
    page.goto(url("/compte/connexion/"))
    if mode == "accessible":
        _activer_mode(page)
    for chemin, nom, titre in PAGES:
        page.goto(url(chemin))
        assert page.title() == titre
        verifier_axe(page, f"{nom}-public-{mode}")
        if mode == "accessible":
            _contraste_renforce(page, nom)


@pytest.mark.parametrize("mode", ["normal", "accessible"])
def test_pages_logged_in_have_no_axe_violation(page, url, connecter, responsable1, irina, mode):
    connecter(page, "abarre1")
    page.goto(url("/accessibilite/"))
    if mode == "accessible":
        _activer_mode(page)
    for chemin, nom, titre in PAGES:
        page.goto(url(chemin))
        assert page.title() == titre
        assert page.locator("nav a[aria-current='page']").inner_text() == "Accessibilité"
        verifier_axe(page, f"{nom}-{mode}")
        if mode == "accessible":
            _contraste_renforce(page, nom)


def test_login_page_in_accessible_mode_has_no_axe_violation(page, url, etablissement):
    page.goto(url("/compte/connexion/"))
    _activer_mode(page)
    expect(page.get_by_text("Le mode accessible est activé.")).to_be_visible()
    # Text at 125 % at least.
    taille = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert taille >= 20
    verifier_axe(page, "connexion-accessible")
    _contraste_renforce(page, "connexion-accessible")


def test_language_switch_without_javascript_gives_english(page, url, etablissement):
    page.goto(url("/accessibilite/"))
    page.get_by_label("Langue / Language").select_option("en")
    page.get_by_role("button", name="Changer").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility"
    verifier_axe(page, "accessibilite-en")


def _tab_jusqu_a(page, selecteur: str, arriere: bool = False, maximum: int = 60) -> None:
    """Press Tab (or Shift+Tab) until the focus is on `selecteur`, checking at every step
    that the focused element shows a visible focus."""
    for _ in range(maximum):
        page.keyboard.press("Shift+Tab" if arriere else "Tab")
        assert page.evaluate(FOCUS_VISIBLE), "focus not visible on " + page.evaluate(
            "document.activeElement.outerHTML.slice(0, 200)"
        )
        if page.evaluate("(s) => document.activeElement.matches(s)", selecteur):
            return
    raise AssertionError(f"{selecteur} never received the focus")


def test_keyboard_only_journey(page, url, responsable1, irina):
    page.goto(url("/compte/connexion/?next=/accessibilite/"))
    # Log in.
    _tab_jusqu_a(page, "#id_identifiant")
    page.keyboard.type("abarre1")
    _tab_jusqu_a(page, "#id_password")
    page.keyboard.type(MOT_DE_PASSE)
    _tab_jusqu_a(page, "#id_identifiant", arriere=True)
    _tab_jusqu_a(page, "form:not(.form-mode):not(.form-langue) button[type=submit]")
    page.keyboard.press("Enter")
    # The path, not a glob: "**/accessibilite/" matches the login page's own
    # "?next=/accessibilite/" before the form is even sent (a race under load).
    page.wait_for_url(lambda adresse: urlsplit(adresse).path == "/accessibilite/")
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibilité"
    # Switch the accessible mode on with Space, then check the focus in that mode.
    _tab_jusqu_a(page, ".form-mode button")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "mode-accessible" in page.locator("html").get_attribute("class")
    expect(page.get_by_text("Le mode accessible est activé.").first).to_be_visible()
    # Follow the Plan du site link from the footer with Enter, then log out.
    _tab_jusqu_a(page, ".liens-pied a[href$='/plan/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accessibilite/plan/")
    _tab_jusqu_a(page, ".form-deconnexion button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compte/connexion/")
    expect(page.get_by_text("Vous êtes déconnecté")).to_be_visible()
    responsable1.utilisateur.refresh_from_db()
    assert responsable1.utilisateur.mode_accessible is True


def test_help_pdf_downloads(page, url, etablissement):
    page.goto(url("/accessibilite/"))
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger cette aide (PDF)").click()
    assert telechargement.value.suggested_filename == "aide-accessibilite.pdf"


def test_pages_reflow_at_320_pixels_in_both_modes(navigateur, url, etablissement):
    """WCAG 1.4.10: at 320 CSS pixels (1280 at 400 %), no horizontal scrolling."""
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 320, "height": 800})
    page = contexte.new_page()
    try:
        page.goto(url("/compte/connexion/"))
        for mode in ["normal", "accessible"]:
            if mode == "accessible":
                _activer_mode(page)
            for chemin, nom, _titre in [("/compte/connexion/", "connexion", ""), *PAGES]:
                page.goto(url(chemin))
                largeur = page.evaluate("document.documentElement.scrollWidth")
                assert largeur <= 320, f"{nom} ({mode}) is {largeur}px wide"
    finally:
        contexte.close()
