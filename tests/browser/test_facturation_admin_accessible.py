"""The invoicing admin pages added with issue 12, in Chromium with axe (same rule sets as
test_admin_accessible): the partial credit note (form, error state with the focus on the
error summary, confirmation), the payment reminders (confirmation from the invoice list
action and from "Familles débitrices", the sending's progress page, the reminders list),
the "Exports comptables" page (form and error state). For each form, the submit button
is reached with the keyboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import verifier_axe
from tests.facturation import factories as ff

AUJOURDHUI = timezone.localdate()


def _focus(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _tab_jusqu_au_bouton(page, depart: str, maximum: int = 40) -> None:
    """From the form's first field, Tab until the submit button has the focus."""
    if depart.startswith("#id_"):
        page.locator(depart).first.focus()
    else:  # not focusable: a click there sets where Tab starts from
        page.locator(depart).first.click()
    for _ in range(maximum):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches(\"#content-main [type='submit']\")"):
            return
    raise AssertionError(f"the submit button is never reached with Tab from {depart}")


def _en_retard(famille, montant, jours):
    return ff.facture(
        famille,
        montant=montant,
        jour=AUJOURDHUI - timedelta(days=jours + 30),
        date_echeance=AUJOURDHUI - timedelta(days=jours),
    )


@pytest.fixture
def donnees(famille, responsable1, staff):
    sans_mail = f.FamilleFactory(etablissement=famille.etablissement, nom="SANSMAIL", numero=9001)
    return {
        "facture": _en_retard(famille, "120.00", 40),
        "lettre": _en_retard(sans_mail, "60.00", 20),
        "famille": famille,
    }


def test_invoicing_admin_pages_have_no_axe_violation(page, url, connecter, donnees):
    page.set_default_timeout(30_000)
    facture, famille = donnees["facture"], donnees["famille"]
    connecter(page, "gestion")

    # 1. Partial credit note: the form, two error states, the confirmation.
    page.goto(url(reverse("admin:facturation_facture_change", args=[facture.pk])))
    page.get_by_role("link", name="Établir un avoir…").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("admin:facturation_facture_avoir", args=[facture.pk]))
    verifier_axe(page, "admin-avoir-formulaire")
    _tab_jusqu_au_bouton(page, "#id_mode_0")
    page.locator("#id_montant").fill("500,00")
    page.locator("#id_motif").fill("Geste commercial")
    page.locator("#content-main [type='submit']").click()
    page.wait_for_load_state()
    assert _focus(page) == "resume-erreurs"
    assert "500,00 €" in page.locator("#id_montant_error").inner_text()
    verifier_axe(page, "admin-avoir-montant-trop-eleve")
    page.locator("#id_montant").fill("20,00")
    page.locator("#id_motif").fill("")
    page.locator("#content-main [type='submit']").click()
    page.wait_for_load_state()
    assert _focus(page) == "resume-erreurs"
    expect(page.locator("#id_motif_error")).to_be_visible()
    verifier_axe(page, "admin-avoir-motif-vide")
    page.locator("#id_motif").fill("Geste commercial")
    page.locator("#content-main [type='submit']").click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Confirmer : établir l'avoir")).to_be_visible()
    verifier_axe(page, "admin-avoir-confirmer")

    # 2. Reminders: from the invoice list action, then from "Familles débitrices".
    page.goto(url(reverse("admin:facturation_facture_changelist")))
    for pk in (facture.pk, donnees["lettre"].pk):
        page.locator(f"input.action-select[value='{pk}']").check()
    page.locator("select[name='action']").select_option("relancer")
    page.locator("button[name='index']").click()
    page.wait_for_load_state()
    expect(page.locator("#a-relancer")).to_be_visible()
    verifier_axe(page, "admin-relances-confirmer-liste")
    page.goto(url(reverse("admin:facturation_debitrices")))
    page.locator(f"#relancer-{famille.pk}").check()
    page.locator("#content-main [type='submit']").click()
    page.wait_for_load_state()
    expect(page.locator("#a-relancer")).to_be_visible()
    verifier_axe(page, "admin-relances-confirmer-debitrices")
    _tab_jusqu_au_bouton(page, "#a-relancer caption")
    page.locator("#content-main [type='submit']").click()
    page.wait_for_load_state()
    assert "/envoirelances/" in page.url
    verifier_axe(page, "admin-relances-envoi")
    page.goto(url(reverse("admin:facturation_relance_changelist")))
    verifier_axe(page, "admin-relances-liste")

    # 3. Accounting exports: the form, then an end before the start.
    page.goto(url(reverse("admin:facturation_exports")))
    verifier_axe(page, "admin-exports")
    _tab_jusqu_au_bouton(page, "#id_export_0")
    page.locator("#id_du").fill("01/10/2026")
    page.locator("#id_au").fill("01/09/2026")
    page.locator("#content-main [type='submit']").click()
    page.wait_for_load_state()
    assert _focus(page) == "resume-erreurs"
    expect(page.locator("#id_au_error")).to_be_visible()
    verifier_axe(page, "admin-exports-erreurs")
