"""Following the money in the admin (facturation/suivi.py): the invoice list's state,
remainder and due date with their filters, and the page "Familles débitrices" (families
who owe, by age, sortable by amount and age). Bounded queries: annotations, no query per
row."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facturation import suivi
from facturation.models import Facture
from facturation.templatetags.facturation import format_euros
from imuse.admin_base import site_du_staff

DEBITRICES_PAR_PAGE = 50


class EtatFiltre(admin.SimpleListFilter):
    title = gettext_lazy("payment state")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return list(suivi.ETATS.items())

    def queryset(self, request, queryset):
        condition = suivi.CONDITIONS.get(self.value())
        return queryset if condition is None else queryset.filter(condition)


class EcheanceFiltre(admin.SimpleListFilter):
    title = gettext_lazy("due date")
    parameter_name = "echeance"

    def lookups(self, request, model_admin):
        return [
            ("depassee", _("Past, left to pay")),
            ("30j", _("Within 30 days")),
            ("plus_tard", _("In more than 30 days")),
        ]

    def queryset(self, request, queryset):
        jour = timezone.localdate()
        if self.value() == "depassee":
            return queryset.filter(suivi.DU, date_echeance__lt=jour)
        if self.value() == "30j":
            return queryset.filter(
                date_echeance__gte=jour, date_echeance__lte=jour + timedelta(days=30)
            )
        if self.value() == "plus_tard":
            return queryset.filter(date_echeance__gt=jour + timedelta(days=30))
        return queryset


class SuiviFactures:
    """For FactureAdmin: the annotated list, its columns and the débitrices page."""

    def get_queryset(self, request):
        return suivi.avec_suivi(super().get_queryset(request))

    @admin.display(description=gettext_lazy("state"), ordering="etat_suivi")
    def etat(self, obj: Facture) -> str:
        return str(suivi.ETATS.get(getattr(obj, "etat_suivi", ""), "—"))

    @admin.display(description=gettext_lazy("left to pay"), ordering="reste_suivi")
    def reste(self, obj: Facture) -> str:
        return format_euros(getattr(obj, "reste_suivi", None))

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("debitrices/", vue(self.debitrices), name="facturation_debitrices"),
            *super().get_urls(),
        ]

    def debitrices(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        jour = timezone.localdate()
        tri = request.GET.get("tri", "-montant")
        if tri not in suivi.TRIS:
            tri = "-montant"
        factures = Facture.objects.all()
        etablissement = site_du_staff(request)
        if etablissement is not None:
            factures = factures.filter(etablissement=etablissement)
        page = Paginator(suivi.debitrices(factures, tri, jour), DEBITRICES_PAR_PAGE).get_page(
            request.GET.get("page")
        )
        lignes = [
            {
                **ligne,
                "tranches": [ligne[code] for code, *_reste in suivi.TRANCHES],
                "retard": suivi.jours_de_retard(ligne["plus_ancienne"], jour),
            }
            for ligne in page
        ]
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Families who owe"),
            "page": page,
            "lignes": lignes,
            "tri": tri,
            "tranches": [libelle for _code, libelle, *_bornes in suivi.TRANCHES],
        }
        return TemplateResponse(request, "admin/facturation/debitrices.html", contexte)
