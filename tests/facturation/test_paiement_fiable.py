"""Online payment, what outside review broke (issue 10): money the bank took is never
refused (overpayment = family credit), one live attempt per invoice (resume or check
it), abandon settles at once, PayFiP's direct debit and e-mail, the staff check that
fails says so, and anonymous messages store nothing unless about a known attempt."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from bac_a_sable.models import OperationBacASable
from facturation.models import ModeReglement, NotificationPaiement, PaiementEnLigne, Reglement
from facturation.services import paiement_clore, paiement_confirmer, reste_a_payer
from facturation.services.paiement import (
    TAILLE_CONTENU,
    PaiementEnCours,
    paiement_creer,
    reponse_traiter,
    signer,
)
from tests.facturation import factories as ff
from tests.facturation.test_paiement import BAC, NOTIFICATION, ReponsePayfip, commencer

PAYER = "facturation:payer"


@pytest.fixture
def facture(famille, irina, etablissement, responsable1):
    ff.bac_a_sable(etablissement)
    return ff.facture(famille, eleve=irina, montant="84.00")


def _paye(paiement):
    return urlencode(
        signer(
            {
                "transaction_id": paiement.transaction_id,
                "amount": str(paiement.montant),
                "ok": "1",
                "signed": "1",
            }
        )
    )


# --- Money the bank took is never refused ---------------------------------------------


def test_an_abandoned_attempt_paid_later_becomes_a_credit(
    client_r1, client_staff, facture, responsable1
):
    premiere, _url = paiement_creer(facture=facture, responsable=responsable1)
    paiement_clore(paiement=premiere, etat="annule")
    seconde, _url = paiement_creer(facture=facture, responsable=responsable1)
    assert reponse_traiter(kind="dummy", query_string=_paye(seconde), source="serveur")[0]
    # The first one's bank page had stayed open: the bank takes that money too.
    paiement, _contenu = reponse_traiter(
        kind="dummy", query_string=_paye(premiere), source="serveur"
    )
    assert paiement.etat == "confirme"
    assert Reglement.objects.count() == 2
    assert reste_a_payer(facture) == 0
    credit = Reglement.objects.avec_non_impute().get(pk=paiement.reglement_id)
    assert credit.non_impute == Decimal("84.00")
    # The family sees it on its ledger; staff see what to refund or allocate.
    ledger = client_r1.get(reverse("facturation:index")).content.decode()
    assert "Crédit en votre faveur" in ledger and "84,00" in ledger
    liste = client_staff.get("/admin/facturation/reglement/?credit=oui").content.decode()
    assert "À rembourser ou à imputer" in liste or "à rembourser ou à imputer" in liste
    assert credit.numero in liste
    seconde.refresh_from_db()
    assert Reglement.objects.get(pk=seconde.reglement_id).numero not in liste


def test_confirming_after_the_invoice_was_paid_otherwise_keeps_the_money(
    facture, famille, responsable1
):
    paiement, _url = paiement_creer(facture=facture, responsable=responsable1)
    ff.reglement(famille, "50.00")  # a cheque meanwhile
    paiement = paiement_confirmer(paiement=paiement)
    reglement = Reglement.objects.avec_non_impute().get(pk=paiement.reglement_id)
    assert reglement.montant == Decimal("84.00")
    assert reglement.imputations.get().montant == Decimal("34.00")
    assert reglement.non_impute == Decimal("50.00")


# --- One live attempt per invoice -------------------------------------------------------


def test_a_second_tab_is_offered_to_resume_or_check_the_live_attempt(client_r1, facture):
    paiement = commencer(client_r1, facture)
    response = client_r1.post(reverse(PAYER, args=[facture.pk]))
    assert response["Location"] == reverse("facturation:paiement", args=[paiement.pk])
    page = client_r1.get(response["Location"]).content.decode()
    assert "Un paiement de cette facture est déjà en cours" in page
    assert f'href="{paiement.url_banque.replace("&", "&amp;")}"' in page
    assert "Revenir à la page de la banque" in page
    assert "Vérifier mon paiement" in page
    assert PaiementEnLigne.objects.count() == 1


def test_an_attempt_being_created_already_counts(facture, responsable1):
    # Created, bank not yet answered (the other tab is inside the bank call).
    PaiementEnLigne.objects.create(
        facture=facture, responsable=responsable1, backend="dummy", montant=Decimal("84.00")
    )
    with pytest.raises(PaiementEnCours):
        paiement_creer(facture=facture, responsable=responsable1)


def test_the_database_refuses_two_live_attempts(facture, responsable1):
    from django.db import IntegrityError, transaction

    PaiementEnLigne.objects.create(facture=facture, backend="dummy", montant=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        PaiementEnLigne.objects.create(
            facture=facture, backend="dummy", montant=Decimal("1"), etat="en_attente"
        )


# --- Abandon settles at once; "Vérifier mon paiement" -----------------------------------


def test_after_abandoning_the_family_pays_again_at_once(client_r1, facture):
    paiement = commencer(client_r1, facture)
    client_r1.post(BAC, {"transaction_id": paiement.transaction_id, "choix": "abandon"})
    response = client_r1.post(BAC, {"transaction_id": paiement.transaction_id, "choix": "abandon"})
    client_r1.get(response.url)
    nouvelle = client_r1.post(reverse(PAYER, args=[facture.pk]))
    assert nouvelle["Location"].startswith(BAC + "?")
    assert PaiementEnLigne.objects.filter(etat="en_attente").count() == 1


def test_check_my_payment_settles_a_page_left_without_answer(client_r1, facture):
    paiement = commencer(client_r1, facture)  # the family closed the bank's tab
    url = reverse("facturation:paiement_verifier", args=[paiement.pk])
    page = client_r1.post(url, follow=True).content.decode()
    paiement.refresh_from_db()
    assert paiement.etat == "expire"
    assert "Paiement expiré" in page
    assert client_r1.post(reverse(PAYER, args=[facture.pk]))["Location"].startswith(BAC)


def test_check_my_payment_records_a_payment_whose_notification_was_lost(client_r1, facture):
    paiement = commencer(client_r1, facture)
    OperationBacASable.objects.create(
        transaction_id=paiement.transaction_id, montant=paiement.montant, resultat="ok"
    )
    url = reverse("facturation:paiement_verifier", args=[paiement.pk])
    assert "Paiement accepté" in client_r1.post(url, follow=True).content.decode()
    assert Reglement.objects.count() == 1


def test_check_is_for_the_familys_own_attempts(client_r1, client_autre, facture):
    paiement = commencer(client_r1, facture)
    url = reverse("facturation:paiement_verifier", args=[paiement.pk])
    assert client_autre.post(url).status_code == 404
    assert client_r1.get(url).status_code == 405


# --- PayFiP -----------------------------------------------------------------------------


def _payfip(monkeypatch, etablissement, resultrans="P", montant="8400"):
    from eopayment.payfip_ws import PayFiP

    ff.payfip(etablissement)
    monkeypatch.setattr(PayFiP, "get_idop", lambda self, **kw: "IDOP42")
    reponse = ReponsePayfip(
        resultrans=resultrans,
        montant=montant,
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
    return reponse


def _notifier_payfip(client):
    return client.post(
        reverse("facturation:paiement_notification", args=["payfip_ws"]),
        "idOp=IDOP42",
        content_type="application/x-www-form-urlencoded",
    )


def test_payfip_direct_debit_is_recorded_as_such(
    client, client_r1, facture, etablissement, monkeypatch
):
    _payfip(monkeypatch, etablissement, resultrans="V")
    client_r1.post(reverse(PAYER, args=[facture.pk]))
    assert _notifier_payfip(client).status_code == 200
    assert Reglement.objects.get().mode == ModeReglement.PRELEVEMENT


def test_payfip_abandon_settles_at_once(client, client_r1, facture, etablissement, monkeypatch):
    _payfip(monkeypatch, etablissement, resultrans="A")
    client_r1.post(reverse(PAYER, args=[facture.pk]))
    retour = reverse("facturation:paiement_retour", args=["payfip_ws"])
    page = client_r1.get(retour + "?idop=IDOP42", follow=True).content.decode()
    assert PaiementEnLigne.objects.get().etat == "annule"
    assert "Paiement abandonné" in page


def test_payfip_without_email_says_so(client_r1, facture, etablissement, responsable1, monkeypatch):
    _payfip(monkeypatch, etablissement)
    responsable1.email = ""
    responsable1.save()
    page = client_r1.post(reverse(PAYER, args=[facture.pk]), follow=True).content.decode()
    assert "Le paiement en ligne demande votre adresse e-mail" in page
    assert "injoignable" not in page
    assert not PaiementEnLigne.objects.exists()


def test_staff_check_that_fails_says_it_failed(
    client_r1, client_staff, facture, etablissement, monkeypatch
):
    from eopayment.payfip_ws import PayFiP, PayFiPError

    _payfip(monkeypatch, etablissement)
    client_r1.post(reverse(PAYER, args=[facture.pk]))
    paiement = PaiementEnLigne.objects.get()

    def panne(self, idop, timeout=None):
        raise PayFiPError("S1", "service indisponible")

    monkeypatch.setattr(PayFiP, "get_info_paiement", panne)
    response = client_staff.post(
        "/admin/facturation/paiementenligne/",
        {"action": "verifier", "_selected_action": [paiement.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "n’a pas pu dire" in page
    assert 'class="success"' not in page
    assert NotificationPaiement.objects.get(source="verification").motif_refus


# --- Anonymous messages ------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "transaction_id=inconnu&ok=1&signed=1",
        "transaction_id=" + "x" * 20_000,
        "a=" + "b" * 9_000,
        "transaction_id=%00&ok=1",
        "transaction_id=abc\x00",
        "idop=%FF%FE",
    ],
)
def test_messages_about_no_known_attempt_store_nothing(client, facture, message):
    for url in (NOTIFICATION, reverse("facturation:paiement_retour", args=["dummy"])):
        response = client.post(url, message, content_type="application/x-www-form-urlencoded")
        assert response.status_code in (302, 400)
        response = client.get(url + "?" + message.replace("\x00", "%00"))
        assert response.status_code in (302, 400)
    assert not NotificationPaiement.objects.exists()


def test_a_known_attempts_message_is_kept_capped(client, client_r1, facture):
    paiement = commencer(client_r1, facture)
    message = _paye(paiement) + "&bourrage=" + "x" * 10_000
    client.post(NOTIFICATION, message, content_type="application/x-www-form-urlencoded")
    notification = NotificationPaiement.objects.get()
    assert len(notification.contenu) == TAILLE_CONTENU
