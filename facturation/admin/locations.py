"""Instruments and rentals in the admin; a rental is invoiced through the services."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from facturation import services
from facturation.admin.commun import SansNegatifs, _appliquer
from facturation.models import (
    Instrument,
    Location,
)
from imuse.admin_base import SiteAdmin
from imuse.admin_recherche import RechercheParTable


@admin.register(Instrument)
class InstrumentAdmin(SiteAdmin):
    list_display = ["nom", "marque", "numero_inventaire", "numero_serie", "etablissement"]
    search_fields = ["nom", "marque", "numero_inventaire", "numero_serie"]


class LocationForm(SansNegatifs):
    positifs = ("loyer",)

    def clean(self):
        data = super().clean()
        debut, fin = data.get("date_debut"), data.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", _("The end of the rental comes before its start."))
        return data


@admin.register(Location)
class LocationAdmin(RechercheParTable, SiteAdmin):
    form = LocationForm
    site_field = "instrument__etablissement"
    list_display = ["instrument", "eleve", "date_debut", "date_fin", "loyer", "facture"]
    search_fields = ["instrument__nom", "eleve__nom", "eleve__prenom"]
    list_select_related = ["instrument", "eleve", "facture"]
    raw_id_fields = ["eleve"]
    readonly_fields = ["facture"]
    actions = ["facturer"]

    @admin.action(description=_("Invoice the selected rentals"))
    def facturer(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda loc: services.location_facturer(location=loc, par=request.user),
            _("Invoice %(objet)s issued."),
        )
