"""The batch run "Facturer l'année" in the admin (docs/facturation.md): choose the year and
the period, read the preview (every family with its lines and total, every family that
cannot be priced and why), confirm, then follow the run's progress on its page.

Pages: add (the choice) → apercu (GET, writes nothing) → confirmer (GET: the summary;
POST: facturation.services.lot_lancer) → the run's page (progress, report)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facturation import services
from facturation.models import GrilleTarifaire, LotFacturation, Periode
from imuse.admin_base import LectureSeule, SiteAdmin, site_du_staff

FAMILLES_PAR_PAGE = 100


class ChoixGrille(forms.ModelChoiceField):
    def label_from_instance(self, obj: GrilleTarifaire) -> str:
        return obj.annee.libelle if self.un_site else f"{obj.annee.libelle} — {obj.etablissement}"


class LotForm(forms.Form):
    grille = ChoixGrille(
        queryset=GrilleTarifaire.objects.none(),
        label=gettext_lazy("School year"),
        help_text=gettext_lazy("The years with a tariff grid."),
        error_messages={"required": gettext_lazy("Choose the school year.")},
    )
    periode = forms.ChoiceField(
        choices=Periode.choices,
        label=gettext_lazy("Period"),
        initial=Periode.ANNEE,
        error_messages={"required": gettext_lazy("Choose the period.")},
    )
    date_emission = forms.DateField(
        label=gettext_lazy("Issue date"),
        help_text=gettext_lazy("For example 01/10/2026; the due date follows the school's delay."),
        error_messages={
            "required": gettext_lazy("Enter the issue date."),
            "invalid": gettext_lazy("Enter a date such as 01/10/2026."),
        },
    )

    def __init__(self, *args, etablissement=None, **kwargs):
        super().__init__(*args, **kwargs)
        grilles = GrilleTarifaire.objects.select_related("annee", "etablissement")
        if etablissement is not None:
            grilles = grilles.filter(etablissement=etablissement)
        self.fields["grille"].queryset = grilles.order_by("-annee__debut")
        self.fields["grille"].un_site = etablissement is not None
        self.fields["date_emission"].initial = timezone.localdate()

    def parametres(self) -> str:
        d = self.cleaned_data
        return urlencode(
            {
                "grille": d["grille"].pk,
                "periode": d["periode"],
                "date_emission": d["date_emission"].strftime("%d/%m/%Y"),
            }
        )


@admin.register(LotFacturation)
class LotFacturationAdmin(LectureSeule, SiteAdmin):
    list_display = ["__str__", "statut", "date_emission", "factures", "montant", "cree_par"]
    list_filter = ["statut", "periode"]
    list_select_related = ["grille__annee", "cree_par"]
    change_list_template = "admin/facturation/lot/change_list.html"
    montrer_journal = False

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("facturer/", vue(self.choisir), name="facturation_lot_choisir"),
            path("apercu/", vue(self.apercu), name="facturation_lot_apercu"),
            path("confirmer/", vue(self.confirmer), name="facturation_lot_confirmer"),
            path(
                "<int:pk>/progression/", vue(self.progression), name="facturation_lot_progression"
            ),
            path(
                "<int:pk>/interrompre/", vue(self.interrompre), name="facturation_lot_interrompre"
            ),
            *super().get_urls(),
        ]

    def peut_lancer(self, request) -> bool:
        return request.user.has_perm("facturation.add_facture")

    def _contexte(self, request, titre: str, **contexte) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": titre,
            **contexte,
        }

    def _form(self, request, donnees) -> LotForm:
        if not self.peut_lancer(request):
            raise PermissionDenied
        return LotForm(donnees, etablissement=site_du_staff(request))

    def choisir(self, request: HttpRequest) -> HttpResponse:
        return self.choisir_invalide(request, self._form(request, None))

    def apercu(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.GET)
        if not form.is_valid():
            return self.choisir_invalide(request, form)
        d = form.cleaned_data
        resume = services.lot_apercu(d["grille"], d["periode"])
        page = Paginator(resume.a_facturer, FAMILLES_PAR_PAGE).get_page(request.GET.get("page"))
        for t in page:
            t.total_general = t.total + t.total_locations
        return TemplateResponse(
            request,
            "admin/facturation/lot/apercu.html",
            self._contexte(
                request,
                _("Preview: %(annee)s, %(periode)s")
                % {"annee": d["grille"].annee.libelle, "periode": Periode(d["periode"]).label},
                form=form,
                apercu=resume,
                grille=d["grille"],
                page=page,
                parametres=form.parametres(),
            ),
        )

    def choisir_invalide(self, request, form) -> HttpResponse:
        return TemplateResponse(
            request,
            "admin/facturation/lot/choisir.html",
            self._contexte(request, _("Invoice the year"), form=form),
        )

    def confirmer(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST if request.method == "POST" else request.GET)
        if not form.is_valid():
            return self.choisir_invalide(request, form)
        d = form.cleaned_data
        if request.method == "POST":
            try:
                lot = services.lot_lancer(
                    grille=d["grille"],
                    periode=d["periode"],
                    date_emission=d["date_emission"],
                    par=request.user,
                )
            except services.FacturationError as erreur:
                messages.error(request, str(erreur))
                return HttpResponseRedirect(reverse("admin:facturation_lotfacturation_changelist"))
            messages.success(request, _("The invoices are being issued."))
            return HttpResponseRedirect(
                reverse("admin:facturation_lotfacturation_change", args=[lot.pk])
            )
        resume = services.lot_apercu(d["grille"], d["periode"])
        return TemplateResponse(
            request,
            "admin/facturation/lot/confirmer.html",
            self._contexte(
                request,
                _("Issue the invoices?"),
                form=form,
                apercu=resume,
                grille=d["grille"],
                periode=Periode(d["periode"]).label,
                date_emission=d["date_emission"],
                parametres=form.parametres(),
            ),
        )

    def _lot(self, request, pk) -> LotFacturation:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            self.get_queryset(request).select_related("grille__annee", "cree_par"), pk=pk
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            lot = self._lot(request, int(object_id))
        except ValueError:
            raise Http404 from None
        return TemplateResponse(
            request,
            "admin/facturation/lot/lot.html",
            self._contexte(
                request,
                _("Batch invoicing %(lot)s") % {"lot": lot},
                lot=lot,
                peut_lancer=self.peut_lancer(request),
                en_cours=lot.statut
                in (LotFacturation.Statut.EN_ATTENTE, LotFacturation.Statut.EN_COURS),
            ),
        )

    def progression(self, request: HttpRequest, pk: int) -> JsonResponse:
        lot = self._lot(request, pk)
        return JsonResponse(
            {
                "en_cours": lot.statut
                in (LotFacturation.Statut.EN_ATTENTE, LotFacturation.Statut.EN_COURS),
                "statut": lot.get_statut_display(),
                "fait": lot.traitees,
                "total": lot.total,
            }
        )

    def interrompre(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A run left "in progress" by a stopped worker: confirm, then mark it interrupted."""
        if not self.peut_lancer(request):
            raise PermissionDenied
        lot = self._lot(request, pk)
        if request.method == "POST":
            try:
                services.lot_interrompre(lot=lot, par=request.user)
            except services.FacturationError as erreur:
                messages.error(request, str(erreur))
            else:
                messages.success(request, _("The batch run is marked as interrupted."))
            return HttpResponseRedirect(
                reverse("admin:facturation_lotfacturation_change", args=[lot.pk])
            )
        return TemplateResponse(
            request,
            "admin/facturation/lot/interrompre.html",
            self._contexte(
                request, _("Interrupt batch invoicing %(lot)s?") % {"lot": lot}, lot=lot
            ),
        )

    def changelist_view(self, request, extra_context=None):
        contexte = {"peut_lancer": self.peut_lancer(request)} | (extra_context or {})
        return super().changelist_view(request, contexte)
