"""Portal: the family chooses how many instalments pay an invoice (Facturation page).
The invoice is fetched through `de_la_famille`: another family's answers 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from facturation.models import Facture, Nature
from facturation.services import FacturationError, echeancier_choisir
from imuse.forms import Formulaire
from imuse.portail import vue_portail


class ChoixEcheancesForm(Formulaire):
    nombre = forms.TypedChoiceField(
        label=gettext_lazy("Number of instalments"),
        coerce=int,
        choices=[(1, 1), (3, 3), (10, 10)],
        error_messages={"invalid_choice": gettext_lazy("Choose one of the plans offered.")},
    )


def _retour(facture: Facture) -> HttpResponse:
    nom = "facturation:index" if facture.nature == Nature.COTISATION else "facturation:locations"
    return redirect(nom)


@require_POST
@vue_portail
def echeances_choisir(request: HttpRequest, pk: int) -> HttpResponse:
    facture = get_object_or_404(
        Facture.objects.de_la_famille(request.portail.famille).prefetch_related("avoirs"), pk=pk
    )
    form = ChoixEcheancesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the plans offered."))
        return _retour(facture)
    try:
        echeances = echeancier_choisir(
            facture=facture, nombre=form.cleaned_data["nombre"], par=request.user
        )
    except FacturationError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            _("Invoice %(numero)s will be paid in %(nombre)s instalment(s), the first on %(date)s.")
            % {
                "numero": facture.numero,
                "nombre": len(echeances),
                "date": echeances[0].date.strftime("%d/%m/%Y"),
            },
        )
    return _retour(facture)
