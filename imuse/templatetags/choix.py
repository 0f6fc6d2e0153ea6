"""{{ objet|libelle:"champ" }}: what `objet.get_champ_display` shows, for less.

Django's `get_FOO_display` makes every (value, label) pair of the field's choices
hashable on each call, which hashes, hence translates, every lazy label: 17 gettext calls
for one socio-professional category, a twentieth of the Famille page. Here the field's
choices are kept as a dict of value to (lazy) label, once per field, and only the label
shown is translated. tests/imuse/test_choix.py compares both on every choice.
"""

from __future__ import annotations

from functools import cache

from django import template
from django.utils.encoding import force_str

register = template.Library()


@cache
def _libelles(champ) -> dict:
    return dict(champ.flatchoices)


@register.filter
def libelle(objet, nom: str):
    if objet is None or objet == "":
        return ""
    champ = objet._meta.get_field(nom)
    valeur = getattr(objet, champ.attname)
    try:
        trouve = _libelles(champ).get(valeur, valeur)
    except TypeError:  # an unhashable value: Django's own way
        return getattr(objet, f"get_{nom}_display")()
    return force_str(trouve, strings_only=True)
