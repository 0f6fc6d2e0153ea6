"""The pupil's Identité tab, submitted as a pending modification (DESIGN §2)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eleves.models import Eleve
from imuse.forms import (
    ChoixMultiplesLus,
    CodePostalField,
    CoordonneesMixin,
    Formulaire,
    FormulaireDemande,
    TelephoneField,
    libelles_traduits,
)

OUI_NON = [(True, _("Yes")), (False, _("No"))]
CHAMPS_TELEPHONE = ["tel_domicile", "tel_mobile", "tel_pro", "tel_urgence"]
CHAMPS_ADRESSE = ["adresse", "code_postal", "ville"]


def oui_non(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=OUI_NON, coerce=lambda v: v in (True, "True"), widget=forms.RadioSelect
    )


class RechercheForm(Formulaire):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class EleveForm(CoordonneesMixin, FormulaireDemande):
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

    autocompletes = {"date_naissance": "bday"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_naissance"].widget.attrs["inputmode"] = "numeric"
        libelles_traduits(self)

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


class ChampDate(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AbsenceSignaleeForm(Formulaire):
    """A guardian reports an absence ahead: a day or a range, all courses or some."""

    TOUS, CERTAINS = "tous", "certains"

    debut = ChampDate(label=_("First day"))
    fin = ChampDate(
        label=_("Last day"), required=False, help_text=_("Leave empty for a single day.")
    )
    portee = forms.ChoiceField(
        label=_("Courses concerned"),
        choices=[(TOUS, _("All courses")), (CERTAINS, _("Only the courses ticked below"))],
        initial=TOUS,
        widget=forms.RadioSelect,
    )
    inscriptions = ChoixMultiplesLus(
        label=_("Courses"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    motif = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, fiches, lignes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inscriptions"].queryset = fiches
        self.fields["inscriptions"].lignes = lignes
        self.fields["inscriptions"].label_from_instance = lambda i: i.cours.code
        libelles_traduits(self)

    def clean(self):
        cleaned = super().clean()
        debut, fin = cleaned.get("debut"), cleaned.get("fin")
        if debut and debut < timezone.localdate():
            self.add_error(
                "debut", _("An absence is reported ahead: choose today or a later date.")
            )
        if debut and fin and fin < debut:
            self.add_error("fin", _("The last day must be on or after the first day."))
        if cleaned.get("portee") == self.CERTAINS and not cleaned.get("inscriptions"):
            self.add_error("inscriptions", _("Tick at least one course, or choose all courses."))
        return cleaned

    @property
    def choix_inscriptions(self):
        if self.cleaned_data["portee"] == self.TOUS:
            return None
        return list(self.cleaned_data["inscriptions"])
