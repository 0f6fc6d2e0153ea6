"""SEPA mandate on the portal, in Chromium: the form and its error state pass axe, the
error summary takes the focus, what was typed stays; signed, the IBAN is masked. Screenshots
at 1366 and 375 px wide under test-artifacts/ for a human look."""

from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import ARTEFACTS, verifier_axe
from tests.facturation import sepa_outils as so


def _focus(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_mandate_form_errors_then_signed(page, connecter, url, responsable1, etablissement):
    so.creancier(etablissement)
    connecter(page, "abarre1")
    page.goto(url("/facturation/prelevement/"))
    verifier_axe(page, "sepa-mandat-formulaire")
    page.set_viewport_size({"width": 375, "height": 900})
    page.screenshot(path=ARTEFACTS / "sepa-mandat-375.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_label("IBAN").fill("FR76 3000 6000 0112 3456 7890 188")
    page.get_by_role("button", name="Signer le mandat").click()
    page.wait_for_load_state()
    assert _focus(page) == "resume-erreurs"
    expect(page.locator("#id_iban_error")).to_contain_text("Cet IBAN n'est pas valide")
    expect(page.locator("#id_iban")).to_have_value("FR76 3000 6000 0112 3456 7890 188")
    expect(page.locator("#id_consentement_error")).to_contain_text("Cochez la case")
    verifier_axe(page, "sepa-mandat-erreurs")
    page.screenshot(path=ARTEFACTS / "sepa-mandat-erreurs-1366.png", full_page=True)
    page.get_by_label("IBAN").fill("FR76 3000 6000 0112 3456 7890 189")
    page.get_by_label("J'ai lu le texte ci-dessus").check()
    page.get_by_role("button", name="Signer le mandat").click()
    page.wait_for_load_state()
    expect(page.locator("#messages")).to_contain_text("signé")
    expect(page.locator(".mandat-details")).to_contain_text("•••• 0189")
    verifier_axe(page, "sepa-mandat-signe")
    page.screenshot(path=ARTEFACTS / "sepa-mandat-signe-1366.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 900})
    page.screenshot(path=ARTEFACTS / "sepa-mandat-signe-375.png", full_page=True)


def test_admin_sepa_pages_pass_axe(page, connecter, url, staff, famille, irina):
    from facturation.services import remise_creer

    so.creancier(famille.etablissement)
    so.mandat(famille)
    so.facture_en_trois(famille, irina)
    connecter(page, "gestion")
    # (The paper mandate's add page is left out: Django's select2 family picker, shared
    # by every autocomplete field of the admin, has no accessible name.)
    page.goto(url("/admin/facturation/mandatsepa/"))
    verifier_axe(page, "sepa-admin-mandats")
    page.goto(url("/admin/facturation/remiseprelevement/confirmer/?date_echeance=30/11/2026"))
    expect(page.get_by_role("button", name="Confirmer : créer le fichier")).to_be_visible()
    verifier_axe(page, "sepa-admin-confirmer")
    remise = remise_creer(
        etablissement=famille.etablissement,
        date_echeance=date(2026, 11, 30),
        par=staff,
    )
    page.goto(url(f"/admin/facturation/remiseprelevement/{remise.pk}/change/"))
    verifier_axe(page, "sepa-admin-remise")
    page.goto(url("/admin/facturation/remiseprelevement/retour/"))
    verifier_axe(page, "sepa-admin-retour")
