"""The yearly payment attestation is a tax document: what was paid, per pupil, never
more. Proven on line discounts, global discounts, credit notes, partial and
multi-invoice payments, and on rounding."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from facturation.lecture import attestation, repartir
from facturation.models import Nature
from facturation.services import Ligne, facture_annuler, facture_creer
from tests.facturation import factories as ff
from tests.facturation.test_pdf import texte_pdf

JOUR = date(2026, 1, 10)


def _facture(famille, lignes, remise="0"):
    return facture_creer(
        famille=famille,
        nature=Nature.COTISATION,
        lignes=lignes,
        par=None,
        date_emission=JOUR,
        remise=D(remise),
    )


def _total(famille, eleve, annee=2026):
    return attestation(famille, eleve, annee)[1]


def test_global_discount_is_spread_over_the_lines(famille, irina):
    facture = _facture(
        famille,
        [
            Ligne("Formation musicale", D("100"), eleve=irina),
            Ligne("Violon", D("100"), eleve=irina),
        ],
        remise="20",
    )
    assert facture.montant == D("180.00")
    ff.reglement(famille, "180.00", jour=date(2026, 2, 1))
    lignes, total = attestation(famille, irina, 2026)
    assert total == D("180.00")  # was 200.00
    assert [ligne.montant for ligne in lignes] == [D("90.00"), D("90.00")]


def test_global_discount_shared_between_two_pupils(famille, irina, hugo):
    _facture(
        famille,
        [Ligne("FM", D("150"), eleve=irina), Ligne("FM", D("50"), eleve=hugo)],
        remise="20",
    )
    ff.reglement(famille, "180.00", jour=date(2026, 2, 1))
    assert (_total(famille, irina), _total(famille, hugo)) == (D("135.00"), D("45.00"))


def test_line_discounts(famille, irina):
    _facture(
        famille,
        [Ligne("Violon", D("100"), remise=D("10"), eleve=irina), Ligne("FM", D("50"), eleve=irina)],
    )
    ff.reglement(famille, "140.00", jour=date(2026, 2, 1))
    assert _total(famille, irina) == D("140.00")


def test_a_cancelled_invoice_is_not_attested(famille, irina):
    annulee = _facture(famille, [Ligne("FM", D("100"), eleve=irina)])
    facture_annuler(facture=annulee, motif="Erreur", par=None, jour=JOUR)
    _facture(famille, [Ligne("FM", D("80"), eleve=irina)])
    ff.reglement(famille, "80.00", jour=date(2026, 2, 1))
    lignes, total = attestation(famille, irina, 2026)
    assert total == D("80.00")
    assert {ligne.numero_facture for ligne in lignes} == {"26FC00002"}


def test_partial_payments_are_attested_in_their_own_year(famille, irina):
    _facture(famille, [Ligne("FM", D("100"), eleve=irina)], remise="10")
    ff.reglement(famille, "30.00", jour=date(2026, 12, 20))
    ff.reglement(famille, "60.00", jour=date(2027, 1, 5))
    assert _total(famille, irina, 2026) == D("30.00")
    assert _total(famille, irina, 2027) == D("60.00")


def test_one_payment_over_two_invoices_and_a_credit(famille, irina, hugo):
    _facture(famille, [Ligne("FM", D("100"), eleve=irina)])
    _facture(famille, [Ligne("FM", D("50"), eleve=hugo), Ligne("Violon", D("25"), eleve=irina)])
    # 200 paid for 175 due: 25 left as a credit, attested to nobody.
    ff.reglement(famille, "200.00", jour=date(2026, 2, 1))
    assert (_total(famille, irina), _total(famille, hugo)) == (D("125.00"), D("50.00"))


def test_parts_of_one_allocation_add_up_to_the_cent(famille, irina):
    _facture(
        famille,
        [Ligne(f"Cours {i}", D("10"), eleve=irina) for i in range(3)],
        remise="0.01",
    )
    ff.reglement(famille, "29.99", jour=date(2026, 2, 1))
    lignes, total = attestation(famille, irina, 2026)
    assert total == D("29.99")
    assert sorted(ligne.montant for ligne in lignes) == [D("9.99"), D("10.00"), D("10.00")]


@pytest.mark.parametrize(
    ("montant", "poids"),
    [("100", ["1", "1", "1"]), ("0.01", ["5", "5"]), ("180", ["100", "100", "-20"])],
)
def test_repartir_sums_exactly(montant, poids):
    parts = repartir(D(montant), [D(p) for p in poids])
    assert sum(parts) == D(montant)


def test_the_pdf_shows_what_was_paid(client_r1, famille, irina):
    _facture(
        famille,
        [
            Ligne("Formation musicale", D("100"), eleve=irina),
            Ligne("Violon", D("100"), eleve=irina),
        ],
        remise="20",
    )
    ff.reglement(famille, "180.00", jour=date(2026, 2, 1))
    texte = texte_pdf(client_r1.get(reverse("facturation:attestation_pdf", args=[2026, irina.pk])))
    assert "180,00 €" in texte.replace("\xa0", " ")
    assert "200,00 €" not in texte.replace("\xa0", " ")
