"""Facturation in Chromium: both ledgers, the sandbox payment from button to receipt,
checked with axe-core."""

from datetime import date

import pytest
from playwright.sync_api import expect

from facturation.models import ModeReglement, Nature
from facturation.services import facture_annuler
from tests.browser.conftest import verifier_axe
from tests.facturation import factories as ff


def _compte(famille, irina, etablissement):
    ff.bac_a_sable(etablissement)
    ff.facture(famille, eleve=irina, montant="84.00", jour=date(2025, 10, 11))
    ff.reglement(famille, "84.00", jour=date(2025, 11, 19))
    erreur = ff.facture(famille, eleve=irina, montant="120.00", jour=date(2026, 10, 2))
    facture_annuler(facture=erreur, motif="Erreur", par=None, jour=date(2026, 10, 3))
    ff.facture(famille, eleve=irina, montant="168.00", jour=date(2026, 10, 11))
    ff.facture(famille, eleve=irina, montant="90.00", nature=Nature.LOCATION)
    ff.reglement(famille, "90.00", nature=Nature.LOCATION, mode=ModeReglement.ESPECES)


def test_ledgers_have_no_axe_violation(
    page, connecter, url, famille, irina, etablissement, responsable1
):
    _compte(famille, irina, etablissement)
    connecter(page, "abarre1")
    page.get_by_role("link", name="Facturation", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Facturation"
    expect(page.get_by_text("Solde dû : 168,00 €")).to_be_visible()
    verifier_axe(page, "facturation-cotisations")
    page.get_by_label("Recherche").fill("26FC00001")
    page.get_by_role("button", name="Recherche").click()
    verifier_axe(page, "facturation-recherche")
    page.get_by_role("link", name="Facturation locations").click()
    expect(page.get_by_text("Espèces")).to_be_visible()
    verifier_axe(page, "facturation-locations")


def _mode(page, mode):
    if mode == "accessible":
        page.get_by_role("button", name="Activer le mode accessible").first.click()
        page.wait_for_load_state()
        assert "mode-accessible" in (page.locator("html").get_attribute("class") or "")


@pytest.mark.parametrize("mode", ["normal", "accessible"])
def test_paying_in_the_sandbox(page, connecter, famille, irina, etablissement, responsable1, mode):
    _compte(famille, irina, etablissement)
    connecter(page, "abarre1")
    _mode(page, mode)
    page.get_by_role("link", name="Facturation", exact=True).click()
    page.get_by_role("button", name="Paiement en ligne").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Banque simulée (bac à sable)"
    verifier_axe(page, f"bac-a-sable-{mode}")
    page.get_by_role("button", name="Accepter le paiement").click()
    expect(page.get_by_text("Paiement accepté")).to_be_visible()
    verifier_axe(page, f"paiement-accepte-{mode}")
    page.get_by_role("link", name="Retour à la facturation").click()
    expect(page.get_by_text("Votre compte est soldé")).to_be_visible()


def test_rank_2_reads_why_she_cannot_pay(
    page, connecter, famille, irina, etablissement, responsable2
):
    _compte(famille, irina, etablissement)
    connecter(page, "abarre2")
    page.get_by_role("link", name="Facturation", exact=True).click()
    expect(
        page.get_by_text("Seul le responsable 1 peut régler les factures en ligne.")
    ).to_be_visible()
    verifier_axe(page, "facturation-responsable-2")
