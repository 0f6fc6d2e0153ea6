"""Form fields and the base form the apps share (DESIGN §2): the French phone number,
the postal code, and `FormulaireDemande`, a form on a live record whose submission
becomes a pending modification."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from imuse.copie_champs import CopieRapide
from imuse.models import DemandeModification
from imuse.services import en_texte, valeur_affichee, valeurs_actuelles, valeurs_demandees
from imuse.texte import proteger_champ
from imuse.traduits import traduit

MESSAGE_TELEPHONE = _(
    "Enter a French phone number of 10 digits, for example 02 33 94 22 77 or +33 2 33 94 22 77."
)


def normaliser_telephone(valeur: str) -> str:
    """'0233942277', '02.33.94.22.77', '+33 2 33 94 22 77' → '02 33 94 22 77'.

    Raises ValueError when the text is not a French 10-digit number.
    """
    # "+33 (0)2 33 94 22 77": the bracketed 0 is not dialled after +33.
    chiffres = re.sub(r"[\s.\-/()]", "", valeur.replace("(0)", ""))
    if chiffres.startswith("+33"):
        chiffres = "0" + chiffres[3:]
    elif chiffres.startswith("0033"):
        chiffres = "0" + chiffres[4:]
    if not re.fullmatch(r"0[1-9]\d{8}", chiffres):
        raise ValueError(valeur)
    return " ".join(chiffres[i : i + 2] for i in range(0, 10, 2))


class TelephoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs["max_length"] = 25
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs["autocomplete"] = "tel"

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return normaliser_telephone(value)
        except ValueError:
            raise forms.ValidationError(MESSAGE_TELEPHONE, code="telephone") from None


def libelles_traduits(form: forms.BaseForm) -> None:
    """Translate the fields' lazy labels and help texts once, for the form's life (one
    request, one language; imuse/traduits.py keeps them per language): rendering a field
    reads its label three times (the label tag, its suffix check, the escaping), each a
    gettext through the lazy proxy."""
    for champ in form.fields.values():
        if isinstance(champ.label, Promise):
            champ.label = traduit(champ.label)
        if isinstance(champ.help_text, Promise):
            champ.help_text = traduit(champ.help_text)


class Formulaire(CopieRapide, forms.Form):
    """Base of our plain forms: no control character in any text field (imuse/texte.py);
    passwords excepted (any character is theirs), line breaks kept in a Textarea."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            if isinstance(champ, forms.CharField) and not isinstance(
                champ.widget, forms.PasswordInput
            ):
                proteger_champ(champ, multiligne=isinstance(champ.widget, forms.Textarea))


class IterateurLu(forms.models.ModelChoiceIterator):
    """Choices from the queryset read once (and its cache after): Django's iterator runs
    `queryset.iterator()`, a new query (a server-side cursor on PostgreSQL) each time
    the widget lists its options. For the short lists of a portal form."""

    def _lignes(self):
        # The rows the view read already (a query compiled once), else the queryset's.
        lignes = getattr(self.field, "lignes", None)
        return self.queryset if lignes is None else lignes

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._lignes():  # evaluated once, then its result cache
            yield self.choice(obj)

    def __len__(self):
        return len(self._lignes()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._lignes())


class ChoixMultiplesLus(forms.ModelMultipleChoiceField):
    """Its boxes list `lignes` when the view gives them (the queryset's rows, read by a
    query compiled once); what is submitted is still checked against the queryset."""

    iterator = IterateurLu
    lignes: list | None = None


code_postal_valide = RegexValidator(
    r"^\d{5}$", _("Enter a postal code of five digits, for example 50700."), "code_postal"
)


class CodePostalField(forms.CharField):
    """A French postal code: spaces typed inside ("50 700") are dropped, then five
    digits are asked for, with one message whatever was wrong."""

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)  # the model's 5: checked by the message below
        kwargs.pop("min_length", None)
        super().__init__(**kwargs)
        self.validators.append(code_postal_valide)

    def to_python(self, value):
        return re.sub(r"\s", "", super().to_python(value))


class FormulaireDemande(CopieRapide, forms.ModelForm):
    """A form on a live record whose submission becomes a pending request.

    It is never saved: the view hands `valeurs_texte()` to imuse.services.demande_soumettre.
    It shows the values of the open request, and on each field it changes a marker that
    is visible, announced to screen readers (its help text, tied by aria-describedby) and
    not colour alone (an icon and words).
    """

    def __init__(self, *args, objet: models.Model, demande: DemandeModification | None, **kw):
        modele = self._meta.model
        initial = valeurs_actuelles(objet, self._meta.fields)
        demandees = valeurs_demandees(demande)
        initial.update({c: v for c, v in demandees.items() if c in initial})
        for champ, texte in initial.items():
            field = modele._meta.get_field(champ)
            if isinstance(field, models.BooleanField):
                initial[champ] = texte == "True"
            elif isinstance(field, models.DateField) and texte:
                initial[champ] = dt.date.fromisoformat(texte)
        super().__init__(*args, initial=initial, **kw)
        self.champs_en_attente = []
        for champ in demande.valeurs if demande else {}:
            if champ not in self.fields:
                continue
            self.champs_en_attente.append(champ)
            field = self.fields[champ]
            marqueur = format_html(
                '<span class="marqueur-attente"><span aria-hidden="true">✎ </span>{} {}</span>',
                _("Change waiting for validation. Value on file:"),
                valeur_affichee(modele, champ, en_texte(getattr(objet, champ))),
            )
            field.help_text = (
                format_html("{}<br>{}", field.help_text, marqueur) if field.help_text else marqueur
            )

    def valeurs_texte(self) -> dict[str, str]:
        return {champ: en_texte(self.cleaned_data.get(champ)) for champ in self._meta.fields}


# WCAG 1.3.5: what the browser may fill on a person's identity and address fields.
AUTOCOMPLETE_PERSONNE = {
    "civilite": "honorific-prefix",
    "nom": "family-name",
    "prenom": "given-name",
    "adresse": "address-line1",
    "code_postal": "postal-code",
    "ville": "address-level2",
    "email": "email",
}


class CoordonneesMixin:
    """For a form on a Personne (guardian or pupil): identity and address fields say
    what they are (the postal code is a CodePostalField through Meta.field_classes)."""

    autocompletes: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ, valeur in {**AUTOCOMPLETE_PERSONNE, **self.autocompletes}.items():
            if champ in self.fields:
                self.fields[champ].widget.attrs["autocomplete"] = valeur
