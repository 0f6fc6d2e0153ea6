"""The sandbox bank page: plays the bank of eopayment's dummy backend, so that the whole
payment flow runs offline (demo, tests)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bac_a_sable.models import OperationBacASable
from bac_a_sable.services import operation_decider
from facturation.models import PaiementEnLigne
from facturation.services.paiement import DUMMY, parametres


def _operation_du_bac(transaction_id: str) -> PaiementEnLigne:
    attempt = (
        PaiementEnLigne.objects.select_related("facture__etablissement")
        .filter(backend=DUMMY, transaction_id=transaction_id)
        .exclude(transaction_id="")
        .first()
    )
    if attempt is None:
        raise Http404
    params = parametres(attempt.facture.etablissement)
    # The sandbox never plays the bank for a school set to PayFiP.
    if params is None or params.backend != DUMMY:
        raise Http404
    return attempt


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    """Our sandbox bank page (the dummy backend's)."""
    if request.method == "GET":
        attempt = _operation_du_bac(request.GET.get("transaction_id", ""))
        deja = OperationBacASable.objects.filter(transaction_id=attempt.transaction_id).first()
        return render(
            request,
            "bac_a_sable/page.html",
            {"paiement": attempt, "origine": request.GET.get("origin", ""), "deja": deja},
        )
    attempt = _operation_du_bac(request.POST.get("transaction_id", ""))
    choix = request.POST.get("choix")
    if choix not in ("ok", "refus", "abandon"):
        return HttpResponse(status=400)
    champs = operation_decider(paiement=attempt, choix=choix)
    retour = reverse("facturation:paiement_retour", args=[DUMMY])
    return redirect(f"{retour}?{urlencode(champs)}")
