import io
import logging
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bac_a_sable.models import OperationBacASable
from facturation.models import (
    ModeReglement,
    NotificationPaiement,
    PaiementEnLigne,
    Reglement,
)
from facturation.services import reste_a_payer
from facturation.services.paiement import signer
from facturation.templatetags.facturation import format_euros
from tests.facturation import factories as ff

BAC = reverse("bac_a_sable:page")
NOTIFICATION = reverse("facturation:paiement_notification", args=["dummy"])


@pytest.fixture
def facture(famille, irina, etablissement, responsable1):
    ff.bac_a_sable(etablissement)
    return ff.facture(famille, eleve=irina, montant="84.00")


def commencer(client, facture) -> PaiementEnLigne:
    response = client.post(reverse("facturation:payer", args=[facture.pk]))
    assert response.status_code == 302 and response.url.startswith(BAC + "?")
    page = client.get(response.url).content.decode()
    paiement = PaiementEnLigne.objects.get(facture=facture)
    assert "Banque simulée" in page and format_euros(paiement.montant) in page
    return paiement


def banque(client, paiement, choix):
    response = client.post(BAC, {"transaction_id": paiement.transaction_id, "choix": choix})
    return client.get(response.url, follow=True)


def test_accepted_payment_records_one_allocated_payment_and_mails_the_receipt(
    client_r1, facture, django_capture_on_commit_callbacks
):
    paiement = commencer(client_r1, facture)
    assert paiement.etat == "en_attente" and paiement.montant == Decimal("84.00")
    with django_capture_on_commit_callbacks(execute=True):
        response = banque(client_r1, paiement, "ok")
    page = response.content.decode()
    assert "Paiement accepté" in page
    reglement = Reglement.objects.get()
    assert reglement.mode == ModeReglement.CARTE_EN_LIGNE and reglement.montant == Decimal("84.00")
    assert reglement.imputations.get().facture == facture
    assert reste_a_payer(facture) == 0
    assert reverse("facturation:recu_pdf", args=[reglement.pk]) in page
    paiement.refresh_from_db()
    assert paiement.etat == "confirme" and paiement.reglement == reglement
    sources = set(paiement.notifications.values_list("source", flat=True))
    assert sources == {"serveur", "retour"}
    (message,) = mail.outbox
    assert message.to == ["jeremie@example.org"]
    assert "Reçu 26RC00001" in message.subject
    assert "84,00\xa0€" in message.body
    assert message.alternatives[0][1] == "text/html"
    ledger = client_r1.get(reverse("facturation:index")).content.decode()
    assert "Carte bancaire en ligne" in ledger and "Paiement en ligne</button>" not in ledger


def test_refused_payment(client_r1, facture):
    paiement = commencer(client_r1, facture)
    assert "Paiement refusé" in banque(client_r1, paiement, "refus").content.decode()
    paiement.refresh_from_db()
    assert paiement.etat == "echoue" and not Reglement.objects.exists()


def test_abandoned_payment(client_r1, facture):
    paiement = commencer(client_r1, facture)
    assert "Paiement abandonné" in banque(client_r1, paiement, "abandon").content.decode()
    paiement.refresh_from_db()
    assert paiement.etat == "annule" and not Reglement.objects.exists()


def test_pending_payment_reads_being_verified(client_r1, facture):
    paiement = commencer(client_r1, facture)
    page = client_r1.get(reverse("facturation:paiement", args=[paiement.pk])).content.decode()
    assert "Paiement en cours de vérification" in page
    ledger = client_r1.get(reverse("facturation:index")).content.decode()
    assert "Paiement en cours de vérification" in ledger


def _message(paiement, **extra) -> str:
    champs = {
        "transaction_id": paiement.transaction_id,
        "amount": str(paiement.montant),
        "ok": "1",
        "signed": "1",
    }
    champs.update(extra)
    return urlencode(signer(champs))


