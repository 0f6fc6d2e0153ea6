from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from importation.genres import TYPES
from imuse.forms import Formulaire
from imuse.models import Etablissement

TAILLE_MAX = 50 * 1024 * 1024
EXTENSIONS = (".csv", ".txt", ".xlsx")


class TeleversementForm(Formulaire):
    type_import = forms.ChoiceField(label=_("Kind of data"), choices=())
    fichier = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_(
            "The first row holds the column headers; download the template of the kind "
            "below to see them. At most 50 MB."
        ),
    )
    etablissement = forms.ModelChoiceField(
        label=_("School"), queryset=Etablissement.objects.all(), required=False
    )

    def __init__(self, *args, etablissement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_import"].choices = [(code, t.libelle) for code, t in TYPES.items()]
        self.fields["fichier"].widget.attrs["accept"] = ",".join(EXTENSIONS)
        self.etablissement_impose = etablissement
        if etablissement is not None:
            del self.fields["etablissement"]
        else:
            self.fields["etablissement"].required = True

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if Path(fichier.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(_("Send an XLSX or CSV file (.xlsx, .csv)."))
        if fichier.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if fichier.size > TAILLE_MAX:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return fichier

    @property
    def site(self):
        return self.etablissement_impose or self.cleaned_data.get("etablissement")
