"""One normalised form of an identifiant, everywhere it is used.

Storage, lookup, uniqueness per site and the django-axes throttle key all go through
`normaliser_identifiant`: Unicode NFKC (compatibility forms: full-width letters,
ligatures…) then case folding, then NFKC again (folding can produce non-normalised text),
surrounding spaces removed. "Abarre1", "ABARRE1" and "ａｂａｒｒｅ1" are one login;
"gestıon" (dotless ı) stays distinct from "gestion", and has nothing to do with it.

`IdentifiantField` applies it at the field level: to values saved (pre_save, so the
instance holds the stored form), to values looked up (get_prep_value, so every filter
compares normalised forms), and to form input (to_python, so uniqueness is validated on
the stored form and a clash is a form error, not a database error).
"""

from __future__ import annotations

import unicodedata

from django.db import models


def normaliser_identifiant(valeur) -> str:
    if valeur is None:
        return ""
    texte = unicodedata.normalize("NFKC", str(valeur))
    return unicodedata.normalize("NFKC", texte.casefold()).strip()


class IdentifiantField(models.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return None if value is None else normaliser_identifiant(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if isinstance(value, str):
            return normaliser_identifiant(value)
        return value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = normaliser_identifiant(value)
            setattr(model_instance, self.attname, value)
        return value
