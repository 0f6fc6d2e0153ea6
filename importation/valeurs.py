"""Cell values as schools' spreadsheets hold them, turned into Python values.

Each parser takes the raw cell (text from CSV; text, number, date or time from XLSX) and
returns the value or raises `ValeurInvalide` with a French reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from importation.lecture import cle
from imuse.forms import normaliser_telephone

# Excel's day 0 (with its 1900 leap-year bug, serials from 61 on count from here).
ORIGINE_EXCEL = dt.date(1899, 12, 30)


class ValeurInvalide(ValueError):
    pass


def vide(valeur) -> bool:
    return valeur is None or (isinstance(valeur, str) and not valeur.strip())


def _sans_controle(texte: str) -> str:
    if any(unicodedata.category(c) == "Cc" for c in texte):
        raise ValeurInvalide(_("The text holds a control character (invisible); remove it."))
    return texte


def texte(valeur) -> str:
    if vide(valeur):
        return ""
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    return _sans_controle(" ".join(str(valeur).split()))


def texte_long(valeur) -> str:
    """Multi-line text (comments, appreciations): lines kept, spaces trimmed."""
    if vide(valeur):
        return ""
    return "\n".join(_sans_controle(line.strip()) for line in str(valeur).strip().splitlines())


def entier(valeur) -> int | None:
    if vide(valeur):
        return None
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        if float(valeur).is_integer():
            return int(valeur)
    elif re.fullmatch(r"\d+", texte(valeur).replace(" ", "")):
        return int(texte(valeur).replace(" ", ""))
    raise ValeurInvalide(_("“%(valeur)s” is not a whole number.") % {"valeur": texte(valeur)})


def decimal(valeur) -> Decimal | None:
    """'1 234,56', '1.234,56', '1,234.56', '1234.56', '1 234,56 €', 1234.56 → 1234.56."""
    if vide(valeur):
        return None
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        return Decimal(valeur)
    if isinstance(valeur, float):
        return Decimal(repr(valeur))
    brut = texte(valeur)
    nettoye = re.sub(r"[\s\u00a0\u202f€]", "", brut)
    if "," in nettoye and "." in nettoye and nettoye.rfind(".") > nettoye.rfind(","):
        nettoye = nettoye.replace(",", "")  # 1,234.56 as an English Excel writes it
    elif "," in nettoye:
        nettoye = nettoye.replace(".", "").replace(",", ".")
    try:
        resultat = Decimal(nettoye)
    except InvalidOperation:
        resultat = None
    if resultat is None or not resultat.is_finite():
        raise ValeurInvalide(_("“%(valeur)s” is not an amount.") % {"valeur": brut})
    return resultat


def montant(valeur) -> Decimal | None:
    resultat = decimal(valeur)
    return None if resultat is None else resultat.quantize(Decimal("0.01"))


def date(valeur) -> dt.date | None:
    """'12/09/2011', '12-09-2011', '2011-09-12', an Excel serial (40798) or cell date."""
    if vide(valeur):
        return None
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    brut = texte(valeur)
    try:
        if isinstance(valeur, int | float) or re.fullmatch(r"\d{4,5}(\.0+)?", brut):
            serie = int(float(brut))
            if 1 <= serie < 2958466:
                return ORIGINE_EXCEL + dt.timedelta(days=serie)
        # "12/09/2011 00:00": a date cell that Excel wrote to CSV with its time.
        jour_seul = r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?"
        if m := re.fullmatch(jour_seul, brut):
            jour, mois, annee = (int(g) for g in m.groups())
            if annee < 100:
                annee += 2000 if annee <= timezone.localdate().year % 100 else 1900
            return dt.date(annee, mois, jour)
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?", brut):
            return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        pass
    raise ValeurInvalide(_("“%(valeur)s” is not a date (expected DD/MM/YYYY).") % {"valeur": brut})


def heure(valeur) -> dt.time | None:
    """'14:30', '14h30', '14h', an Excel time (0.604…) or a cell time."""
    if vide(valeur):
        return None
    if isinstance(valeur, dt.datetime):
        return valeur.time().replace(second=0, microsecond=0)
    if isinstance(valeur, dt.time):
        return valeur.replace(second=0, microsecond=0)
    if isinstance(valeur, float) and 0 <= valeur < 1:
        minutes = round(valeur * 24 * 60)
        return dt.time(minutes // 60, minutes % 60)
    brut = texte(valeur).lower().replace(" ", "")
    if m := re.fullmatch(r"(\d{1,2})(?:[:h](\d{2})?)?(?::\d{2})?", brut):
        heures, minutes = int(m.group(1)), int(m.group(2) or 0)
        if heures < 24 and minutes < 60:
            return dt.time(heures, minutes)
    raise ValeurInvalide(_("“%(valeur)s” is not a time (expected 14:30).") % {"valeur": brut})


def duree(valeur) -> dt.timedelta | None:
    """'1:30', '1h30', '0h45', '45' (minutes), '45 min', an Excel time or a cell time."""
    if vide(valeur):
        return None
    if isinstance(valeur, dt.timedelta):
        return valeur
    if isinstance(valeur, dt.time):
        return dt.timedelta(hours=valeur.hour, minutes=valeur.minute)
    if isinstance(valeur, float) and 0 < valeur < 1:
        return dt.timedelta(minutes=round(valeur * 24 * 60))
    brut = texte(valeur).lower().replace(" ", "")
    if m := re.fullmatch(r"(\d+)(?:min|mn)?", brut):
        return dt.timedelta(minutes=int(m.group(1)))
    if m := re.fullmatch(r"(\d{1,2})[:h](\d{2})?(?::00)?", brut):
        return dt.timedelta(hours=int(m.group(1)), minutes=int(m.group(2) or 0))
    raise ValeurInvalide(
        _("“%(valeur)s” is not a duration (expected 1:30 or 45 minutes).") % {"valeur": brut}
    )


VRAI = {"oui", "o", "1", "vrai", "v", "yes", "y", "true", "x"}
FAUX = {"non", "n", "0", "faux", "f", "no", "false", ""}


def booleen(valeur) -> bool | None:
    """Oui/Non, O/N, 1/0, Vrai/Faux (and an Excel boolean cell)."""
    if vide(valeur):
        return None
    if isinstance(valeur, bool):
        return valeur
    brut = cle(valeur)
    if brut in VRAI:
        return True
    if brut in FAUX:
        return False
    raise ValeurInvalide(
        _("“%(valeur)s” is not yes or no (expected Oui/Non, O/N, 1/0, Vrai/Faux).")
        % {"valeur": texte(valeur)}
    )


def telephone(valeur) -> str:
    brut = texte(valeur)
    if not brut:
        return ""
    chiffres = re.sub(r"[\s.\-]", "", brut)
    if re.fullmatch(r"[1-9]\d{8}", chiffres):
        # A number cell (or a CSV Excel wrote from one) lost the leading zero: 612345678.
        brut = "0" + chiffres
    try:
        return normaliser_telephone(brut)
    except ValueError:
        raise ValeurInvalide(
            _("“%(valeur)s” is not a French phone number (10 digits).") % {"valeur": brut}
        ) from None


def email(valeur) -> str:
    brut = texte(valeur)
    if not brut:
        return ""
    try:
        validate_email(brut)
    except ValidationError:
        raise ValeurInvalide(
            _("“%(valeur)s” is not an e-mail address.") % {"valeur": brut}
        ) from None
    return brut


def code_postal(valeur) -> str:
    brut = texte(valeur)
    if not brut:
        return ""
    if brut.isdigit() and len(brut) == 4:
        brut = "0" + brut  # 1000 in a number cell: 01000
    if not re.fullmatch(r"\d{5}", brut):
        raise ValeurInvalide(_("“%(valeur)s” is not a postal code (5 digits).") % {"valeur": brut})
    return brut


def choix(correspondances: dict[str, str], *, prefixe: bool = False):
    """A parser for a choice field: `correspondances` maps header-like keys (see `cle`)
    of accepted spellings to the stored value; with `prefixe`, 'mariee' matches 'marie'."""

    def lire(valeur) -> str:
        brut = texte(valeur)
        if not brut:
            return ""
        k = cle(brut)
        if k in correspondances:
            return correspondances[k]
        if prefixe:
            for debut, stocke in correspondances.items():
                if k.startswith(debut):
                    return stocke
        raise ValeurInvalide(
            _("“%(valeur)s” is not one of the accepted values.") % {"valeur": brut}
        )

    return lire


civilite = choix(
    {
        "m": "M",
        "mr": "M",
        "monsieur": "M",
        "mme": "MME",
        "madame": "MME",
        "mlle": "MME",
        "mademoiselle": "MME",
    }
)
