"""Staff two-step verification in Chromium: enrolment, backup codes, verification, axe."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import verifier_axe
from tests.factories import MOT_DE_PASSE


def _se_connecter(page, url, identifiant="gestion", mode="normal"):
    page.goto(url("/compte/connexion/"))
    if mode == "accessible":
        page.get_by_role("button", name="Activer le mode accessible").first.click()
        page.wait_for_load_state()
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("mode", ["normal", "accessible"])
def test_staff_enrol_an_app_then_reach_the_admin(page, url, staff, mode):
    _se_connecter(page, url, mode=mode)
    assert ("mode-accessible" in (page.locator("html").get_attribute("class") or "")) == (
        mode == "accessible"
    )
    assert "/compte/deux-facteurs/activer/" in page.url
    expect(page.get_by_role("img", name="QR code à scanner")).to_be_visible()
    verifier_axe(page, f"deux-facteurs-activer-{mode}")
    page.get_by_role("button", name="Activer la validation en deux étapes").click()
    expect(page.get_by_text("Veuillez saisir le code.").first).to_be_visible()
    expect(page.locator("#resume-erreurs")).to_be_focused()
    verifier_axe(page, f"deux-facteurs-activer-erreur-{mode}")
    appareil = TOTPDevice.objects.get(user=staff)
    code = totp(appareil.bin_key, appareil.step, appareil.t0, appareil.digits)
    page.get_by_role("textbox", name="Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Activer la validation en deux étapes").click()
    expect(page.get_by_role("heading", name="Codes de secours")).to_be_visible()
    verifier_axe(page, f"deux-facteurs-codes-{mode}")
    page.get_by_role("link", name="J'ai conservé mes codes : continuer").click()
    assert page.url.endswith("/admin/")


@pytest.mark.parametrize("mode", ["normal", "accessible"])
def test_verification_page_has_no_axe_violation(page, url, staff, mode):
    from tests.conftest import appareil_staff

    appareil_staff(staff)
    _se_connecter(page, url, mode=mode)
    assert "/compte/deux-facteurs/verifier/" in page.url
    verifier_axe(page, f"deux-facteurs-verifier-{mode}")
    page.get_by_label("Code").fill("123456")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text("Ce code n'est pas valable").first).to_be_visible()
    verifier_axe(page, f"deux-facteurs-verifier-erreur-{mode}")
