"""Money formatting that follows the language: "1 234,50 €" in French (no-break spaces),
"€1,234.50" in English."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import translation

register = template.Library()

ESPACE = "\u00a0"


def format_euros(montant, anglais: bool | None = None) -> str:
    """`anglais`: the English form, else the French one; by default, the current
    language's (read once by a caller formatting many amounts)."""
    if montant is None or montant == "":
        return ""
    valeur = Decimal(montant).quantize(Decimal("0.01"))
    signe = "-" if valeur < 0 else ""
    entier, decimales = f"{abs(valeur):.2f}".split(".")
    groupes = []
    while entier:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    if anglais is None:
        anglais = (translation.get_language() or "fr").startswith("en")
    if anglais:
        return f"{signe}€{','.join(groupes)}.{decimales}"
    return f"{signe}{ESPACE.join(groupes)},{decimales}{ESPACE}€"


@register.filter
def euros(montant) -> str:
    return format_euros(montant)
