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


def _ascii(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte or "")
    return "".join(c for c in decompose if c.isascii() and c.isalpha()).lower()


REGLES = ("initiale_nom", "prenom_nom", "famille_rang")


def _premier_libre(base: str, pris: set[str], *, toujours_chiffre: bool) -> str:
    if not toujours_chiffre and normaliser_identifiant(base) not in pris:
        identifiant = normaliser_identifiant(base)
    else:
        numero = 1 if toujours_chiffre else 2
        while normaliser_identifiant(f"{base}{numero}") in pris:
            numero += 1
        identifiant = normaliser_identifiant(f"{base}{numero}")
    pris.add(identifiant)
    return identifiant


def proposer_identifiant(
    prenom: str,
    nom: str,
    pris: set[str],
    *,
    regle: str = "initiale_nom",
    numero_famille=None,
    rang=None,
) -> str:
    """A login by the school's rule (Etablissement.regle_identifiant), ASCII only, the
    first one not in `pris` (normalised forms already used on the site); `pris` gets
    the new one, for the next call of a batch.

    - "initiale_nom" (default): initial, last name, digits ("Jérémie ABARRE" → "jabarre1");
    - "prenom_nom": "jeremie.abarre", then "jeremie.abarre2"…;
    - "famille_rang": family number and rank, "1001-1", then "1001-1-1"… on a clash.
    """
    if regle == "prenom_nom":
        base = ".".join(p for p in (_ascii(prenom)[:40], _ascii(nom)[:60]) if p) or "compte"
        return _premier_libre(base, pris, toujours_chiffre=False)
    if regle == "famille_rang" and numero_famille is not None:
        base = f"{numero_famille}-{rang or 1}"
        if normaliser_identifiant(base) not in pris:
            return _premier_libre(base, pris, toujours_chiffre=False)
        # "1001-12" would read as rank 12: a clash keeps a separator ("1001-1-1").
        return _premier_libre(f"{base}-", pris, toujours_chiffre=True)
    base = (_ascii(prenom)[:1] + _ascii(nom))[:30] or "compte"
    return _premier_libre(base, pris, toujours_chiffre=True)


def identifiant_valide(valeur: str) -> bool:
    """A login given in an import file: ASCII letters, digits, dot, dash, underscore."""
    texte = normaliser_identifiant(valeur)
    return (
        bool(texte)
        and len(texte) <= 150
        and all(c.isascii() and (c.isalnum() or c in ".-_@") for c in texte)
    )
