"""The guardian's account pages: Préférences (which e-mails, which language) and Mes
données (the export of the family's data, a request to close the account)."""

from __future__ import annotations

import os

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from famille.forms_compte import ClotureForm, PreferencesForm
from famille.models import DemandeCloture, ExportDonnees
from famille.services import (
    CompteErreur,
    cloture_demander,
    export_demander,
    preferences_de,
    preferences_enregistrer,
)
from imuse.fichiers import reponse_fichier_prive
from imuse.portail import vue_portail
from imuse.requetes import ID, RequeteFigee, comme_first


@vue_portail
def preferences(request: HttpRequest) -> HttpResponse:
    responsable = request.portail.responsable
    prefs = preferences_de(responsable)
    statut = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST, preferences=prefs)
        if form.is_valid():
            preferences_enregistrer(
                responsable=responsable,
                types_refuses=form.types_refuses(),
                langue=form.cleaned_data["langue"],
                par=request.user,
            )
            messages.success(request, _("Your preferences have been saved."))
            return redirect("famille:preferences")
        statut = 400
    else:
        form = PreferencesForm(preferences=prefs)
    rejete = prefs.pk and prefs.rejete(responsable.email)
    contexte = {"form": form, "preferences": prefs, "rejete": rejete}
    return render(request, "famille/preferences.html", contexte, status=statut)


def _exports(request: HttpRequest):
    return ExportDonnees.objects.filter(famille=request.portail.famille)


# Mes données's two reads, compiled once: the latest exports, the open closing request.
_EXPORTS = RequeteFigee(lambda famille_id: ExportDonnees.objects.filter(famille=famille_id)[:5], ID)
_CLOTURE = RequeteFigee(
    lambda famille_id: comme_first(
        DemandeCloture.objects.filter(famille=famille_id, statut=DemandeCloture.Statut.OUVERTE)
    ),
    ID,
)


@vue_portail
def donnees(request: HttpRequest) -> HttpResponse:
    famille = request.portail.famille
    contexte = {
        "exports": _EXPORTS.lister(famille.pk),
        "cloture": _CLOTURE.premier(famille.pk),
        "form_cloture": ClotureForm(),
        "url_confidentialite": reverse(
            "confidentialite", args=[request.portail.etablissement.code]
        ),
    }
    return render(request, "famille/donnees.html", contexte)


@require_POST
@vue_portail
def donnees_exporter(request: HttpRequest) -> HttpResponse:
    try:
        export = export_demander(famille=request.portail.famille, par=request.user)
    except CompteErreur as erreur:
        messages.error(request, str(erreur))
    else:
        export.refresh_from_db()
        if export.statut == ExportDonnees.Statut.PRET:
            messages.success(request, _("Your data is ready: download the ZIP file below."))
        else:
            messages.info(
                request,
                _(
                    "Your data is being gathered. This page will show the link as soon as "
                    "it is ready: come back in a few minutes."
                ),
            )
    return redirect("famille:donnees")


@vue_portail
def donnees_telecharger(request: HttpRequest, pk: int):
    export = get_object_or_404(_exports(request).filter(statut=ExportDonnees.Statut.PRET), pk=pk)
    return reponse_fichier_prive(export.fichier, os.path.basename(export.fichier.name))


@require_POST
@vue_portail
def cloture(request: HttpRequest) -> HttpResponse:
    form = ClotureForm(request.POST)
    if form.is_valid():
        try:
            cloture_demander(
                responsable=request.portail.responsable,
                motif=form.cleaned_data["motif"],
                par=request.user,
            )
        except CompteErreur as erreur:
            messages.error(request, str(erreur))
        else:
            messages.success(
                request,
                _("Your request has been sent to the school, which will answer you by e-mail."),
            )
        return redirect("famille:donnees")
    famille = request.portail.famille
    contexte = {
        "exports": list(_exports(request)[:5]),
        "cloture": None,
        "form_cloture": form,
        "form": form,
        "url_confidentialite": reverse("confidentialite", args=[famille.etablissement.code]),
    }
    return render(request, "famille/donnees.html", contexte, status=400)
