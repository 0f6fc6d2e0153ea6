"""The pupil's Identité tab, submitted as a pending modification (DESIGN §2)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eleves.models import Eleve
from imuse.forms import CodePostalField, Formulaire, FormulaireDemande, TelephoneField

OUI_NON = [(True, _("Yes")), (False, _("No"))]
CHAMPS_TELEPHONE = ["tel_domicile", "tel_mobile", "tel_pro", "tel_urgence"]
CHAMPS_ADRESSE = ["adresse", "code_postal", "ville"]


def oui_non(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=OUI_NON, coerce=lambda v: v in (True, "True"), widget=forms.RadioSelect
    )


class RechercheForm(Formulaire):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class EleveForm(FormulaireDemande):
    droit_image = oui_non(_("Image rights"))
    autorisation_sortie = oui_non(_("Permission to leave alone"))

    class Meta:
        model = Eleve
        fields = [
            "civilite",
            "nom",
            "prenom",
            "date_naissance",
            "lieu_naissance",
            "utiliser_coordonnees_responsable",
            *CHAMPS_ADRESSE,
            "tel_domicile",
            "tel_mobile",
            "tel_pro",
            "email",
            "personne_a_prevenir",
            "tel_urgence",
            "droit_image",
            "autorisation_sortie",
        ]
        field_classes = {
            **dict.fromkeys(CHAMPS_TELEPHONE, TelephoneField),
            "code_postal": CodePostalField,
        }
        widgets = {
            "date_naissance": forms.DateInput(format="%d/%m/%Y"),
            "code_postal": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "date_naissance": _("Format: dd/mm/yyyy, for example 14/03/2012."),
            "utiliser_coordonnees_responsable": _(
                "When ticked, the pupil's own address below is not needed."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # WCAG 1.3.5: the browser may fill the pupil's identity and address (bday = birth date).
        autocompletes = {
            "civilite": "honorific-prefix",
            "nom": "family-name",
            "prenom": "given-name",
            "date_naissance": "bday",
            "adresse": "street-address",
            "code_postal": "postal-code",
            "ville": "address-level2",
            "email": "email",
        }
        for champ, valeur in autocompletes.items():
            self.fields[champ].widget.attrs["autocomplete"] = valeur
        self.fields["date_naissance"].widget.attrs["inputmode"] = "numeric"

    def clean_date_naissance(self):
        date = self.cleaned_data.get("date_naissance")
        if date and not dt.date(1900, 1, 1) <= date <= timezone.localdate():
            raise forms.ValidationError(
                _("Enter a date of birth in the past, for example 14/03/2012."),
                code="date_naissance",
            )
        return date

    def clean(self):
        donnees = super().clean()
        if not donnees.get("utiliser_coordonnees_responsable"):
            for champ in CHAMPS_ADRESSE:
                if not donnees.get(champ) and champ not in self.errors:
                    self.add_error(
                        champ,
                        _(
                            "Fill in this field, or tick "
                            "“Use the legal guardian's contact details”."
                        ),
                    )
        return donnees
