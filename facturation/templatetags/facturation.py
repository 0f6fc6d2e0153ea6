"""French money formatting: 1234.5 → "1 234,50 €" (no-break spaces)."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()

ESPACE = "\u00a0"


def format_euros(montant) -> str:
    if montant is None or montant == "":
        return ""
    valeur = Decimal(montant).quantize(Decimal("0.01"))
    signe = "-" if valeur < 0 else ""
    entier, decimales = f"{abs(valeur):.2f}".split(".")
    groupes = []
    while entier:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    return f"{signe}{ESPACE.join(groupes)},{decimales}{ESPACE}€"


@register.filter
def euros(montant) -> str:
    return format_euros(montant)
