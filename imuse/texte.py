"""Control characters are refused in every text the portal and the admin accept.

A carriage return in a first name breaks a Content-Disposition header and injects lines
into the iCal feed; a NUL byte is refused by PostgreSQL (a 500). One validator, applied:
- to every CharField and TextField of our models (`proteger_les_modeles`, at start-up):
  model forms (the portal's pending requests, the whole admin) run it through
  full_clean, next to the field;
- to every CharField of our plain forms, which derive from `imuse.forms.Formulaire`.
Single-line text refuses every control character; multi-line text (TextField, a
Textarea) keeps line breaks and tabs. Unicode bidirectional overrides, which can make a
text read backwards, are refused too.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

APPS = {"imuse", "comptes", "famille", "eleves", "facturation", "reinscription", "bac_a_sable"}
SAUTS = {"\n", "\r", "\t"}
BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def caractere_interdit(texte: str, *, multiligne: bool = False) -> str | None:
    for c in texte:
        if c in BIDI or (unicodedata.category(c) == "Cc" and not (multiligne and c in SAUTS)):
            return c
    return None


def _nom(c: str) -> str:
    noms = {"\n": _("line break"), "\r": _("carriage return"), "\t": _("tab"), "\x00": "NUL"}
    return str(noms.get(c, f"U+{ord(c):04X}"))


@deconstructible
class SansCaracteresDeControle:
    code = "caractere_de_controle"

    def __init__(self, multiligne: bool = False):
        self.multiligne = multiligne

    def __call__(self, valeur) -> None:
        if not isinstance(valeur, str):
            return
        c = caractere_interdit(valeur, multiligne=self.multiligne)
        if c is not None:
            raise ValidationError(
                _(
                    "This field contains a control character (%(quoi)s), which is not "
                    "accepted: please remove it."
                ),
                code=self.code,
                params={"quoi": _nom(c)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, SansCaracteresDeControle) and other.multiligne == self.multiligne


def proteger_champ(champ, *, multiligne: bool) -> None:
    # A model field's `validators` is computed once and cached: appending there leaves
    # its deconstruction (`_validators`, what migrations see) untouched.
    if not any(isinstance(v, SansCaracteresDeControle) for v in champ.validators):
        champ.validators.append(SansCaracteresDeControle(multiligne))


def proteger_les_modeles() -> None:
    from django.apps import apps

    for modele in apps.get_models():
        if modele._meta.app_label not in APPS:
            continue
        for champ in modele._meta.concrete_fields:
            if isinstance(champ, models.TextField):
                proteger_champ(champ, multiligne=True)
            elif isinstance(champ, models.CharField) and not isinstance(
                champ, models.FileField | models.ImageField
            ):
                proteger_champ(champ, multiligne=False)
