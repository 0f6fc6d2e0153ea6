"""Admin of holidays and closures, cancelled sessions and absences reported by families.

Registered from eleves/admin.py. Every change goes through eleves.services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from eleves.models import AbsenceSignalee, PeriodeFermeture, SeanceAnnulee
from eleves.services import (
    AgendaErreur,
    absence_statuer,
    seance_annuler,
    seance_remplacer,
    seance_verifier,
    vacances_charger,
)
from imuse.admin_base import SiteAdmin
from imuse.admin_recherche import RechercheParTable


@admin.register(PeriodeFermeture)
class PeriodeFermetureAdmin(SiteAdmin):
    site_field = "annee__etablissement"
    list_display = ["libelle", "debut", "fin", "origine", "annee"]
    list_filter = ["annee", "origine"]
    list_select_related = ["annee"]
    search_fields = ["libelle"]
    date_hierarchy = "debut"
    actions = ["recharger"]

    @admin.action(
        description=_("Reload the official holidays of the selected rows' years"),
        permissions=["change"],
    )
    def recharger(self, request, queryset):
        annees = {f.annee for f in queryset.select_related("annee__etablissement")}
        for annee in annees:
            n = vacances_charger(annee=annee, par=request.user)
            messages.success(
                request,
                _("%(annee)s: %(n)d official periods loaded (zone %(zone)s).")
                % {"annee": annee, "n": n, "zone": annee.etablissement.zone_vacances or "—"},
            )


class SeanceAnnuleeForm(forms.ModelForm):
    class Meta:
        model = SeanceAnnulee
        fields = [
            "cours",
            "date",
            "motif",
            "remplacement_date",
            "remplacement_heure",
            "remplacement_salle",
        ]

    def clean(self):
        cleaned = super().clean()
        cours, jour = cleaned.get("cours"), cleaned.get("date")
        if self.instance.pk is None and cours and jour:
            if SeanceAnnulee.objects.filter(cours=cours, date=jour).exists():
                self.add_error("date", _("This session is already cancelled."))
            else:
                try:
                    seance_verifier(cours, jour)
                except AgendaErreur as erreur:
                    self.add_error("date", str(erreur))
        if cleaned.get("remplacement_heure") and not cleaned.get("remplacement_date"):
            self.add_error("remplacement_date", _("Give the date of the replacement session."))
        return cleaned


@admin.register(SeanceAnnulee)
class SeanceAnnuleeAdmin(RechercheParTable, SiteAdmin):
    site_field = "cours__annee__etablissement"
    form = SeanceAnnuleeForm
    list_display = ["cours", "date", "motif", "remplacement_date", "remplacement_heure"]
    list_filter = ["cours__annee"]
    list_select_related = ["cours__annee"]
    search_fields = ["cours__code", "motif"]
    autocomplete_fields = ["cours"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        # A cancellation is not moved: cancel the other date instead.
        return ["cours", "date", "motif"] if obj is not None else []

    def save_form(self, request, form, change):
        return form.instance

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if change:
                if data.get("remplacement_date"):
                    seance_remplacer(
                        annulation=obj,
                        remplacement_date=data["remplacement_date"],
                        remplacement_heure=data.get("remplacement_heure"),
                        remplacement_salle=data.get("remplacement_salle"),
                        par=request.user,
                    )
                return
            nouvelle = seance_annuler(
                cours=data["cours"],
                date=data["date"],
                motif=data["motif"],
                remplacement_date=data.get("remplacement_date"),
                remplacement_heure=data.get("remplacement_heure"),
                remplacement_salle=data.get("remplacement_salle"),
                par=request.user,
            )
            obj.pk = nouvelle.pk
        except AgendaErreur as erreur:
            raise _Refus(str(erreur)) from erreur

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refus as refus:
            messages.error(request, str(refus))
            return HttpResponseRedirect(request.get_full_path())

    def save_related(self, request, form, formsets, change):
        pass


class _Refus(Exception):
    pass


class PeriodeFiltre(admin.SimpleListFilter):
    title = _("period")
    parameter_name = "periode"

    def lookups(self, request, model_admin):
        return [("jour", _("Today")), ("semaine", _("This week")), ("avenir", _("To come"))]

    def queryset(self, request, queryset):
        aujourd_hui = timezone.localdate()
        if self.value() == "jour":
            return queryset.chevauchant(aujourd_hui, aujourd_hui)
        if self.value() == "semaine":
            lundi = aujourd_hui - dt.timedelta(days=aujourd_hui.weekday())
            return queryset.chevauchant(lundi, lundi + dt.timedelta(days=6))
        if self.value() == "avenir":
            return queryset.filter(fin__gte=aujourd_hui)
        return queryset


@admin.register(AbsenceSignalee)
class AbsenceSignaleeAdmin(RechercheParTable, SiteAdmin):
    site_field = "eleve__famille__etablissement"
    list_display = ["eleve", "debut", "fin", "cours_concernes", "motif", "statut", "signalee_le"]
    list_filter = [PeriodeFiltre, "statut"]
    list_select_related = ["eleve"]
    search_fields = ["eleve__nom", "eleve__prenom", "motif"]
    actions = ["justifier", "ne_pas_justifier"]
    readonly_fields = [
        "eleve",
        "debut",
        "fin",
        "tous_les_cours",
        "inscriptions",
        "motif",
        "statut",
        "signalee_par",
        "signalee_le",
        "traitee_par",
        "traitee_le",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("inscriptions__cours")

    @admin.display(description=_("courses concerned"))
    def cours_concernes(self, obj: AbsenceSignalee) -> str:
        if obj.tous_les_cours:
            return str(_("All courses"))
        return ", ".join(i.cours.code for i in obj.inscriptions.all())

    def has_add_permission(self, request):
        return False

    def _statuer(self, request, queryset, justifiee: bool):
        faites = 0
        for absence in queryset:
            try:
                absence_statuer(absence=absence, justifiee=justifiee, par=request.user)
                faites += 1
            except AgendaErreur as erreur:
                messages.warning(request, f"{absence}: {erreur}")
        messages.success(
            request,
            ngettext("%(n)d absence updated.", "%(n)d absences updated.", faites) % {"n": faites},
        )

    @admin.action(description=_("Mark justified"), permissions=["change"])
    def justifier(self, request, queryset):
        self._statuer(request, queryset, True)

    @admin.action(description=_("Mark not justified"), permissions=["change"])
    def ne_pas_justifier(self, request, queryset):
        self._statuer(request, queryset, False)
