"""A credit note on an issued invoice, from its admin page (docs/facturation.md, "Avoirs").

Pages: the invoice's "Établir un avoir…" link → the form (an amount or lines, and the
mandatory reason) → the confirmation (what will be credited and what is left) → POST
"confirmer": facturation.services.avoir_creer. Site-scoped: the invoice is fetched through
the admin's queryset, another school's answers 404."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facturation import services
from facturation.models import Facture
from facturation.templatetags.facturation import format_euros
from imuse.forms import Formulaire


class MontantField(forms.DecimalField):
    """An amount in euros typed the French way: "1 234,56", "12,5 €" or "12.50"."""

    def __init__(self, **kwargs):
        # A text input: a number input refuses the French "12,50" the help text asks for.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(max_digits=10, decimal_places=2, **kwargs)
        self.error_messages["invalid"] = gettext_lazy("Enter an amount such as 12,50.")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u00a0", "").replace("\u202f", "")
            value = value.replace(" ", "").replace(",", ".")
        try:
            return super().to_python(value)
        except (InvalidOperation, ValueError):  # pragma: no cover (DecimalField raises)
            raise forms.ValidationError(self.error_messages["invalid"]) from None


class ChoixLignes(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        nom = f"{obj.eleve_nom} — " if obj.eleve_nom else ""
        return f"{nom}{obj.designation} : {format_euros(obj.montant)}"


class AvoirForm(Formulaire):
    MONTANT, LIGNES = "montant", "lignes"
    mode = forms.ChoiceField(
        label=gettext_lazy("Credit"),
        choices=[(MONTANT, gettext_lazy("an amount")), (LIGNES, gettext_lazy("lines"))],
        widget=forms.RadioSelect,
        initial=MONTANT,
        error_messages={"required": gettext_lazy("Choose an amount or lines.")},
    )
    montant = MontantField(
        label=gettext_lazy("Amount (€)"),
        required=False,
        help_text=gettext_lazy("For example 42,00; at most what can still be credited."),
    )
    lignes = ChoixLignes(
        label=gettext_lazy("Lines to credit"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    motif = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=200,
        help_text=gettext_lazy("Printed on the family's ledger, kept in the journal."),
        error_messages={"required": gettext_lazy("Give the reason of the credit note.")},
    )

    def __init__(self, *args, facture: Facture, possible, **kwargs):
        super().__init__(*args, **kwargs)
        self.facture = facture
        ids = [ligne.pk for ligne in possible.lignes]
        self.fields["lignes"].queryset = facture.lignes.filter(pk__in=ids)
        self.montant_credite = None

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == self.MONTANT and data.get("montant") is None and "montant" not in self.errors:
            self.add_error("montant", _("Enter the amount to credit."))
        if mode == self.LIGNES and not data.get("lignes") and "lignes" not in self.errors:
            self.add_error("lignes", _("Choose at least one line."))
        if self.errors or not data.get("motif"):
            return data
        lignes = list(data["lignes"]) if mode == self.LIGNES else []
        try:
            self.montant_credite = services.avoir_verifier(
                facture=self.facture,
                montant=None if lignes else data["montant"],
                lignes=lignes,
                motif=data["motif"],
            )
        except services.FacturationError as erreur:
            self.add_error("lignes" if lignes else "montant", str(erreur))
        return data


class AvoirsPartiels:
    """For FactureAdmin: the credit note page and the link to it on an issued invoice."""

    @admin.display(description=gettext_lazy("credit note"))
    def avoir_lien(self, obj: Facture):
        if obj is None or not obj.est_emise or obj.annulee:
            return "—"
        url = reverse("admin:facturation_facture_avoir", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Issue a credit note…"))

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("<int:pk>/avoir/", vue(self.avoir_vue), name="facturation_facture_avoir"),
            *super().get_urls(),
        ]

    def avoir_vue(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        facture = self.get_queryset(request).filter(pk=pk).first()
        if facture is None or not facture.est_emise:
            raise Http404
        possible = services.creditable(facture)
        donnees = request.POST if request.method == "POST" else None
        form = AvoirForm(donnees, facture=facture, possible=possible)
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Credit note on invoice %(numero)s") % {"numero": facture.numero},
            "facture": facture,
            "possible": possible,
            "form": form,
        }
        if donnees is None or not form.is_valid():
            return TemplateResponse(request, "admin/facturation/facture/avoir.html", contexte)
        data = form.cleaned_data
        lignes = list(data["lignes"]) if data["mode"] == AvoirForm.LIGNES else []
        if "confirmer" not in request.POST:
            contexte["montant"] = form.montant_credite
            contexte["lignes"] = lignes
            contexte["reste"] = possible.montant - form.montant_credite
            contexte["annulee"] = facture.net - form.montant_credite <= Decimal("0")
            return TemplateResponse(
                request, "admin/facturation/facture/avoir_confirmer.html", contexte
            )
        try:
            avoir = services.avoir_creer(
                facture=facture,
                motif=data["motif"],
                par=request.user,
                montant=None if lignes else data["montant"],
                lignes=lignes,
            )
        except services.FacturationError as erreur:
            form.add_error(None, str(erreur))
            return TemplateResponse(request, "admin/facturation/facture/avoir.html", contexte)
        self.message_user(
            request,
            _("Credit note %(numero)s of %(montant)s issued.")
            % {"numero": avoir.numero, "montant": format_euros(avoir.montant)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:facturation_facture_change", args=[pk]))
