"""Online payments (read-only), their notifications and the schools' payment settings."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from facturation.admin.commun import _appliquer
from facturation.models import (
    NotificationPaiement,
    PaiementEnLigne,
    ParametresPaiement,
)
from facturation.services import paiement
from imuse.admin_base import LectureSeule, SiteAdmin, SiteInline, site_du_staff
from imuse.admin_recherche import RechercheParTable


class NotificationInline(SiteInline, admin.TabularInline):
    model = NotificationPaiement
    extra = 0
    fields = ["recue_le", "source", "resultat", "acceptee", "motif_refus", "message"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("content"))
    def message(self, obj) -> str:
        """The message as received, allowed to wrap between its fields."""
        return format_html_join(
            mark_safe("<wbr>&amp;"), "{}", ((p,) for p in obj.contenu.split("&"))
        )

    def has_add_permission(self, request, obj=None):
        return False


class FiltreAttenteLongue(admin.SimpleListFilter):
    """The dashboard's link: attempts still live after 20 minutes."""

    title = _("waiting")
    parameter_name = "attente"

    def lookups(self, request, model_admin):
        return [("longue", _("pending for over 20 minutes"))]

    def queryset(self, request, queryset):
        if self.value() == "longue":
            return queryset.en_souffrance()
        return queryset


@admin.register(PaiementEnLigne)
class PaiementEnLigneAdmin(LectureSeule, RechercheParTable, SiteAdmin):
    site_field = "facture__etablissement"
    list_display = ["facture", "montant", "etat", "backend", "cree_le", "reglement"]
    list_filter = [FiltreAttenteLongue, "etat", "backend"]
    search_fields = ["facture__numero", "transaction_id", "facture__famille__nom"]
    list_select_related = ["facture", "reglement"]
    inlines = [NotificationInline]
    actions = ["verifier"]

    @admin.action(description=_("Ask the provider about the selected payments"))
    def verifier(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda p: paiement.paiement_verifier(paiement=p),
            "%(objet)s",
        )


@admin.register(NotificationPaiement)
class NotificationPaiementAdmin(LectureSeule, SiteAdmin):
    site_field = "paiement__facture__etablissement"
    list_display = ["recue_le", "source", "backend", "paiement", "resultat", "acceptee"]
    list_filter = ["acceptee", "source", "backend"]
    readonly_fields = [f.name for f in NotificationPaiement._meta.fields]


class ParametresPaiementForm(forms.ModelForm):
    class Meta:
        model = ParametresPaiement
        fields = ["etablissement", "backend", "numcli", "saisie"]

    def clean(self):
        data = super().clean()
        numcli = data.get("numcli", "")
        if data.get("backend") == ParametresPaiement.Backend.PAYFIP and not (
            len(numcli) == 6 and numcli.isdigit()
        ):
            self.add_error("numcli", _("PayFiP needs the 6 digits client number."))
        return data


@admin.register(ParametresPaiement)
class ParametresPaiementAdmin(SiteAdmin):
    form = ParametresPaiementForm
    list_display = ["etablissement", "backend", "numcli", "saisie"]

    def has_add_permission(self, request):
        # One row per site: a site's staff (whose form has no site field to check it)
        # edit theirs once it exists.
        etablissement = site_du_staff(request)
        if (
            etablissement is not None
            and ParametresPaiement.objects.filter(etablissement=etablissement).exists()
        ):
            return False
        return super().has_add_permission(request)
