"""SEPA on the portal (an invoicing tab): guardian 1 signs the mandate online (consent,
errors next to the fields and in a summary, nothing typed lost), the IBAN is masked, the
mandate PDF downloads (tagged); guardian 2 reads it only; another family's answers 404."""

import pytest
from django.urls import reverse

from facturation.models import MandatSepa
from imuse.journal import journal_de
from tests.facturation import sepa_outils as so
from tests.facturation.test_pdf import texte_pdf
from tests.facturation.test_pdf_structure import _structure

MANDAT = reverse("facturation:mandat")


@pytest.fixture
def creancier(etablissement):
    return so.creancier(etablissement)


def test_the_invoicing_tabs_lead_to_the_direct_debit(client_r1, creancier):
    page = client_r1.get(reverse("facturation:index")).content.decode()
    assert f'href="{MANDAT}"' in page
    page = client_r1.get(MANDAT).content.decode()
    assert f'href="{MANDAT}" aria-current="page"' in page


def test_guardian_1_signs_online(client_r1, responsable1, creancier):
    page = client_r1.get(MANDAT).content.decode()
    assert "vous autorisez" in page and so.ICS in page
    assert 'for="id_iban"' in page and 'for="id_consentement"' in page
    reponse = client_r1.post(
        MANDAT,
        {
            "titulaire": "Jérémie Abarre",
            "iban": "FR76 3000 6000 0112 3456 7890 189",
            "bic": "",
            "consentement": "on",
        },
    )
    assert reponse.status_code == 302
    mandat = MandatSepa.objects.get(famille=responsable1.famille)
    assert mandat.signe_par == responsable1 and mandat.source == "en_ligne"
    assert journal_de(mandat).get().par == responsable1.utilisateur
    page = client_r1.get(MANDAT).content.decode()
    assert mandat.rum in page and "•••• 0189" in page
    assert so.IBAN_FAMILLE not in page and "3000 6000" not in page
    assert reverse("facturation:mandat_pdf", args=[mandat.pk]) in page


def test_errors_next_to_the_fields_in_french_nothing_typed_lost(client_r1, creancier):
    reponse = client_r1.post(
        MANDAT,
        {"titulaire": "Jérémie Abarre", "iban": "FR76 3000 6000 0112 3456 7890 188", "bic": "ZZ"},
    )
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert 'id="resume-erreurs"' in page and 'href="#id_iban"' in page
    assert "Cet IBAN n&#x27;est pas valide" in page or "Cet IBAN n'est pas valide" in page
    assert "Cochez la case pour donner votre accord au mandat." in page
    assert 'value="FR76 3000 6000 0112 3456 7890 188"' in page
    assert 'value="Jérémie Abarre"' in page
    assert not MandatSepa.objects.exists()


def test_guardian_2_reads_only(client_r2, client_r1, responsable1, creancier):
    page = client_r2.get(MANDAT).content.decode()
    assert 'name="iban"' not in page and "responsable 1" in page
    client_r2.post(MANDAT, {"titulaire": "X", "iban": so.IBAN_FAMILLE, "consentement": "on"})
    assert not MandatSepa.objects.exists()
    mandat = so.mandat(responsable1.famille)
    page = client_r2.get(MANDAT).content.decode()
    assert mandat.rum in page and 'name="iban"' not in page
    assert client_r2.get(reverse("facturation:mandat_pdf", args=[mandat.pk])).status_code == 200


def test_no_direct_debit_before_the_school_sets_its_ics(client_r1):
    page = client_r1.get(MANDAT).content.decode()
    assert 'name="iban"' not in page


def test_the_mandate_pdf_masked_and_tagged_another_family_s_answers_404(
    client_r1, client_autre, responsable1, creancier
):
    mandat = so.mandat(responsable1.famille)
    url = reverse("facturation:mandat_pdf", args=[mandat.pk])
    reponse = client_r1.get(url)
    assert reponse["Content-Type"] == "application/pdf"
    texte = texte_pdf(reponse)
    assert mandat.rum in texte and so.ICS in texte and "0189" in texte
    assert so.IBAN_FAMILLE not in texte.replace(" ", "")
    _pdf, racine, elements = _structure(reponse.content)
    assert any(str(e.S) == "/TH" for e in elements)
    assert client_autre.get(url).status_code == 404
    assert mandat.rum not in client_autre.get(MANDAT).content.decode()


def test_a_revoked_mandate_is_listed_as_previous_and_the_new_one_as_active(
    client_r1, client_autre, famille, staff, creancier
):
    from datetime import date

    from facturation.services import mandat_revoquer

    ancien = so.mandat(famille)
    mandat_revoquer(mandat=ancien, motif="Changement de banque", par=staff, jour=date(2026, 10, 1))
    nouveau = so.mandat(famille, jour=date(2026, 10, 2))
    page = client_r1.get(MANDAT).content.decode()
    precedents = page[page.index("Mandats précédents") :]
    assert ancien.rum in precedents and "01/10/2026" in precedents
    assert nouveau.rum not in precedents and nouveau.rum in page
    assert reverse("facturation:mandat_pdf", args=[ancien.pk]) in precedents
    # Another family sees neither mandate.
    autre = client_autre.get(MANDAT).content.decode()
    assert ancien.rum not in autre and nouveau.rum not in autre
