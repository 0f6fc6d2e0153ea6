"""Payments and their allocations in the admin, recorded through facturation.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from facturation import services
from facturation.admin.commun import SansNegatifs
from facturation.models import (
    Imputation,
    Reglement,
)
from facturation.templatetags.facturation import format_euros
from imuse.admin_base import SiteAdmin, SiteInline, adopter
from imuse.admin_dates import DatesParSondes
from imuse.admin_recherche import RechercheParTable


class ImputationInline(SiteInline, admin.TabularInline):
    model = Imputation
    extra = 0
    fields = ["facture", "montant"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReglementForm(SansNegatifs):
    strictement_positifs = ("montant",)

    class Meta:
        model = Reglement
        fields = ["famille", "nature", "date", "mode", "montant", "reference", "payeur"]


class CreditFilter(admin.SimpleListFilter):
    title = _("credit")
    parameter_name = "credit"

    def lookups(self, request, model_admin):
        return [("oui", _("to refund or to allocate"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.credit()
        return queryset


@admin.register(Reglement)
class ReglementAdmin(DatesParSondes, RechercheParTable, SiteAdmin):
    form = ReglementForm
    # A common name (MARTIN: 4,167 families, 29,399 invoices at 100,000 families) is one
    # condition on the table, the page walking the (site, date) index (RechercheParTable);
    # a rarer one (the planner expects at most 2,000 rows) is read once as keys.
    SEUIL_LARGE = 2_000
    LIMITE_CLES = 60_000
    list_display = [
        "numero",
        "famille",
        "nature",
        "date",
        "mode",
        "montant",
        "credit",
        "reference",
    ]
    # Each on an index (imuse/admin_tri.py); not by nature or mode (a few values: their
    # filters do it).
    sortable_by = ["numero", "famille", "date", "montant", "credit", "reference"]
    list_filter = [CreditFilter, "mode", "nature", "etablissement"]
    search_fields = ["numero", "reference", "famille__nom", "famille__numero"]
    list_select_related = ["famille"]
    date_hierarchy = "date"
    autocomplete_fields = ["famille"]
    inlines = [ImputationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).avec_non_impute()

    @admin.display(description=_("to refund or to allocate"), ordering="non_impute")
    def credit(self, obj) -> str:
        non_impute = getattr(obj, "non_impute", None)
        return format_euros(non_impute) if non_impute else "—"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*ReglementForm.Meta.fields, "numero", "cree_par", "credit"]
        return []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        # Recorded by the service, which numbers it and allocates it to the oldest
        # unpaid invoices of the family.
        # ReglementForm already refused what the service refuses (amount of 0 or less).
        data = form.cleaned_data
        reglement = services.reglement_enregistrer(
            famille=data["famille"],
            nature=data["nature"],
            mode=data["mode"],
            montant=data["montant"],
            jour=data["date"],
            reference=data["reference"],
            payeur=data["payeur"],
            par=request.user,
        )
        adopter(obj, reglement)


class ImputationForm(forms.ModelForm):
    class Meta:
        model = Imputation
        fields = ["reglement", "facture", "montant"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services.imputation_verifier(
                reglement=data["reglement"], facture=data["facture"], montant=data["montant"]
            )
        except services.FacturationError as e:
            raise forms.ValidationError(str(e)) from e
        return data


@admin.register(Imputation)
class ImputationAdmin(RechercheParTable, SiteAdmin):
    site_field = "reglement__etablissement"
    form = ImputationForm
    list_display = ["reglement", "facture", "montant"]
    # On indexes (imuse/admin_tri.py); by invoice, its order over a join: 0.7 s.
    sortable_by = ["reglement", "montant"]
    search_fields = ["reglement__numero", "facture__numero"]
    list_select_related = ["reglement", "facture"]
    autocomplete_fields = ["reglement", "facture"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def delete_model(self, request, obj):
        services.imputations_supprimer(imputations=[obj], par=request.user)

    def delete_queryset(self, request, queryset):
        services.imputations_supprimer(imputations=list(queryset), par=request.user)

    def save_model(self, request, obj, form, change):
        imputation = services.reglement_imputer(
            reglement=obj.reglement, facture=obj.facture, montant=obj.montant, par=request.user
        )
        adopter(obj, imputation)
