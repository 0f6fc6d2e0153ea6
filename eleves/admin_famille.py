"""A family, its guardians (R1, R2) and its pupils created on one admin page (issue 11):
the family admin of famille/admin.py, re-registered here with the two inlines of the
add page (pupils live in this app, above famille). The page calls one service,
eleves.services.famille_creer (journaled); changing a family stays as it was."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eleves.models import Eleve
from eleves.services import famille_creer, prochain_numero_famille
from famille.admin import FamilleAdmin
from famille.models import Famille, Responsable
from imuse.admin_base import SiteInline, adopter, site_du_staff
from imuse.forms import CodePostalField, TelephoneField

CHAMPS_RESPONSABLE = [
    "civilite",
    "nom",
    "prenom",
    "adresse",
    "code_postal",
    "ville",
    "tel_mobile",
    "tel_domicile",
    "tel_pro",
    "email",
    "situation_familiale",
    "profession",
]
CHAMPS_ELEVE = [
    "civilite",
    "prenom",
    "nom",
    "date_naissance",
    "lieu_naissance",
    "numero",
    "droit_image",
    "autorisation_sortie",
]
TELEPHONES = {
    "tel_mobile": TelephoneField,
    "tel_domicile": TelephoneField,
    "tel_pro": TelephoneField,
}


class ResponsableAjoutForm(forms.ModelForm):
    class Meta:
        model = Responsable
        fields = CHAMPS_RESPONSABLE
        field_classes = {**TELEPHONES, "code_postal": CodePostalField}


class EleveAjoutForm(forms.ModelForm):
    class Meta:
        model = Eleve
        fields = CHAMPS_ELEVE
        help_texts = {
            "nom": _("Left empty: the family's name."),
            "numero": _("Left empty: the school's next free number."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nom"].required = False


class AjoutSeulement(forms.BaseInlineFormSet):
    """Rows of a family being created: none exists yet, so the hidden key of a row
    offers no existing row (of this site or another)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[self.model._meta.pk.name].queryset = self.model.objects.none()


class NumerosDistincts(AjoutSeulement):
    """Pupil numbers are unique within the site: neither taken nor typed twice."""

    def clean(self):
        super().clean()
        numeros = {
            form.cleaned_data["numero"]: form
            for form in reversed(self.forms)
            if getattr(form, "cleaned_data", {}).get("numero") is not None
        }
        pris = set(
            Eleve.objects.filter(
                numero__in=numeros, famille__etablissement_id=self.instance.etablissement_id
            ).values_list("numero", flat=True)
        )
        vus = set()
        for form in self.forms:
            numero = getattr(form, "cleaned_data", {}).get("numero")
            if numero is None:
                continue
            if numero in pris:
                form.add_error("numero", _("Another pupil of this school has this number."))
            elif numero in vus:
                form.add_error("numero", _("Two pupils of this page have this number."))
            vus.add(numero)


class ResponsableAjoutInline(SiteInline, admin.StackedInline):
    model = Responsable
    form = ResponsableAjoutForm
    formset = AjoutSeulement
    fields = CHAMPS_RESPONSABLE
    extra = 2
    min_num = 1
    max_num = 2
    can_delete = False
    verbose_name = _("guardian (first one: R1)")
    verbose_name_plural = _("guardians (R1, then R2 if any)")


class EleveAjoutInline(SiteInline, admin.StackedInline):
    model = Eleve
    form = EleveAjoutForm
    formset = NumerosDistincts
    fields = CHAMPS_ELEVE
    extra = 2
    can_delete = False


def _saisis(formset, champs) -> list[dict]:
    """The filled forms of an inline, in page order (the empty extra ones left out)."""
    return [
        {c: form.cleaned_data[c] for c in champs if c in form.cleaned_data}
        for form in formset.forms
        if form.has_changed() and form.cleaned_data
    ]


class FamilleAvecElevesAdmin(FamilleAdmin):
    def get_inlines(self, request, obj):
        if obj is None or obj.pk is None:
            return [ResponsableAjoutInline, EleveAjoutInline]
        return super().get_inlines(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        etablissement = site_du_staff(request)
        if etablissement is not None:
            initial.setdefault("numero", prochain_numero_famille(etablissement))
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and "nom" in form.base_fields:
            form.base_fields["nom"].required = False
            form.base_fields["nom"].help_text = _("Left empty: the first guardian's name.")
        return form

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # Added: saved with its guardians and pupils by save_related, in one service.

    def save_related(self, request, form, formsets, change):
        if change:
            return super().save_related(request, form, formsets, change)
        par_modele = {fs.model: fs for fs in formsets}
        famille = famille_creer(
            etablissement=site_du_staff(request) or form.cleaned_data["etablissement"],
            numero=form.cleaned_data["numero"],
            nom=form.cleaned_data.get("nom", ""),
            responsables=_saisis(par_modele[Responsable], CHAMPS_RESPONSABLE),
            eleves=_saisis(par_modele[Eleve], CHAMPS_ELEVE),
            par=request.user,
        )
        adopter(form.instance, famille)
        for formset in formsets:
            formset.new_objects = list(formset.model.objects.filter(famille=famille))
            formset.changed_objects, formset.deleted_objects = [], []

    def response_add(self, request, obj, post_url_continue=None):
        reponse = super().response_add(request, obj, post_url_continue)
        if "_continue" in request.POST or "_addanother" in request.POST or "_popup" in request.POST:
            return reponse
        # Saved: the new family's overview (guardians, pupils, journal) says what was made.
        return HttpResponseRedirect(reverse("admin:famille_famille_synthese", args=[obj.pk]))


admin.site.unregister(Famille)
admin.site.register(Famille, FamilleAvecElevesAdmin)
