"""The "Famille" menu: the logged-in responsable's own record, edited as a request."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from famille.forms import ResponsableForm
from famille.models import Responsable
from imuse.portail import vue_portail
from imuse.requetes import ID, ID2, RequeteFigee, comme_first
from imuse.services import demande_ouverte, demande_soumettre

MESSAGE_ENVOYE = _(
    "Your file has been updated and an acknowledgement has been sent to you by e-mail. "
    "The changes are waiting for validation by the administrative staff."
)
MESSAGE_RIEN = _("Your file shows the values on record: no change is waiting.")


# The other guardian of the family, read-only beside the form: compiled once.
_AUTRE = RequeteFigee(
    lambda famille_id, responsable_id: comme_first(
        Responsable.objects.filter(famille_id=famille_id).exclude(pk=responsable_id)
    ),
    ID,
    ID2,
)


def message_resultat(request: HttpRequest, demande) -> None:
    if demande is None:
        messages.info(request, MESSAGE_RIEN)
    else:
        messages.success(request, MESSAGE_ENVOYE)


@vue_portail
def fiche(request: HttpRequest) -> HttpResponse:
    responsable = request.portail.responsable
    demande = demande_ouverte(responsable)
    if request.method == "POST":
        form = ResponsableForm(request.POST, objet=responsable, demande=demande)
        if form.is_valid():
            demande = demande_soumettre(
                objet=responsable, valeurs=form.valeurs_texte(), par=request.user
            )
            message_resultat(request, demande)
            return redirect("famille:fiche")
        statut = 400
    else:
        form = ResponsableForm(objet=responsable, demande=demande)
        statut = 200
    autre = _AUTRE.premier(request.portail.famille.pk, responsable.pk)
    contexte = {"form": form, "demande": demande, "autre": autre}
    return render(request, "famille/fiche.html", contexte, status=statut)
