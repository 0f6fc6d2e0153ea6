"""The page "Exports comptables" (docs/facturation.md): a period, the export wanted, a CSV
file downloaded (facturation/exports.py). A site's staff export their own school only;
a superuser chooses the school."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facturation import exports
from imuse.admin_base import site_du_staff
from imuse.forms import Formulaire
from imuse.models import Etablissement

# The longest period of one file (a year and a bit: a school year, a calendar year).
PERIODE_MAX = timedelta(days=400)

DATE_ERREURS = {
    "required": gettext_lazy("Enter a date such as 01/09/2026."),
    "invalid": gettext_lazy("Enter a date such as 01/09/2026."),
}


class ExportForm(Formulaire):
    export = forms.ChoiceField(
        label=gettext_lazy("Export"),
        choices=[(code, e.libelle) for code, e in exports.EXPORTS.items()],
        widget=forms.RadioSelect,
        initial="factures",
        error_messages={"required": gettext_lazy("Choose what to export.")},
    )
    du = forms.DateField(label=gettext_lazy("From"), error_messages=DATE_ERREURS)
    au = forms.DateField(
        label=gettext_lazy("To (included)"),
        error_messages=DATE_ERREURS,
        help_text=gettext_lazy("At most 400 days; for example 01/09/2026 to 31/08/2027."),
    )
    etablissement = forms.ModelChoiceField(
        label=gettext_lazy("School"),
        queryset=Etablissement.objects.order_by("nom"),
        required=False,
        error_messages={"required": gettext_lazy("Choose the school.")},
    )

    def __init__(self, *args, etablissement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = etablissement
        if etablissement is not None:
            del self.fields["etablissement"]
        else:
            self.fields["etablissement"].required = True
        aujourdhui = timezone.localdate()
        self.fields["du"].initial = date(aujourdhui.year, aujourdhui.month, 1)
        self.fields["au"].initial = aujourdhui

    def clean(self):
        data = super().clean()
        du, au = data.get("du"), data.get("au")
        if du and au and au < du:
            self.add_error("au", _("The end of the period comes before its start."))
        elif du and au and au - du > PERIODE_MAX:
            self.add_error("au", _("A period of at most 400 days, please."))
        if self.site is not None:
            data["etablissement"] = self.site
        return data


class ExportsComptables:
    """For FactureAdmin: the page and its download."""

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("exports/", vue(self.exports_vue), name="facturation_exports"),
            *super().get_urls(),
        ]

    def exports_vue(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        site = site_du_staff(request)
        form = ExportForm(request.GET if "export" in request.GET else None, etablissement=site)
        if form.is_bound and form.is_valid():
            d = form.cleaned_data
            export = exports.EXPORTS[d["export"]]
            reponse = StreamingHttpResponse(
                exports.lignes_csv(export, d["etablissement"], d["du"], d["au"]),
                content_type="text/csv; charset=utf-8",
            )
            nom = exports.nom_fichier(export, d["etablissement"], d["du"], d["au"])
            reponse["Content-Disposition"] = content_disposition_header(True, nom)
            reponse["Cache-Control"] = "private, no-store"
            return reponse
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Accounting exports"),
            "form": form,
            "exports": exports.EXPORTS.values(),
        }
        return TemplateResponse(request, "admin/facturation/exports.html", contexte)
