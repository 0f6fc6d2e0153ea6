"""Searches that ignore accents: "lefevre" finds LEFÈVRE, and "Hélène" finds HELENE.

Offices type names without accents (and files imported from older software often lost
them). Without PostgreSQL's `unaccent` extension (not always granted by a host), the
typed text becomes a case-insensitive regular expression where each letter matches its
accented forms; PostgreSQL (`~*`) and SQLite (Django's REGEXP) both evaluate it.
"""

from __future__ import annotations

import re
import unicodedata

VARIANTES = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "n": "nñ",
    "o": "oôöóòõ",
    "u": "uùûüú",
    "y": "yÿý",
}
LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}


def sans_accents(texte: str) -> str:
    texte = "".join(LIGATURES.get(c, c) for c in texte.casefold())
    decompose = unicodedata.normalize("NFD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c))


def motif_sans_accents(texte: str) -> str:
    """The regular expression that finds `texte` whatever its accents and case."""
    morceaux = []
    for c in sans_accents(texte):
        formes = VARIANTES.get(c)
        if formes:
            morceaux.append("[" + formes + formes.upper() + "]")
        elif c.isalpha() and c.upper() != c:
            morceaux.append(f"[{c}{c.upper()}]")
        else:
            morceaux.append(re.escape(c))
    motif = "".join(morceaux)
    # The ligatures typed out ("oe") also find the ligature itself ("Œ").
    return motif.replace("[oôöóòõOÔÖÓÒÕ][eéèêëEÉÈÊË]", "(?:[oôöóòõOÔÖÓÒÕ][eéèêëEÉÈÊË]|[œŒ])")
