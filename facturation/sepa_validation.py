"""Checks of the SEPA identifiers (issue 12): the creditor identifier (ICS) of a school,
and the IBAN and BIC of a mandate (through schwifty). Each check returns the normalised
value or raises ValidationError with a French message for the field."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ICS = re.compile(r"^FR(\d{2})([A-Z0-9]{3})(\d{6})$")


def _chiffres(texte: str) -> int:
    """Letters as numbers (A = 10 … Z = 35), as for an IBAN."""
    return int("".join(str(int(c, 36)) for c in texte))


def cle_ics(pays: str, identifiant: str) -> str:
    """The two check digits of a creditor identifier: ISO 7064 mod 97-10 over the
    national identifier, the country code and "00" (the business code is left out)."""
    return f"{98 - _chiffres(identifiant + pays + '00') % 97:02d}"


def normaliser_ics(valeur: str) -> str:
    ics = "".join((valeur or "").split()).upper()
    correspondance = _ICS.match(ics)
    if not correspondance:
        raise ValidationError(
            _(
                "Enter a French creditor identifier of 13 characters: FR, two check "
                "digits, three letters or digits, six digits (for example FR72ZZZ123456)."
            ),
            code="ics_format",
        )
    if cle_ics("FR", correspondance.group(3)) != correspondance.group(1):
        raise ValidationError(
            _("The check digits of this creditor identifier are wrong: check each character."),
            code="ics_cle",
        )
    return ics


def valider_ics(valeur: str) -> None:
    normaliser_ics(valeur)


def normaliser_iban(valeur: str) -> str:
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    texte = "".join((valeur or "").split()).upper()
    if not texte:
        raise ValidationError(_("Enter the IBAN of the account."), code="iban_vide")
    try:
        iban = IBAN(texte)
    except SchwiftyException:
        raise ValidationError(
            _("This IBAN is not valid: check its country, length and every character."),
            code="iban",
        ) from None
    if not iban.in_sepa_zone:
        raise ValidationError(
            _("This account is outside the SEPA area: it cannot be debited."), code="iban_zone"
        )
    return iban.compact


def valider_iban(valeur: str) -> None:
    normaliser_iban(valeur)


def normaliser_bic(valeur: str, iban: str = "") -> str:
    """The BIC (8 or 11 characters); empty, the one schwifty knows for the IBAN's bank."""
    from schwifty import BIC, IBAN
    from schwifty.exceptions import SchwiftyException

    texte = "".join((valeur or "").split()).upper()
    if not texte and iban:
        try:
            trouve = IBAN(iban).bic
        except SchwiftyException:
            trouve = None
        if trouve is not None:
            return str(trouve)
    if not texte:
        raise ValidationError(_("Enter the BIC of the bank (8 or 11 characters)."), code="bic_vide")
    try:
        bic = BIC(texte)
    except SchwiftyException:
        raise ValidationError(
            _("This BIC is not valid: 8 or 11 letters and digits, for example BNPAFRPPXXX."),
            code="bic",
        ) from None
    if (
        iban
        and bic.country_code != iban[:2]
        and not (
            iban[:2] in {"MC", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF"}
            and bic.country_code == "FR"
        )
    ):
        raise ValidationError(
            _("This BIC is of another country than the IBAN: check both."), code="bic_pays"
        )
    return str(bic)


def valider_bic(valeur: str) -> None:
    normaliser_bic(valeur)


def iban_masque(iban: str) -> str:
    """The IBAN with only its last four characters shown, in groups of four."""
    if not iban:
        return ""
    groupes = -(-(len(iban) - 4) // 4)
    return "•••• " * groupes + iban[-4:]