def test_a_repeated_notification_records_one_payment(client, client_r1, facture):
    paiement = commencer(client_r1, facture)
    for _ in range(3):
        response = client.post(
            NOTIFICATION, _message(paiement), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
    assert Reglement.objects.count() == 1
    assert paiement.notifications.filter(acceptee=True).count() == 3


def test_a_notification_with_a_bad_signature_is_refused_and_logged(
    client, client_r1, facture, caplog
):
    paiement = commencer(client_r1, facture)
    falsifie = _message(paiement).replace("amount=84.00", "amount=1.00")
    with caplog.at_level(logging.WARNING, logger="facturation.paiement"):
        response = client.post(
            NOTIFICATION, falsifie, content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 400
    assert "bad signature" in caplog.text
    assert not Reglement.objects.exists()
    refus = NotificationPaiement.objects.get(acceptee=False)
    assert refus.motif_refus == "bad signature" and "amount=1.00" in refus.contenu


def test_a_notification_for_an_unknown_attempt_is_refused(client, client_r1, facture):
    paiement = commencer(client_r1, facture)
    paiement.transaction_id = "inconnue"
    response = client.post(
        NOTIFICATION, _message(paiement), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    # Anyone can call this URL: nothing is stored for an attempt we do not know.
    assert not NotificationPaiement.objects.exists()


def test_a_notification_with_a_wrong_amount_is_refused(client, client_r1, facture):
    paiement = commencer(client_r1, facture)
    message = _message(paiement, amount="8.40")
    response = client.post(NOTIFICATION, message, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and not Reglement.objects.exists()
    assert "amount" in NotificationPaiement.objects.get().motif_refus


def test_rank_2_cannot_pay(client_r2, facture):
    response = client_r2.post(reverse("facturation:payer", args=[facture.pk]), follow=True)
    assert "Seul le responsable 1 peut régler les factures en ligne." in response.content.decode()
    assert not PaiementEnLigne.objects.exists()


def test_no_online_payment_without_settings(client_r1, famille):
    facture = ff.facture(famille)
    page = client_r1.get(reverse("facturation:index")).content.decode()
    assert "Paiement en ligne</button>" not in page
    client_r1.post(reverse("facturation:payer", args=[facture.pk]))
    assert not PaiementEnLigne.objects.exists()


def test_the_sandbox_is_never_offered_to_a_school_set_to_payfip(
    client, client_r1, facture, etablissement
):
    paiement = commencer(client_r1, facture)
    ff.payfip(etablissement)
    url = f"{BAC}?{urlencode({'transaction_id': paiement.transaction_id})}"
    assert client_r1.get(url).status_code == 404
    assert (
        client_r1.post(BAC, {"transaction_id": paiement.transaction_id, "choix": "ok"}).status_code
        == 404
    )
    response = client.post(
        NOTIFICATION, _message(paiement), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400 and not Reglement.objects.exists()


def test_another_familys_payment_answers_404(client_autre, client_r1, facture):
    paiement = commencer(client_r1, facture)
    assert client_autre.get(reverse("facturation:paiement", args=[paiement.pk])).status_code == 404


def test_a_second_attempt_waits_while_one_is_being_verified(client_r1, facture):
    commencer(client_r1, facture)
    response = client_r1.post(reverse("facturation:payer", args=[facture.pk]), follow=True)
    assert "en cours de vérification" in response.content.decode()
    assert PaiementEnLigne.objects.count() == 1


def test_verifier_paiements_settles_attempts_left_pending(client_r1, facture, famille, hugo):
    accepte = commencer(client_r1, facture)
    # The bank accepted but its notification was lost and the family closed the window.
    OperationBacASable.objects.create(
        transaction_id=accepte.transaction_id, montant=accepte.montant, resultat="ok"
    )
    autre = ff.facture(famille, eleve=hugo, montant="30.00")
    oublie = commencer(client_r1, autre)
    recent = ff.facture(famille, eleve=hugo, montant="12.00")
    en_cours = commencer(client_r1, recent)
    PaiementEnLigne.objects.filter(pk__in=[accepte.pk, oublie.pk]).update(
        cree_le=timezone.now() - timedelta(minutes=25)
    )
    call_command("verifier_paiements", stdout=io.StringIO())
    etats = dict(PaiementEnLigne.objects.values_list("pk", "etat"))
    assert etats == {accepte.pk: "confirme", oublie.pk: "expire", en_cours.pk: "en_attente"}
    assert Reglement.objects.get().montant == Decimal("84.00")
    # A late notification afterwards changes nothing.
    call_command("verifier_paiements", stdout=io.StringIO())
    assert Reglement.objects.count() == 1


def test_the_bank_page_url_stays_on_our_site(client_r1, facture):
    response = client_r1.post(reverse("facturation:payer", args=[facture.pk]))
    assert urlsplit(response.url).netloc == ""


class ReponsePayfip(dict):
    """What PayFiP's recupererDetailPaiementSecurise answers (a zeep object)."""

    __getattr__ = dict.get


def test_payfip_flow_with_the_web_service_mocked(
    client, client_r1, facture, etablissement, monkeypatch
):
    from eopayment.payfip_ws import PayFiP

    ff.payfip(etablissement)
    monkeypatch.setattr(PayFiP, "get_idop", lambda self, **kw: "IDOP42")
    reponse = ReponsePayfip(
        resultrans="P",
        montant="8400",
        refdet="x",
        numauto="A1",
        saisie="T",
        dattrans="",
        heurtrans="",
        exer="2026",
        idop="IDOP42",
        mel="jeremie@example.org",
    )
    monkeypatch.setattr(PayFiP, "get_info_paiement", lambda self, idop, timeout=None: reponse)
    response = client_r1.post(reverse("facturation:payer", args=[facture.pk]))
    assert response.url == "https://www.payfip.gouv.fr/tpa/paiementws.web?idop=IDOP42"
    notification = reverse("facturation:paiement_notification", args=["payfip_ws"])
    for _ in range(2):
        assert (
            client.post(
                notification, "idOp=IDOP42", content_type="application/x-www-form-urlencoded"
            ).status_code
            == 200
        )
    assert Reglement.objects.get().montant == Decimal("84.00")
    reponse["montant"] = "100"
    refus = client.post(
        notification, "idOp=IDOP42", content_type="application/x-www-form-urlencoded"
    )
    assert refus.status_code == 400 and Reglement.objects.count() == 1
