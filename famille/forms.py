"""Forms of the family's records, submitted as pending modifications (DESIGN §2)."""

from __future__ import annotations

from django import forms

from famille.models import Responsable
from imuse.forms import CodePostalField, FormulaireDemande, TelephoneField

CHAMPS_TELEPHONE = [
    "tel_domicile",
    "tel_mobile",
    "tel_pro",
    "tel_supplementaire_1",
    "tel_supplementaire_2",
    "tel_supplementaire_3",
]


class ResponsableForm(FormulaireDemande):
    class Meta:
        model = Responsable
        fields = [
            "civilite",
            "nom",
            "prenom",
            "adresse",
            "code_postal",
            "ville",
            *CHAMPS_TELEPHONE,
            "email",
            "situation_familiale",
            "code_socio_professionnel",
            "profession",
        ]
        field_classes = {
            **dict.fromkeys(CHAMPS_TELEPHONE, TelephoneField),
            "code_postal": CodePostalField,
        }
        widgets = {"code_postal": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocompletes = {
            "civilite": "honorific-prefix",
            "nom": "family-name",
            "prenom": "given-name",
            "adresse": "street-address",
            "code_postal": "postal-code",
            "ville": "address-level2",
            "email": "email",
            "tel_mobile": "tel",
            "profession": "organization-title",
        }
        for champ, valeur in autocompletes.items():
            self.fields[champ].widget.attrs["autocomplete"] = valeur
