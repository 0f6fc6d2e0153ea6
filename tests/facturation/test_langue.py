"""Amounts and dates follow the language chosen with the language switch."""

from datetime import date

from django.conf import settings
from django.urls import reverse

from tests.facturation import factories as ff


def test_amounts_follow_the_language(client_r1, famille, irina):
    ff.facture(famille, eleve=irina, montant="1234.50", jour=date(2026, 10, 25))
    page = client_r1.get(reverse("facturation:index")).content.decode()
    assert "1\u00a0234,50\u00a0€" in page
    assert "25/10/2026" in page
    client_r1.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client_r1.get(reverse("facturation:index")).content.decode()
    assert "€1,234.50" in page
    assert "25/10/2026" in page
    assert "10/25/2026" not in page  # day/month in English too (issue 14)
    assert "Balance owed" in page


def test_invoice_labels_are_marked_french_in_english(client_r1, famille, irina):
    """Issue 14: the invoice's label is the school's French text; in the English interface
    a screen reader reads it in French (the credit note's label is translated, not marked)."""
    ff.facture(famille, eleve=irina, montant="80.00")
    client_r1.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client_r1.get(reverse("facturation:index")).content.decode()
    assert '<html lang="en"' in page
    assert '<td lang="fr">AVIS DES SOMMES A PAYER</td>' in page
