"""A receipt e-mail for every payment when the school turns `recu_par_email` on: sent
through the outbox by the payment service, whatever the page that records it."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from facturation.models import ModeReglement, ParametresFacturation, Reglement
from imuse.models import Courriel
from tests.facturation import factories as ff


@pytest.fixture
def recus(etablissement):
    return ParametresFacturation.objects.create(etablissement=etablissement, recu_par_email=True)


@pytest.mark.parametrize(
    "mode",
    [
        ModeReglement.CHEQUE,
        ModeReglement.ESPECES,
        ModeReglement.VIREMENT,
        ModeReglement.PRELEVEMENT,
        ModeReglement.CARTE_EN_LIGNE,
        ModeReglement.CHEQUES_VACANCES,
    ],
)
def test_every_mode_gets_its_receipt(recus, famille, responsable1, mode):
    facture = ff.facture(famille)
    reglement = ff.reglement(famille, mode=mode)
    (courriel,) = Courriel.objects.filter(modele="recu_paiement")
    assert courriel.destinataire == "jeremie@example.org"
    assert reglement.numero in courriel.sujet
    assert reverse("facturation:recu_pdf", args=[reglement.pk]) in courriel.texte
    assert facture.numero in courriel.texte
    assert not Courriel.objects.filter(modele="notification_reglement").exists()


def test_without_the_option_a_short_notice_only(famille, responsable1):
    ff.facture(famille)
    ff.reglement(famille)
    modeles = set(Courriel.objects.values_list("modele", flat=True))
    assert "notification_reglement" in modeles and "recu_paiement" not in modeles


def test_a_payment_typed_in_the_admin_mails_the_receipt(
    recus, client_staff, famille, responsable1, django_capture_on_commit_callbacks
):
    ff.facture(famille)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_staff.post(
            reverse("admin:facturation_reglement_add"),
            {
                "famille": famille.pk,
                "nature": "cotisation",
                "date": "19/11/2026",
                "mode": "especes",
                "montant": "84.00",
                "reference": "",
                "payeur": "",
                "imputations-TOTAL_FORMS": "0",
                "imputations-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302
    reglement = Reglement.objects.get()
    (message,) = mail.outbox
    assert message.to == ["jeremie@example.org"]
    assert f"Reçu {reglement.numero}" in message.subject
    assert "84,00\xa0€" in message.body and "Espèces" in message.body
    assert reverse("facturation:recu_pdf", args=[reglement.pk]) in message.body
    assert reglement.montant == Decimal("84.00")


def test_an_online_payment_mails_one_receipt_only(recus, famille, responsable1):
    from facturation.services.paiement import paiement_confirmer, paiement_creer

    facture = ff.facture(famille)
    ff.bac_a_sable(famille.etablissement)
    tentative, _url = paiement_creer(facture=facture, responsable=responsable1)
    paiement_confirmer(paiement=tentative)
    assert Courriel.objects.filter(modele="recu_paiement").count() == 1
