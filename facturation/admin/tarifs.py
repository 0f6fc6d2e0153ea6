"""Tariff grids in the admin: brackets, rules and rental rates inline; a grid is copied
to the next school year by an action (facturation.services.grille_copier)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from facturation import services
from facturation.admin.commun import SansNegatifs, _appliquer
from facturation.models import (
    GrilleTarifaire,
    ParametresFacturation,
    RegleTarif,
    TarifLocation,
    TrancheQF,
)
from imuse.admin_base import SiteAdmin, SiteInline, site_du_staff


class GrilleForm(SansNegatifs):
    positifs = ("frais_famille", "remise_2e", "remise_3e", "plafond_famille")

    def clean(self):
        data = super().clean()
        for nom in ("remise_2e", "remise_3e"):
            if data.get(nom) is not None and data[nom] > 100:
                self.add_error(nom, _("Enter a percentage of 100 or less."))
        annee = data.get("annee")
        etablissement = getattr(self.instance, "etablissement", None) or data.get("etablissement")
        if annee is not None and etablissement is not None:
            if annee.etablissement_id != etablissement.pk:
                self.add_error("annee", _("This school year belongs to another school."))
        return data


class RegleForm(SansNegatifs):
    positifs = ("montant",)

    def clean(self):
        data = super().clean()
        discipline, departement = data.get("discipline"), data.get("departement")
        if discipline and departement and discipline.departement_id != departement.pk:
            self.add_error("discipline", _("This discipline is not in the department chosen."))
        return data


class MontantPositifForm(SansNegatifs):
    positifs = ("montant",)


class TrancheInline(SiteInline, admin.TabularInline):
    model = TrancheQF
    extra = 0
    fields = ["code", "plafond"]


class RegleInline(SiteInline, admin.TabularInline):
    model = RegleTarif
    form = RegleForm
    extra = 0
    fields = [
        "libelle",
        "type_enseignement",
        "departement",
        "discipline",
        "duree",
        "cycle",
        "residence",
        "tranche",
        "public",
        "montant",
    ]


class TarifLocationInline(SiteInline, admin.TabularInline):
    model = TarifLocation
    form = MontantPositifForm
    extra = 0
    fields = ["categorie", "montant"]


@admin.register(GrilleTarifaire)
class GrilleTarifaireAdmin(SiteAdmin):
    form = GrilleForm
    list_display = ["__str__", "annee", "frais_famille", "plafond_famille", "etablissement"]
    list_select_related = ["annee", "etablissement"]
    inlines = [TrancheInline, RegleInline, TarifLocationInline]
    actions = ["copier"]
    fieldsets = [
        (None, {"fields": ["etablissement", "annee", "communes"]}),
        (
            _("Family rules"),
            {"fields": ["frais_famille", "remise_2e", "remise_3e", "plafond_famille", "prorata"]},
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        etablissement = site_du_staff(request)
        if db_field.name == "annee" and etablissement is not None:
            formfield.queryset = formfield.queryset.filter(etablissement=etablissement)
        return formfield

    @admin.action(description=_("Copy the selected grids to the next school year"))
    def copier(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset.select_related("annee"),
            lambda g: services.grille_copier(grille=g, par=request.user),
            _("%(objet)s created: check its amounts."),
        )


@admin.register(ParametresFacturation)
class ParametresFacturationAdmin(SiteAdmin):
    list_display = ["etablissement", "recu_par_email", "delai_paiement"]

    def has_add_permission(self, request):
        etablissement = site_du_staff(request)
        if (
            etablissement is not None
            and ParametresFacturation.objects.filter(etablissement=etablissement).exists()
        ):
            return False
        return super().has_add_permission(request)
