"""Admin of campaign mailings: start the opening's from the campaigns list, follow the
progress and read the report. Registered from reinscription/admin.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from imuse.admin_base import SuiviTacheAdmin
from reinscription.envois import EnvoiErreur, envoi_lancer
from reinscription.models import EnvoiCampagne


@admin.action(description=_("Announce the opening to every family (background mailing)"))
def annoncer_ouverture(modeladmin, request, queryset):
    derniers = []
    for campagne in queryset:
        try:
            derniers.append(
                envoi_lancer(
                    campagne=campagne, nature=EnvoiCampagne.Nature.OUVERTURE, par=request.user
                )
            )
        except EnvoiErreur as erreur:
            messages.error(request, f"{campagne}: {erreur}")
    if derniers:
        messages.success(
            request, _("Mailing started: its progress is shown on the campaign mailings page.")
        )
        return redirect("admin:reinscription_envoicampagne_changelist")
    return None


@admin.register(EnvoiCampagne)
class EnvoiCampagneAdmin(SuiviTacheAdmin):
    site_field = "campagne__etablissement"
    list_display = [
        "campagne",
        "nature",
        "statut",
        "avancement",
        "messages",
        "sans_adresse",
        "cree_le",
        "termine_le",
    ]
    list_filter = ["statut", "nature"]
    list_select_related = ["campagne__annee"]
    readonly_fields = [
        "campagne",
        "nature",
        "statut",
        "avancement",
        "total",
        "traitees",
        "messages",
        "sans_adresse",
        "rapport",
        "cree_le",
        "termine_le",
    ]
    fields = readonly_fields

    @admin.display(description=_("report"))
    def rapport(self, obj: EnvoiCampagne) -> str:
        if not obj.erreurs:
            url = reverse("admin:famille_preferences_changelist") + "?email_rejete_le__isempty=0"
            return format_html(
                '{} <a href="{}">{}</a>',
                _("No error. Families without a usable address are counted above;"),
                url,
                _("see the addresses that bounced"),
            )
        return "; ".join(
            f"{', '.join(str(n) for n in e['familles'])}: {e['erreur']}" for e in obj.erreurs
        )
