"""Admin of what guardians choose and ask: preferences and bounces (on the guardian's
page), requests to close an account. Registered from famille/admin.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from famille.models import DemandeCloture, Preferences
from famille.services import CompteErreur, cloture_traiter, rebond_effacer
from imuse.admin_base import SiteAdmin, SiteInline
from imuse.admin_recherche import RechercheParTable


class PreferencesInline(SiteInline, admin.StackedInline):
    model = Preferences
    extra = 0
    max_num = 1
    can_delete = False
    fields = [
        "langue",
        "types_refuses",
        "email_rejete",
        "email_rejete_le",
        "email_rejet_motif",
        "derniere_visite",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Preferences)
class PreferencesAdmin(RechercheParTable, SiteAdmin):
    """The guardians whose address bounced, to check and restore."""

    site_field = "responsable__famille__etablissement"
    list_display = ["responsable", "email_rejete", "email_rejete_le", "email_rejet_motif"]
    list_filter = [("email_rejete_le", admin.EmptyFieldListFilter)]
    search_fields = ["responsable__nom", "responsable__email", "email_rejete"]
    list_select_related = ["responsable__famille"]
    readonly_fields = [
        "responsable",
        "langue",
        "types_refuses",
        "email_rejete",
        "email_rejete_le",
        "email_rejet_motif",
        "derniere_visite",
        "visite_precedente",
    ]
    actions = ["retablir"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("The address works again: send e-mail to it"))
    def retablir(self, request, queryset):
        n = 0
        for preferences in queryset.select_related("responsable__famille"):
            rebond_effacer(preferences=preferences, par=request.user)
            n += 1
        messages.success(
            request,
            ngettext("%(n)d address restored.", "%(n)d addresses restored.", n) % {"n": n},
        )


@admin.register(DemandeCloture)
class DemandeClotureAdmin(RechercheParTable, SiteAdmin):
    site_field = "famille__etablissement"
    list_display = ["famille", "responsable", "cree_le", "statut", "traitee_le"]
    list_filter = ["statut"]
    list_select_related = ["famille", "responsable"]
    search_fields = ["famille__nom", "responsable__nom"]
    readonly_fields = [
        "famille",
        "responsable",
        "motif",
        "statut",
        "cree_le",
        "traitee_par",
        "traitee_le",
        "reponse",
    ]
    actions = ["traiter"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark processed (the family was answered)"))
    def traiter(self, request, queryset):
        n = 0
        for demande in queryset:
            try:
                cloture_traiter(demande=demande, reponse="", par=request.user)
                n += 1
            except CompteErreur as erreur:
                messages.warning(request, f"{demande}: {erreur}")
        messages.success(
            request,
            ngettext("%(n)d request processed.", "%(n)d requests processed.", n) % {"n": n},
        )
