"""A form's fields copied as `copy.deepcopy` copies them, at a fraction of its cost.

Every form instance deep-copies its class's fields (BaseForm.__init__). For the 17 fields
of Famille that was ~1,700 function calls a request: `copy.copy` goes through
`__reduce_ex__` and `copyreg` for each field and widget, and a choice field deep-copies
each of its choices. `CopieRapide` gives BaseForm a mapping whose `__deepcopy__` does what
Django's `Field.__deepcopy__`, `ChoiceField.__deepcopy__`, `Widget.__deepcopy__` and
`ChoiceWidget.__deepcopy__` do, with a plain `__dict__` copy where `copy.copy` would make
the same one. Any field or widget of another kind (its own `__deepcopy__`, `__copy__`,
`__reduce__`, `__getstate__`, `__setstate__` or slots; a grouped or non-list choice
list; a choice that is not a plain value or a lazy text) is handed to `copy.deepcopy` as before.
tests/imuse/test_copie_champs.py compares both on every portal form.
"""

from __future__ import annotations

import copy

from django import forms
from django.forms.widgets import ChoiceWidget
from django.utils.choices import BlankChoiceIterator
from django.utils.functional import Promise

_FIXES = (str, int, float, bool, type(None))
_classes: dict[type, bool] = {}


def sans_crochets(cls: type) -> bool:
    """Whether copy.copy(obj) of this class is a new instance with a copy of its __dict__
    (no hook of its own to say otherwise), decided once per class."""
    simple = _classes.get(cls)
    if simple is None:
        simple = _classes[cls] = (
            cls.__reduce_ex__ is object.__reduce_ex__
            and cls.__reduce__ is object.__reduce__
            and cls.__getstate__ is object.__getstate__
            and not hasattr(cls, "__setstate__")
            and not hasattr(cls, "__copy__")
            and not any("__slots__" in vars(base) for base in cls.__mro__)
        )
    return simple


def _copie(objet):
    nouveau = object.__new__(type(objet))
    nouveau.__dict__.update(objet.__dict__)
    return nouveau


def copie_superficielle(objet):
    """copy.copy(objet), a plain __dict__ copy when its class has no copy hook of its own
    (imuse/requetes.py copies a compiled query's compiler on each run with it)."""
    return _copie(objet) if sans_crochets(type(objet)) else copy.copy(objet)


def _widget(widget, memo):
    if id(widget) in memo:  # shared by two fields: copied once, as deepcopy does
        return memo[id(widget)]
    cls = type(widget)
    if cls.__deepcopy__ not in (forms.Widget.__deepcopy__, ChoiceWidget.__deepcopy__):
        return copy.deepcopy(widget, memo)
    if not sans_crochets(cls):
        return copy.deepcopy(widget, memo)
    nouveau = _copie(widget)
    nouveau.attrs = widget.attrs.copy()
    if cls.__deepcopy__ is ChoiceWidget.__deepcopy__:
        nouveau.choices = copy.copy(widget.choices)
    memo[id(widget)] = nouveau
    return nouveau


def paires_fixes(choix) -> bool:
    """A list of (value, label) pairs of plain values and lazy texts: what deepcopy
    would give back as the same pairs."""
    if type(choix) is not list:
        return False
    for paire in choix:
        if type(paire) is not tuple or len(paire) != 2:
            return False
        for element in paire:
            if type(element) not in _FIXES and not isinstance(element, Promise):
                return False
    return True


def _copie_choix(choix):
    """deepcopy(choix) of a field's choices when they are fixed pairs (a list, or a model
    field's BlankChoiceIterator over lists: what a ModelForm's choice field holds), else
    None."""
    if paires_fixes(choix):
        return list(choix)
    if (
        type(choix) is BlankChoiceIterator
        and sans_crochets(BlankChoiceIterator)
        and vars(choix).keys() == {"choices", "blank_choice"}
        and paires_fixes(choix.choices)
        and paires_fixes(choix.blank_choice)
    ):
        nouveau = _copie(choix)
        nouveau.choices = list(choix.choices)
        nouveau.blank_choice = list(choix.blank_choice)
        return nouveau
    return None


def copier_champ(champ, memo):
    """copy.deepcopy(champ, memo), for Django's own copy semantics."""
    if id(champ) in memo:
        return memo[id(champ)]
    cls = type(champ)
    a_choix = cls.__deepcopy__ is forms.ChoiceField.__deepcopy__
    if not (a_choix or cls.__deepcopy__ is forms.Field.__deepcopy__) or not sans_crochets(cls):
        return copy.deepcopy(champ, memo)
    choix = _copie_choix(champ._choices) if a_choix else None
    if a_choix and choix is None:
        return copy.deepcopy(champ, memo)
    nouveau = _copie(champ)
    memo[id(champ)] = nouveau
    nouveau.widget = _widget(champ.widget, memo)
    nouveau.error_messages = champ.error_messages.copy()
    nouveau.validators = champ.validators[:]
    if a_choix:
        nouveau._choices = choix
    return nouveau


class _Champs(dict):
    def __deepcopy__(self, memo):
        return {nom: copier_champ(champ, memo) for nom, champ in self.items()}


class CopieRapide:
    """For a form class: its instances copy their fields with `copier_champ`."""

    def __init__(self, *args, **kwargs):
        # BaseForm.__init__ deep-copies self.base_fields: this instance's reads the
        # class's through _Champs for the time of the call.
        self.base_fields = _Champs(type(self).base_fields)
        try:
            super().__init__(*args, **kwargs)
        finally:
            del self.base_fields
