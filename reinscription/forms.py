"""The re-enrolment page's form: ticks, a document to import, free text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imuse.forms import Formulaire
from imuse.televersement import ChampDocument
from reinscription.lecture import LignePiece
from reinscription.services import MESSAGE_COCHER


class DemandeForm(Formulaire):
    administrative = forms.BooleanField(label=_("Administrative re-enrolment"), required=False)
    cours = forms.TypedMultipleChoiceField(
        label=_("Courses"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    fichier = ChampDocument(label=_("File"), required=False)
    piece = forms.TypedChoiceField(
        label=_("Document name"), required=False, coerce=int, empty_value=None
    )
    texte = forms.CharField(
        label=_("Other requests"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example a change of teacher or time slot, or a new discipline."),
    )

    def __init__(
        self, *args, inscriptions: list, lignes: list[LignePiece], action: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["cours"].choices = [(i.pk, i.cours.code) for i in inscriptions]
        self.fields["piece"].choices = [("", _("— choose —"))] + [
            (ligne.piece.pk, ligne.piece.libelle)
            for ligne in lignes
            if not ligne.fichier or ligne.fichier.modifiable
        ]
        self._inscriptions = {i.pk: i for i in inscriptions}

    def inscriptions_choisies(self) -> list:
        return [self._inscriptions[pk] for pk in self.cleaned_data.get("cours", [])]

    def clean(self):
        donnees = super().clean()
        coche = donnees.get("administrative") or donnees.get("cours")
        if self.action in ("importer", "valider") and not coche:
            raise forms.ValidationError(MESSAGE_COCHER, code="cocher")
        if self.action == "importer":
            if not donnees.get("piece") and "piece" not in self.errors:
                self.add_error("piece", _("Please choose the document this file is."))
            if not donnees.get("fichier") and "fichier" not in self.errors:
                self.add_error("fichier", _("Please choose a file."))
        return donnees
