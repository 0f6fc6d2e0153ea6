"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium, never
a downloaded browser) against pytest-django's live server, with axe-core checks.

Fixtures and helpers:
- `page`: a fresh Playwright page (own context: cookies, session) on the live server;
  `page.goto(url("/compte/connexion/"))` with `url` below.
- `url(path)`: absolute URL on the live server.
- `connecter(page, identifiant, mot_de_passe=MOT_DE_PASSE)`: log in through the form
  (the site select is hidden when there is one Etablissement).
- `verifier_axe(page, nom)`: run axe-core on the current page (tags wcag2a, wcag2aa,
  wcag21a, wcag21aa, wcag22aa and axe's best-practice rules, issue 14) and fail with a
  readable report on any violation; saves a screenshot under test-artifacts/<nom>.png
  for a human look.
Test data comes from the shared cast (tests/conftest.py); these tests use the
`transactional_db` through `live_server`. Mark nothing: every test here is marked
`browser` automatically.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.factories import MOT_DE_PASSE

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def navigateur():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make test` (installs it as root).")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def url(live_server):
    def _url(path: str) -> str:
        return f"{live_server.url}{path}"

    return _url


@pytest.fixture
def page(navigateur, live_server):
    context = navigateur.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def connecter(url):
    """Log in through the form; a staff account then types a backup code on the
    two-step verification page (its app enrolled beforehand if it had none)."""

    def _connecter(page, identifiant: str, mot_de_passe: str = MOT_DE_PASSE) -> None:
        from comptes.models import Utilisateur
        from tests.conftest import code_de_secours

        staff = Utilisateur.objects.filter(identifiant=identifiant, is_staff=True).first()
        code = code_de_secours(staff) if staff is not None else None
        page.goto(url("/compte/connexion/"))
        page.get_by_label("Identifiant").fill(identifiant)
        page.get_by_label("Mot de passe").fill(mot_de_passe)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        if code is not None and "/compte/deux-facteurs/verifier/" in page.url:
            page.get_by_label("Code").fill(code)
            page.get_by_role("button", name="Vérifier").click()
            page.wait_for_load_state()

    return _connecter


def verifier_axe(page, nom: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{nom}.png"), full_page=True)
    resultats = _axe.run(
        page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    )
    assert resultats.violations_count == 0, f"{nom} ({page.url}): {resultats.generate_report()}"
