"""Instalments (read-only: the plan is chosen through facturation.services) and the
instalment plans each school offers."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from facturation.models import Echeance, ParametresEcheances
from imuse.admin_base import LectureSeule, SiteAdmin, site_du_staff
from imuse.admin_dates import DatesParSondes
from imuse.admin_recherche import RechercheParTable


@admin.register(Echeance)
class EcheanceAdmin(DatesParSondes, LectureSeule, RechercheParTable, SiteAdmin):
    site_field = "facture__etablissement"
    list_display = ["facture", "famille", "rang", "nombre", "date", "montant", "statut", "rejets"]
    list_filter = ["statut", "nombre"]
    date_hierarchy = "date"
    search_fields = ["facture__numero", "facture__famille__nom"]
    list_select_related = ["facture__famille"]

    @admin.display(description=_("family"))
    def famille(self, obj) -> str:
        return str(obj.facture.famille)


@admin.register(ParametresEcheances)
class ParametresEcheancesAdmin(SiteAdmin):
    list_display = ["etablissement", "en_trois_fois", "en_dix_fois"]
    fields = ["etablissement", "en_trois_fois", "en_dix_fois"]

    def has_add_permission(self, request):
        etablissement = site_du_staff(request)
        if (
            etablissement is not None
            and ParametresEcheances.objects.filter(etablissement=etablissement).exists()
        ):
            return False
        return super().has_add_permission(request)
