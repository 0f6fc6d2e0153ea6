"""Invoices and credit notes in the admin: issued ones are read-only, every change goes
through facturation.services (actions)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from facturation import services
from facturation.admin.avoirs import AvoirsPartiels
from facturation.admin.commun import SansNegatifs, _appliquer
from facturation.admin.exports import ExportsComptables
from facturation.admin.relances import relancer
from facturation.admin.suivi import EcheanceFiltre, EtatFiltre, SuiviFactures
from facturation.models import (
    Avoir,
    Facture,
    Imputation,
    LigneFacture,
)
from imuse.admin_base import LectureSeule, SiteAdmin, SiteInline
from imuse.admin_dates import DatesParSondes
from imuse.admin_recherche import RechercheParTable


class LigneFactureForm(SansNegatifs):
    positifs = ("prix_unitaire", "remise")
    strictement_positifs = ("quantite",)


class FactureForm(SansNegatifs):
    positifs = ("remise",)


class LigneFactureInline(SiteInline, admin.TabularInline):
    model = LigneFacture
    form = LigneFactureForm
    extra = 1
    fields = ["eleve", "designation", "quantite", "prix_unitaire", "remise", "montant"]
    readonly_fields = ["montant"]
    raw_id_fields = ["eleve"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.est_emise

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class AvoirInline(SiteInline, admin.StackedInline):
    model = Avoir
    extra = 0
    readonly_fields = ["numero", "date", "motif", "montant", "cree_par"]
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ImputationFactureInline(SiteInline, admin.TabularInline):
    model = Imputation
    extra = 0
    fields = ["reglement", "montant"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("payments allocated")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Facture)
class FactureAdmin(
    DatesParSondes, ExportsComptables, AvoirsPartiels, SuiviFactures, RechercheParTable, SiteAdmin
):
    form = FactureForm
    # A common name (MARTIN: 4,167 families, 29,399 invoices at 100,000 families) is one
    # condition on the table, the page walking the (site, date) index (RechercheParTable);
    # a rarer one (the planner expects at most 2,000 rows) is read once as keys.
    SEUIL_LARGE = 2_000
    LIMITE_CLES = 60_000
    list_display = [
        "__str__",
        "famille",
        "nature",
        "etat",
        "date_emission",
        "date_echeance",
        "montant",
        "reste",
        "etablissement",
    ]
    # Each on an index (imuse/admin_tri.py); not by nature (two values: its filter does
    # it) nor by school (a site's staff see one).
    sortable_by = [
        "__str__",
        "famille",
        "etat",
        "date_emission",
        "date_echeance",
        "montant",
        "reste",
    ]
    list_filter = [EtatFiltre, EcheanceFiltre, "statut", "nature", "etablissement"]
    search_fields = ["numero", "famille__nom", "famille__numero", "libelle"]
    list_select_related = ["famille", "etablissement"]
    date_hierarchy = "date_emission"
    inlines = [LigneFactureInline, AvoirInline, ImputationFactureInline]
    autocomplete_fields = ["famille"]
    exclude = ["etablissement"]
    actions = ["emettre", "annuler", relancer]

    def get_readonly_fields(self, request, obj=None):
        calcules = ["numero", "statut", "adresse", "total_brut", "total_remise", "montant"]
        if obj is not None and obj.est_emise:
            return [
                *(
                    "adresse" if f.name == "destinataire" else f.name
                    for f in Facture._meta.fields
                    if f.name not in ("id", "etablissement")
                ),
                "avoir_lien",
            ]
        return [*calcules, "cree_par"]

    def get_exclude(self, request, obj=None):
        return [*super().get_exclude(request, obj), "destinataire"]

    @admin.display(description=_("addressee"))
    def adresse(self, obj):
        """The addressee frozen at issue, as printed on the invoice."""
        d = obj.destinataire or {}
        lignes = [
            " ".join(filter(None, [d.get("civilite"), d.get("nom"), d.get("prenom")])),
            d.get("adresse", ""),
            " ".join(filter(None, [d.get("code_postal"), d.get("ville")])),
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((ligne,) for ligne in lignes if ligne))

    def save_model(self, request, obj, form, change):
        obj.etablissement = obj.famille.etablissement
        if not change:
            obj.cree_par = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.est_emise) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Issue the selected draft invoices"))
    def emettre(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda f: services.facture_emettre(facture=f, par=request.user),
            _("Invoice %(objet)s issued."),
        )

    @admin.action(description=_("Cancel the selected invoices with a credit note (in full)"))
    def annuler(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda f: services.facture_annuler(
                facture=f, motif=str(_("Cancellation")), par=request.user
            ),
            _("Credit note %(objet)s issued."),
        )


@admin.register(Avoir)
class AvoirAdmin(LectureSeule, RechercheParTable, SiteAdmin):
    list_display = ["numero", "facture", "date", "montant", "motif"]
    search_fields = ["numero", "facture__numero", "facture__famille__nom"]
    list_select_related = ["facture"]
