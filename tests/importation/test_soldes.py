"""Balances: opening balance, past invoices and payments, through facturation's services."""

from decimal import Decimal

import pytest

from facturation.models import Facture, Reglement
from imuse.models import Journal
from tests.importation.outils import ecrire_csv, lancer

pytestmark = pytest.mark.django_db

ENTETES = ["N° famille", "Type", "Date", "Montant", "Libellé", "Mode", "Référence"]


def test_balances_invoices_payments_idempotent(tmp_path, etablissement, famille, responsable1):
    lignes = [
        ENTETES,
        [1001, "Solde", "31/08/2026", "1 234,56", "", "", ""],
        [1001, "Facture", "15/10/2025", "300", "Cotisation 2025/2026", "", "F-2025-12"],
        [1001, "Règlement", "20/10/2025", "100,00 €", "", "Chèque", "0012345"],
    ]
    chemin = ecrire_csv(tmp_path / "s.csv", lignes, encodage="cp1252")
    rapport = lancer("soldes", chemin, etablissement)
    assert rapport.comptes["cree"] == 3, (rapport.erreur, rapport.lignes)
    solde = Facture.objects.get(libelle="Solde antérieur")
    assert solde.montant == Decimal("1234.56") and solde.numero
    assert Facture.objects.get(libelle="Cotisation 2025/2026 (F-2025-12)").montant == 300
    reglement = Reglement.objects.get()
    assert (reglement.mode, reglement.montant, reglement.reference) == (
        "cheque",
        Decimal("100.00"),
        "0012345",
    )
    assert reglement.imputations.get().facture.libelle.startswith("Cotisation")
    assert Journal.objects.filter(action="import.creer", famille_id=famille.pk).count() == 3
    again = lancer("soldes", chemin, etablissement)
    assert again.comptes["inchange"] == 3
    assert Facture.objects.count() == 2


def test_negative_amount_and_missing_mode_are_errors(tmp_path, etablissement, famille):
    lignes = [
        ENTETES,
        [1001, "Solde", "31/08/2026", "-10", "", "", ""],
        [1001, "Règlement", "31/08/2026", "10", "", "", ""],
    ]
    rapport = lancer("soldes", ecrire_csv(tmp_path / "s.csv", lignes), etablissement)
    assert rapport.comptes["erreur"] == 2
    assert not Facture.objects.exists()
