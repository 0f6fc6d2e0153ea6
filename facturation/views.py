"""Portal pages of the Facturation menu, PDF duplicates and online payment (the sandbox
bank is the app bac_a_sable). Every object is fetched through `de_la_famille`: another
family's answers 404. The PDFs are stored once rendered (facturation/documents.py)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from facturation import documents, lecture, relances_pdf
from facturation.models import (
    Facture,
    Nature,
    NotificationPaiement,
    PaiementEnLigne,
)
from facturation.parametres import lire_parametres
from facturation.services import FacturationError, paiement
from imuse.menu import url_fixe
from imuse.portail import vue_portail
from imuse.traduits import par_langue, traduit

log = logging.getLogger(__name__)

ONGLETS = [
    (Nature.COTISATION, "facturation:index", gettext_lazy("Membership fees invoicing")),
    (Nature.LOCATION, "facturation:locations", gettext_lazy("Rentals invoicing")),
]


def onglets_facturation(actif: str) -> list[tuple[str, str, bool]]:
    """The invoicing tabs (url, label, current): one per nature, then the direct debit
    mandate (`actif` "mandat")."""
    onglets = [(url_fixe(nom), traduit(libelle), cle == actif) for cle, nom, libelle in ONGLETS]
    onglets.append((url_fixe("facturation:mandat"), _texte_mandat(), actif == "mandat"))
    return onglets


@par_langue
def _texte_mandat() -> str:
    return _("Direct debit")


def _refus_paiement(compte, portail) -> str:
    if not compte.dues:
        return ""
    # The school's payment and instalment settings in one query, for both uses.
    lire_parametres(portail.etablissement)
    return paiement.refus_paiement(compte.dues[0].facture, portail.responsable)


def _compte(request: HttpRequest, nature: str) -> HttpResponse:
    recherche = request.GET.get("q", "")[:100]
    compte = lecture.compte(request.portail.famille, nature, recherche)
    onglets = onglets_facturation(nature)
    titre = next(traduit(libelle) for cle, _nom, libelle in ONGLETS if cle == nature)
    contexte = {
        "compte": compte,
        "recherche": recherche,
        "onglets": onglets,
        "titre": titre,
        "nature": nature,
        "refus_paiement": _refus_paiement(compte, request.portail),
        "attestations": lecture.attestations_disponibles(request.portail.famille),
        "relances": lecture.relances_recentes(request.portail.famille),
    }
    return render(request, "facturation/compte.html", contexte)


@vue_portail
def index(request: HttpRequest) -> HttpResponse:
    return _compte(request, Nature.COTISATION)


@vue_portail
def locations(request: HttpRequest) -> HttpResponse:
    return _compte(request, Nature.LOCATION)


@vue_portail
def facture_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    facture = lecture.facture_de_la_famille(request.portail.famille, pk)
    if facture is None:
        raise Http404
    return documents.reponse(documents.facture(facture))


@vue_portail
def recu_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    reglement = lecture.reglement_de_la_famille(request.portail.famille, pk)
    if reglement is None:
        raise Http404
    return documents.reponse(documents.recu(reglement, request.portail.responsable))


@vue_portail
def relance_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter of a reminder the school sent the family."""
    relance = lecture.relance(request.portail.famille, pk)
    if relance is None:
        raise Http404
    return documents.reponse(relances_pdf.document(relance, request.portail.etablissement))


@vue_portail
def attestation_pdf(request: HttpRequest, annee: int, eleve: int) -> HttpResponse:
    if not 1900 <= annee <= 9999:  # beyond, dates cannot even be built
        raise Http404
    # The family's pupils as the portal read them (the family's only).
    eleve_obj = next((e for e in request.portail.eleves if e.pk == eleve), None)
    if eleve_obj is None:
        raise Http404
    eleve_obj.famille = request.portail.famille  # shown on the attestation: not read again
    doc = documents.attestation(
        request.portail.famille,
        eleve_obj,
        annee,
        request.portail.etablissement,
        request.portail.responsable,
    )
    if doc is None:
        raise Http404
    return documents.reponse(doc)


# --- Online payment ---------------------------------------------------------------------


@require_POST
@vue_portail
def payer(request: HttpRequest, pk: int) -> HttpResponse:
    facture = get_object_or_404(Facture.objects.de_la_famille(request.portail.famille), pk=pk)
    try:
        _attempt, url = paiement.paiement_creer(
            facture=facture, responsable=request.portail.responsable
        )
    except paiement.PaiementEnCours as e:
        # The invoice's live attempt: its page offers to resume it or to check it.
        messages.warning(request, str(e))
        return redirect("facturation:paiement", e.paiement.pk)
    except FacturationError as e:
        messages.error(request, str(e))
        nom = (
            "facturation:index" if facture.nature == Nature.COTISATION else "facturation:locations"
        )
        return redirect(nom)
    return redirect(url)


@vue_portail
def paiement_etat(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = get_object_or_404(
        PaiementEnLigne.objects.de_la_famille(request.portail.famille).select_related(
            "facture", "reglement"
        ),
        pk=pk,
    )
    return render(request, "facturation/paiement.html", {"paiement": attempt})


@require_POST
@vue_portail
def paiement_verifier(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Vérifier mon paiement": ask the provider now about the family's attempt."""
    attempt = get_object_or_404(
        PaiementEnLigne.objects.de_la_famille(request.portail.famille), pk=pk
    )
    if attempt.termine:
        return redirect("facturation:paiement", attempt.pk)
    try:
        attempt = paiement.paiement_verifier(paiement=attempt)
    except FacturationError:
        messages.error(
            request,
            _("The bank could not be asked just now; please try again in a few minutes."),
        )
    else:
        if not attempt.termine:
            messages.info(request, _("The bank has not settled this payment yet."))
    return redirect("facturation:paiement", attempt.pk)


def _query_string(request: HttpRequest) -> str:
    if request.method == "POST":
        if request.content_type == "multipart/form-data":
            # Already parsed (imuse.middleware looks at every form): its text fields.
            return urlencode(list(request.POST.lists()), doseq=True)
        return request.body.decode("utf-8", "replace")
    return request.META.get("QUERY_STRING", "")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def paiement_notification(request: HttpRequest, kind: str) -> HttpResponse:
    """The provider's server-to-server notification (no session, no CSRF token)."""
    attempt, contenu = paiement.reponse_traiter(
        kind=kind, query_string=_query_string(request), source=NotificationPaiement.Source.SERVEUR
    )
    if attempt is None:
        return HttpResponse("refused", status=400, content_type="text/plain")
    return HttpResponse(contenu or "OK", content_type="text/plain")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def paiement_retour(request: HttpRequest, kind: str) -> HttpResponse:
    """The family's browser coming back from the bank page."""
    query_string = _query_string(request)
    attempt, _contenu = paiement.reponse_traiter(
        kind=kind, query_string=query_string, source=NotificationPaiement.Source.RETOUR
    )
    if attempt is None:
        attempt = paiement.tentative_du_message(kind, query_string)
    if attempt is None:
        return redirect("facturation:index")
    return redirect("facturation:paiement", attempt.pk)
