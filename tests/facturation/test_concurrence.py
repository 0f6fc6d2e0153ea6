"""Numbering and payment confirmation under concurrency: real threads on PostgreSQL
(SQLite serialises every write, so these tests only run on PostgreSQL)."""

import threading
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection

from facturation.models import Facture, NotificationPaiement, PaiementEnLigne, Reglement
from facturation.services.paiement import paiement_creer, reponse_traiter, signer
from tests.facturation import factories as ff


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")


def en_parallele(fonction, n: int) -> list:
    barriere = threading.Barrier(n)
    resultats, erreurs = [], []

    def tache():
        try:
            barriere.wait()
            resultats.append(fonction())
        except Exception as e:  # noqa: BLE001 - reported below
            erreurs.append(e)
        finally:
            connection.close()

    fils = [threading.Thread(target=tache) for _ in range(n)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert not erreurs, erreurs
    return resultats


def test_two_staff_issuing_at_once_get_gapless_unique_numbers(postgresql, famille, irina):
    numeros = en_parallele(lambda: ff.facture(famille, eleve=irina).numero, 8)
    assert sorted(numeros) == [f"26FC{i:05d}" for i in range(1, 9)]
    assert Facture.objects.count() == 8


def test_two_notifications_at_once_record_one_payment(
    postgresql, famille, irina, etablissement, responsable1
):
    ff.bac_a_sable(etablissement)
    facture = ff.facture(famille, eleve=irina)
    paiement, _url = paiement_creer(facture=facture, responsable=responsable1)
    message = urlencode(
        signer(
            {"transaction_id": paiement.transaction_id, "amount": "84.00", "ok": "1", "signed": "1"}
        )
    )
    en_parallele(lambda: reponse_traiter(kind="dummy", query_string=message, source="serveur"), 6)
    assert Reglement.objects.count() == 1
    assert Reglement.objects.get().montant == Decimal("84.00")
    assert PaiementEnLigne.objects.get().etat == "confirme"
    assert NotificationPaiement.objects.filter(acceptee=True).count() == 6


def test_two_attempts_confirmed_at_once_on_one_invoice_lose_no_money(
    postgresql, famille, irina, etablissement, responsable1
):
    from facturation.services import paiement_clore, reste_a_payer

    ff.bac_a_sable(etablissement)
    facture = ff.facture(famille, eleve=irina)
    premiere, _url = paiement_creer(facture=facture, responsable=responsable1)
    paiement_clore(paiement=premiere, etat="annule")  # abandoned, its page left open
    seconde, _url = paiement_creer(facture=facture, responsable=responsable1)
    messages = iter(
        [
            urlencode(
                signer(
                    {
                        "transaction_id": p.transaction_id,
                        "amount": "84.00",
                        "ok": "1",
                        "signed": "1",
                    }
                )
            )
            for p in (premiere, seconde)
        ]
    )
    verrou = threading.Lock()

    def confirmer():
        with verrou:
            message = next(messages)
        return reponse_traiter(kind="dummy", query_string=message, source="serveur")[0]

    resultats = en_parallele(confirmer, 2)
    assert all(p is not None and p.etat == "confirme" for p in resultats)
    assert Reglement.objects.count() == 2
    assert reste_a_payer(facture) == 0
    credits = sorted(r.non_impute for r in Reglement.objects.avec_non_impute())
    assert credits == [Decimal("0.00"), Decimal("84.00")]


def test_two_tabs_paying_at_once_start_one_attempt(
    postgresql, famille, irina, etablissement, responsable1
):
    from facturation.services.paiement import PaiementEnCours

    ff.bac_a_sable(etablissement)
    facture = ff.facture(famille, eleve=irina)

    def payer():
        try:
            return paiement_creer(facture=facture, responsable=responsable1)[0].pk
        except PaiementEnCours as e:
            return ("en cours", e.paiement.pk)

    resultats = en_parallele(payer, 4)
    crees = [r for r in resultats if isinstance(r, int)]
    assert len(crees) == 1
    assert all(r == ("en cours", crees[0]) for r in resultats if not isinstance(r, int))
    assert PaiementEnLigne.objects.count() == 1
