"""The sandbox bank's side of the dummy backend: what it answers to a status check.

facturation reaches `statut` through the PAIEMENT_STATUT_BAC_A_SABLE setting (a dotted
path), never by importing this app, which sits above it.
"""

from __future__ import annotations

from urllib.parse import urlencode

import eopayment
from eopayment.common import PaymentResponse

from bac_a_sable.models import OperationBacASable
from facturation.models import NotificationPaiement, PaiementEnLigne
from facturation.services.paiement import DUMMY, reponse_traiter, signer

RESULTATS = {
    "ok": eopayment.PAID,
    "refus": eopayment.DENIED,
    "abandon": eopayment.CANCELLED,
}


def statut(paiement: PaiementEnLigne) -> PaymentResponse:
    """What the sandbox bank knows, in eopayment's terms (as PayFiP's status check)."""
    operation = OperationBacASable.objects.filter(transaction_id=paiement.transaction_id).first()
    if operation is None:
        return PaymentResponse(result=eopayment.EXPIRED, signed=True)
    return PaymentResponse(
        result=RESULTATS.get(operation.resultat, eopayment.ERROR),
        signed=True,
        bank_data={"amount": str(operation.montant)},
        bank_status=operation.resultat,
    )


def operation_decider(*, paiement: PaiementEnLigne, choix: str) -> dict[str, str]:
    """The bank's decision on a transaction (the first one stands), notified to our
    notification handler server to server as the real bank would, unless abandoned.

    Returns the signed fields the family's browser brings back to the return URL. No
    transaction spans both steps: the bank and the portal are separate systems.
    """
    operation, _cree = OperationBacASable.objects.get_or_create(
        transaction_id=paiement.transaction_id,
        defaults={"montant": paiement.montant, "resultat": choix},
    )
    champs = {"transaction_id": paiement.transaction_id, "amount": str(paiement.montant)}
    if operation.resultat == "ok":
        champs["ok"] = "1"
    else:
        champs["reason"] = operation.resultat
    champs = signer({**champs, "signed": "1"})
    if operation.resultat != "abandon":
        reponse_traiter(
            kind=DUMMY, query_string=urlencode(champs), source=NotificationPaiement.Source.SERVEUR
        )
    return champs
