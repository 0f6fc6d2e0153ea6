"""Stored PDFs (facturation/documents.py): an issued invoice's duplicate and a payment's
receipt are rendered once their transaction commits (the tasks run at once in tests) and
served from private storage, rendered again only when the document changed (template
version, what is left to pay) or the file is missing; another family still gets 404."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from facturation import documents
from facturation.models import DocumentPdf
from imuse import pdf
from imuse.storage import private_storage
from tests.facturation import factories as ff
from tests.facturation.test_pdf import texte_pdf


@pytest.fixture
def emise(famille, irina, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ff.facture(famille, eleve=irina, montant="120.00")


@pytest.fixture
def espion():
    """Counts the WeasyPrint layouts (the HTML is still rendered to compare)."""
    with mock.patch.object(pdf, "pdf_du_html", wraps=pdf.pdf_du_html) as espion:
        yield espion


def _stocke(cle: str) -> DocumentPdf:
    return DocumentPdf.objects.get(cle=cle, langue="fr")


def test_issuing_an_invoice_stores_its_duplicate(emise, famille):
    stocke = _stocke(f"facture:{emise.pk}")
    assert stocke.version == pdf.VERSION_PDF and stocke.famille == famille
    assert private_storage.exists(stocke.fichier.name)
    with stocke.fichier.open("rb") as fichier:
        assert fichier.read().startswith(b"%PDF")


def test_the_duplicate_is_served_from_storage_without_rendering(client_r1, emise, espion):
    with _stocke(f"facture:{emise.pk}").fichier.open("rb") as fichier:
        attendu = fichier.read()
    response = client_r1.get(reverse("facturation:facture_pdf", args=[emise.pk]))
    assert response.status_code == 200
    assert response.content == attendu
    assert espion.call_count == 0
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="facture-' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_new_template_version_renders_again_once(client_r1, emise, espion, monkeypatch):
    ancien = _stocke(f"facture:{emise.pk}").fichier.name
    monkeypatch.setattr(pdf, "VERSION_PDF", pdf.VERSION_PDF + 1)
    url = reverse("facturation:facture_pdf", args=[emise.pk])
    assert client_r1.get(url).status_code == 200
    assert espion.call_count == 1
    stocke = _stocke(f"facture:{emise.pk}")
    assert stocke.version == pdf.VERSION_PDF
    assert not private_storage.exists(ancien)  # the replaced file is gone
    assert client_r1.get(url).status_code == 200
    assert espion.call_count == 1  # stored again: served


def test_a_payment_changes_the_duplicate(client_r1, emise, famille, espion):
    ff.reglement(famille, "20.00")
    response = client_r1.get(reverse("facturation:facture_pdf", args=[emise.pk]))
    assert espion.call_count == 1
    assert "100,00 €" in texte_pdf(response).replace("\xa0", " ")  # left to pay


def test_a_payment_stores_the_new_duplicate_of_the_invoice_it_pays(
    client_r1, emise, famille, espion, capture
):
    # The worker lays out the paid invoice's duplicate again at once (what is left to
    # pay changed): the family's download is the stored file, with the new remainder.
    with capture(execute=True):
        ff.reglement(famille, "20.00")
    espion.reset_mock()
    response = client_r1.get(reverse("facturation:facture_pdf", args=[emise.pk]))
    assert response.status_code == 200 and espion.call_count == 0
    assert "100,00 €" in texte_pdf(response).replace("\xa0", " ")


def test_a_missing_file_is_rendered_and_stored_again(client_r1, emise, espion):
    private_storage.delete(_stocke(f"facture:{emise.pk}").fichier.name)
    url = reverse("facturation:facture_pdf", args=[emise.pk])
    assert client_r1.get(url).status_code == 200
    assert espion.call_count == 1
    assert private_storage.exists(_stocke(f"facture:{emise.pk}").fichier.name)


def test_another_language_is_stored_on_its_own(emise, espion):
    with translation.override("en"):
        contenu = documents.contenu(documents.facture(emise))
        assert documents.contenu(documents.facture(emise)) == contenu
    assert espion.call_count == 1
    assert set(
        DocumentPdf.objects.filter(cle=f"facture:{emise.pk}").values_list("langue", flat=True)
    ) == {"fr", "en"}


def test_a_payment_stores_its_receipt(client_r1, emise, famille, espion, capture):
    with capture(execute=True):
        reglement = ff.reglement(famille, "120.00")
    assert espion.call_count >= 1  # the receipt (and nothing else changed yet)
    stocke = _stocke(f"recu:{reglement.pk}")
    espion.reset_mock()
    response = client_r1.get(reverse("facturation:recu_pdf", args=[reglement.pk]))
    assert response.status_code == 200 and espion.call_count == 0
    with stocke.fichier.open("rb") as fichier:
        assert response.content == fichier.read()


def test_stored_documents_still_answer_404_to_another_family(client_autre, emise, famille, capture):
    with capture(execute=True):
        reglement = ff.reglement(famille, "120.00")
    assert client_autre.get(reverse("facturation:facture_pdf", args=[emise.pk])).status_code == 404
    assert client_autre.get(reverse("facturation:recu_pdf", args=[reglement.pk])).status_code == 404


def test_a_past_year_attestation_is_stored_at_its_first_download(
    client_r1, client_autre, famille, irina, espion
):
    ff.facture(famille, eleve=irina, montant="100.00", jour=date(2025, 1, 10))
    ff.reglement(famille, "100.00", jour=date(2025, 2, 1))
    url = reverse("facturation:attestation_pdf", args=[2025, irina.pk])
    premier = client_r1.get(url)
    assert premier.status_code == 200 and espion.call_count == 1
    assert _stocke(f"attestation:2025:{irina.pk}")
    second = client_r1.get(url)
    assert second.content == premier.content and espion.call_count == 1
    assert client_autre.get(url).status_code == 404


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_change_of_the_style_sheet_renders_again_without_a_version_bump(
    client_r1, emise, espion, monkeypatch
):
    monkeypatch.setattr(pdf, "empreinte_moteur", lambda: "another style sheet")
    url = reverse("facturation:facture_pdf", args=[emise.pk])
    assert client_r1.get(url).status_code == 200
    assert espion.call_count == 1
    assert client_r1.get(url).status_code == 200
    assert espion.call_count == 1  # stored again with the new fingerprint: served


def test_serving_a_stored_pdf_does_not_load_weasyprint():
    # A new worker's first stored download took 1.6 s importing WeasyPrint and
    # imuse.pdf_structure only to fingerprint them.
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup(); from imuse import pdf; pdf.empreinte_moteur(); "
        "print(sorted(m for m in ('weasyprint', 'imuse.pdf_structure') if m in sys.modules))"
    )
    sortie = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert sortie.strip().splitlines()[-1] == "[]"
