"""Translated texts evaluated once per language, not on every request (issue 15).

A gettext call reads the active language through asgiref's Local and then the catalogue:
~2 µs and a dozen function calls. A page evaluated 20–50 of them that are the same for
every request in a language: its fields' lazy labels, a table's column headings, a
choice list's labels. `par_langue(fonction)` keeps what `fonction()` returns per language;
`traduit(texte)` keeps what a lazy translation gives per language (the lazy object held,
so that its identity stays its own). Both are dropped when a catalogue is reloaded or the
translation settings change (imuse/gabarits.py `oublier`), as the templates' are.
"""

from __future__ import annotations

from functools import wraps

from django.utils.functional import Promise
from django.utils.translation import get_language

_memos: list[dict] = []
_textes: dict[tuple, tuple] = {}
TAILLE_MAX = 4096


def par_langue(fonction):
    """fonction() (no argument: texts to translate) computed once per active language."""
    memo: dict = {}
    _memos.append(memo)

    @wraps(fonction)
    def lire():
        langue = get_language()
        valeur = memo.get(langue)
        if valeur is None:
            valeur = memo[langue] = fonction()
        return valeur

    return lire


def traduit(texte):
    """str(texte) for a lazy translation, computed once per language; a text that is not
    lazy as it is. Bounded: lazy texts made anew for each request would pile up."""
    if not isinstance(texte, Promise):
        return texte
    cle = (id(texte), get_language())
    trouve = _textes.get(cle)
    if trouve is None or trouve[0] is not texte:
        if len(_textes) >= TAILLE_MAX:
            _textes.clear()
        trouve = _textes[cle] = (texte, str(texte))
    return trouve[1]


def oublier() -> None:
    for memo in _memos:
        memo.clear()
    _textes.clear()
