"""Translated texts evaluated once per language, not on every request (issue 15).

A gettext call reads the active language through asgiref's Local and then the catalogue:
~2 µs and a dozen function calls. A page evaluated 20–50 of them that are the same for
every request in a language: its fields' lazy labels, a table's column headings, a
choice list's labels. `par_langue(fonction)` keeps what `fonction()` returns per language;
`traduit(texte)` keeps what a lazy translation gives per language (the lazy object held,
so that its identity stays its own). Both are dropped when a catalogue is reloaded or the
translation settings change (the receivers at the end), with the other caches of
translated output that register with `a_oublier`: the compiled templates and their frozen
translations (imuse/gabarits.py), the select options, the layout's menu, the header.

Both assume a lazy text depends on the language only (gettext_lazy, capfirst of one, a
model field's verbose_name): a lazy `reverse_lazy` or one reading settings or the database
must not be given to `traduit`.
"""

from __future__ import annotations

from functools import wraps
from pathlib import Path

from django.core.signals import setting_changed
from django.utils.autoreload import file_changed
from django.utils.functional import Promise
from django.utils.translation import get_language

_memos: list[dict] = []
_textes: dict[tuple, tuple] = {}
TAILLE_MAX = 4096
# Other caches of translated output (the select options, the layout's menu, the header):
# emptied with these (`a_oublier`).
_autres: list = []


def a_oublier(vider) -> None:
    """Have `vider()` called whenever the translations are forgotten (`oublier`)."""
    _autres.append(vider)


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
    for vider in _autres:
        vider()


def _catalogue_change(sender, file_path, **kwargs) -> None:
    if Path(file_path).suffix == ".mo":
        oublier()


def _reglage_change(*, setting: str, **kwargs) -> None:
    if setting in ("LOCALE_PATHS", "LANGUAGE_CODE", "LANGUAGES", "USE_I18N"):
        oublier()


file_changed.connect(_catalogue_change, dispatch_uid="imuse.traduits.catalogue")
setting_changed.connect(_reglage_change, dispatch_uid="imuse.traduits.reglages")
