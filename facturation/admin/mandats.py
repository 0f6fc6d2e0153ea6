"""SEPA mandates in the admin: staff record a paper mandate (facturation.services
.mandat_enregistrer) and revoke mandates (an action); a mandate is never edited."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facturation import services
from facturation.admin.commun import _appliquer
from facturation.models import MandatSepa
from imuse.admin_base import SiteAdmin, adopter
from imuse.admin_recherche import RechercheParTable
from imuse.texte import proteger_champ


class MandatPapierForm(forms.ModelForm):
    """A paper mandate: its account checked (schwifty) with a French message per field."""

    class Meta:
        model = MandatSepa
        fields = ["famille", "titulaire", "iban", "bic", "date_signature"]
        help_texts = {
            "bic": _("Left empty, it is found from the IBAN when the bank is known."),
            "date_signature": _("The date the family signed the paper mandate."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nom in ("titulaire", "iban", "bic"):
            if nom in self.fields:
                self.fields[nom].validators = []
                proteger_champ(self.fields[nom], multiligne=False)
        if "iban" in self.fields:
            self.fields["iban"].max_length = 42
            self.fields["iban"].widget.attrs["maxlength"] = 42
        if "bic" in self.fields:
            self.fields["bic"].required = False

    def clean(self):
        data = super().clean()
        if {"iban", "titulaire"} <= set(data):
            try:
                data.update(
                    services.verifier_compte(
                        iban=data["iban"], bic=data.get("bic", ""), titulaire=data["titulaire"]
                    )
                )
            except ValidationError as e:
                for champ, erreurs in e.error_dict.items():
                    for erreur in erreurs:
                        self.add_error(champ, erreur.message)
        famille = data.get("famille")
        if famille is not None:
            if not services.creancier(famille.etablissement).ics:
                self.add_error(
                    None,
                    _(
                        "Set the creditor identifier (ICS) of the school in the invoicing "
                        "settings first."
                    ),
                )
            elif services.mandat_actif(famille) is not None:
                self.add_error(
                    "famille", _("The family already has an active mandate: revoke it first.")
                )
        jour = data.get("date_signature")
        if jour is not None and jour > timezone.localdate():
            self.add_error("date_signature", _("The signature date cannot be in the future."))
        return data

    def _post_clean(self):
        # The service builds the row (RUM, school, source): the instance is not checked.
        pass


@admin.register(MandatSepa)
class MandatSepaAdmin(RechercheParTable, SiteAdmin):
    form = MandatPapierForm
    list_display = [
        "rum",
        "famille",
        "titulaire",
        "iban_masque",
        "date_signature",
        "source",
        "statut",
        "prelever",
        "sequence",
    ]
    list_filter = ["statut", "source", "prelever"]
    search_fields = ["rum", "titulaire", "famille__nom", "famille__numero"]
    list_select_related = ["famille"]
    autocomplete_fields = ["famille"]
    actions = ["revoquer", "arreter", "reprendre"]

    @admin.display(description=_("IBAN"))
    def iban_masque(self, obj) -> str:
        return obj.iban_masque

    @admin.display(description=_("next sequence type"))
    def sequence(self, obj) -> str:
        return obj.sequence

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [
                "rum",
                "famille",
                "titulaire",
                "iban_masque",
                "bic",
                "date_signature",
                "source",
                "signe_par",
                "statut",
                "prelever",
                "premiere_collecte_faite",
                "revoque_le",
                "motif_revocation",
                "consentement",
                "cree_par",
            ]
        return []

    def get_fields(self, request, obj=None):
        if obj is not None:
            return self.get_readonly_fields(request, obj)
        return MandatPapierForm.Meta.fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        mandat = services.mandat_enregistrer(
            famille=data["famille"],
            iban=data["iban"],
            bic=data["bic"],
            titulaire=data["titulaire"],
            date_signature=data["date_signature"],
            par=request.user,
        )
        adopter(obj, mandat)

    @admin.action(description=_("Revoke the selected mandates"), permissions=["change"])
    def revoquer(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda m: services.mandat_revoquer(
                mandat=m, motif=str(_("Revoked by the school")), par=request.user
            ),
            _("Mandate %(objet)s revoked: it is no longer debited."),
        )

    @admin.action(
        description=_("Stop debiting the instalments (the family pays another way)"),
        permissions=["change"],
    )
    def arreter(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda m: services.mandat_prelever(mandat=m, prelever=False, par=request.user),
            _("Mandate %(objet)s: instalments no longer debited."),
        )

    @admin.action(description=_("Debit the instalments again"), permissions=["change"])
    def reprendre(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda m: services.mandat_prelever(mandat=m, prelever=True, par=request.user),
            _("Mandate %(objet)s: instalments debited again."),
        )
