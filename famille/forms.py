"""Forms of the family's records, submitted as pending modifications (DESIGN §2)."""

from __future__ import annotations

from django import forms

from famille.models import Responsable
from imuse.forms import (
    CodePostalField,
    CoordonneesMixin,
    FormulaireDemande,
    TelephoneField,
)

CHAMPS_TELEPHONE = [
    "tel_domicile",
    "tel_mobile",
    "tel_pro",
    "tel_supplementaire_1",
    "tel_supplementaire_2",
    "tel_supplementaire_3",
]


class ResponsableForm(CoordonneesMixin, FormulaireDemande):
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

    autocompletes = {"tel_mobile": "tel", "profession": "organization-title"}
