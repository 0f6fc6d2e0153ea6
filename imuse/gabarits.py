"""The template loader: Django's cached loader, with every fixed translation frozen.

A `{% translate "…" %}` of literal text costs a gettext on every render (the active
language read through asgiref's Local, then the catalogue) plus the value's escaping:
8–30 µs a tag, and a portal page has 20–40 of them (Famille 27, Accessibilité 32).
`{% fige %}` freezes a run of fixed text where a template asks for it; this loader does it
for every literal translation of every template it compiles: each such node is wrapped, once,
in a node that renders it once per language and escaping mode and then returns the
stored text. Only nodes whose output depends on nothing else are wrapped (imuse/
templatetags/fige.py `fixe`: literal text and context, no variable, no `as`, no count);
tests/imuse/test_gabarits.py compares the output with Django's across languages, autoescape
on and off, and `{% language %}` blocks.
"""

from __future__ import annotations

from pathlib import Path

from django.core.signals import setting_changed
from django.template import engines
from django.template.base import Node, NodeList
from django.template.loaders import cached
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

from imuse.templatetags.fige import fixe


class TraductionFigee(Node):
    """A fixed translation rendered once per (language, autoescape)."""

    child_nodelists = ()

    def __init__(self, noeud: Node):
        self.noeud = noeud
        self.token = noeud.token
        self.origin = getattr(noeud, "origin", None)
        self.rendus: dict[tuple, str] = {}

    def render(self, context):
        cle = (get_language(), context.autoescape)
        html = self.rendus.get(cle)
        if html is None:
            html = self.rendus[cle] = self.noeud.render(context)
        return html


def _a_figer(noeud: Node) -> bool:
    return isinstance(noeud, TranslateNode | BlockTranslateNode) and fixe(noeud)


def _listes(noeud: Node):
    """The node lists a node holds (an {% if %}'s branches are kept apart)."""
    for nom in getattr(noeud, "child_nodelists", ()):
        liste = getattr(noeud, nom, None)
        if isinstance(liste, NodeList):
            yield liste
    for _condition, liste in getattr(noeud, "conditions_nodelists", ()):
        if isinstance(liste, NodeList):
            yield liste


def figer(liste: NodeList) -> None:
    """Wrap, in place, the fixed translations of `liste` and of the lists it holds."""
    for rang, noeud in enumerate(liste):
        if _a_figer(noeud):
            liste[rang] = TraductionFigee(noeud)
        else:
            for sous_liste in _listes(noeud):
                figer(sous_liste)


class Loader(cached.Loader):
    def get_template(self, template_name, skip=None):
        template = super().get_template(template_name, skip)
        if not getattr(template, "traductions_figees", False):
            figer(template.nodelist)
            template.traductions_figees = True
        return template


def oublier(**_kwargs) -> None:
    """Drop the compiled templates, hence their frozen translations: when a catalogue is
    reloaded (runserver after `make messages`) or a test changes the translation settings,
    the next render translates afresh, as Django's own loader would."""
    for moteur in engines.all():
        for chargeur in getattr(getattr(moteur, "engine", None), "template_loaders", []):
            if isinstance(chargeur, Loader):
                chargeur.reset()


def _catalogue_change(sender, file_path, **kwargs) -> None:
    if Path(file_path).suffix == ".mo":
        oublier()


def _reglage_change(*, setting: str, **kwargs) -> None:
    if setting in ("LOCALE_PATHS", "LANGUAGE_CODE", "LANGUAGES", "USE_I18N"):
        oublier()


file_changed.connect(_catalogue_change, dispatch_uid="imuse.gabarits.catalogue")
setting_changed.connect(_reglage_change, dispatch_uid="imuse.gabarits.reglages")
