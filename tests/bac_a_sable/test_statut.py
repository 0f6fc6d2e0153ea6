"""The sandbox bank is its own app above facturation, reached through a setting."""

import eopayment
import pytest
from django.urls import reverse

from bac_a_sable.models import OperationBacASable
from bac_a_sable.services import statut
from facturation.models import NotificationPaiement, PaiementEnLigne
from facturation.services.paiement import paiement_creer, paiement_verifier
from tests.facturation import factories as ff


@pytest.fixture
def tentative(famille, irina, etablissement, responsable1):
    ff.bac_a_sable(etablissement)
    facture = ff.facture(famille, eleve=irina, montant="84.00")
    paiement, url = paiement_creer(facture=facture, responsable=responsable1)
    assert url.startswith("/bac-a-sable/?")
    return paiement


def test_the_sandbox_bank_answers_the_status_check_from_its_ledger(tentative):
    assert statut(tentative).result == eopayment.EXPIRED  # the bank never saw it
    OperationBacASable.objects.create(
        transaction_id=tentative.transaction_id, montant=tentative.montant, resultat="ok"
    )
    reponse = statut(tentative)
    assert reponse.signed and reponse.bank_data == {"amount": "84.00"}
    assert paiement_verifier(paiement=tentative).etat == PaiementEnLigne.Etat.CONFIRME


def test_without_the_setting_the_status_check_says_it_is_unavailable(tentative, settings):
    from facturation.services.paiement import VerificationImpossible

    del settings.PAIEMENT_STATUT_BAC_A_SABLE
    with pytest.raises(VerificationImpossible):
        paiement_verifier(paiement=tentative)
    tentative.refresh_from_db()
    assert tentative.etat == PaiementEnLigne.Etat.EN_ATTENTE
    notification = NotificationPaiement.objects.get(source=NotificationPaiement.Source.VERIFICATION)
    assert not notification.acceptee
    assert "sandbox bank (app bac_a_sable) is not installed" in notification.motif_refus


def test_the_sandbox_page_is_mounted_at_its_own_address(client_r1, tentative):
    assert reverse("bac_a_sable:page") == "/bac-a-sable/"
    page = client_r1.get(f"/bac-a-sable/?transaction_id={tentative.transaction_id}")
    assert page.status_code == 200 and "Banque simulée" in page.content.decode()
    assert client_r1.get("/bac-a-sable/?transaction_id=inconnu").status_code == 404
