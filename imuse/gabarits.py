"""The template loader: Django's cached loader, with every fixed translation frozen.

A `{% translate "…" %}` of literal text costs a gettext on every render (the active
language read through asgiref's Local, then the catalogue) plus the value's escaping:
8–30 µs a tag, and a portal page has 20–40 of them (Famille 27, Accessibilité 32).
`{% fige %}` freezes a run of fixed text where a template asks for it; this loader does it
for every literal translation of every template it compiles: each such node is wrapped, once,
in a node that renders it once per language and escaping mode and then returns the
stored text. Only nodes whose output depends on nothing else are wrapped (imuse/
templatetags/fige.py `fixe`: literal text and context, no variable, no `as`, no count);
The language is read once per template render (kept in the render context's top state,
which each template render and each include starts afresh; a `{% language %}` block reads
its own), not once per node: get_language() goes through asgiref's Local, ~1.5 µs a call.

A `{% url %}` whose name and arguments are all literals is reversed once per URL
configuration, script prefix, current application and language, as imuse.menu.url_fixe
does for the layout's links (reverse() costs ~15 µs).

tests/imuse/test_gabarits.py compares the output with Django's across languages, autoescape
on and off, `{% language %}` blocks (an include inside one too) and URL configurations.
"""

from __future__ import annotations

from django.conf import settings
from django.template import engines
from django.template.base import Node, NodeList
from django.template.defaulttags import URLNode
from django.template.loaders import cached
from django.templatetags.i18n import BlockTranslateNode, LanguageNode, TranslateNode
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from imuse import traduits
from imuse.templatetags.fige import fixe

# The render context's key of the language read for the current template render.
_LANGUE = object()


def langue_du_rendu(context) -> str | None:
    """get_language(), read once per template render (see the module)."""
    etat = context.render_context.dicts[-1]
    langue = etat.get(_LANGUE)
    if langue is None:
        langue = etat[_LANGUE] = get_language()
    return langue


class _Enveloppe(Node):
    child_nodelists = ()

    def __init__(self, noeud: Node):
        self.noeud = noeud
        self.token = noeud.token
        self.origin = getattr(noeud, "origin", None)


class TraductionFigee(_Enveloppe):
    """A fixed translation rendered once per (language, autoescape)."""

    def __init__(self, noeud: Node):
        super().__init__(noeud)
        self.rendus: dict[tuple, str] = {}

    def render(self, context):
        cle = (langue_du_rendu(context), context.autoescape)
        html = self.rendus.get(cle)
        if html is None:
            html = self.rendus[cle] = self.noeud.render(context)
        return html


class LangueSuivie(_Enveloppe):
    """A `{% language %}` block: the language read inside it is its own."""

    child_nodelists = ("nodelist",)

    def __init__(self, noeud: Node):
        super().__init__(noeud)
        self.nodelist = noeud.nodelist

    def render(self, context):
        etat = context.render_context.dicts[-1]
        avant = etat.pop(_LANGUE, None)
        try:
            return self.noeud.render(context)
        finally:
            etat.pop(_LANGUE, None)
            if avant is not None:
                etat[_LANGUE] = avant


def _litteral(expression) -> bool:
    """A quoted text or a number, without filters: the same value at every render."""
    if expression.filters:
        return False
    return not expression.is_var or expression.var.lookups is None


def _valeur(expression):
    return expression.var.literal if expression.is_var else expression.var


class UrlFigee(_Enveloppe):
    """A `{% url %}` of literals, reversed once per URL configuration, script prefix,
    current application and language (URLNode.render otherwise)."""

    def __init__(self, noeud: URLNode):
        super().__init__(noeud)
        self.nom = _valeur(noeud.view_name)
        self.args = [_valeur(a) for a in noeud.args]
        self.kwargs = {k: _valeur(v) for k, v in noeud.kwargs.items()}
        self.asvar = noeud.asvar
        self.urls: dict[tuple, str] = {}

    def render(self, context):
        try:
            application = context.request.current_app
        except AttributeError:
            try:
                application = context.request.resolver_match.namespace
            except AttributeError:
                application = None
        cle = (
            application,
            get_script_prefix(),
            get_urlconf(),
            settings.ROOT_URLCONF,
            langue_du_rendu(context),
        )
        url = self.urls.get(cle)
        if url is None:
            try:
                url = reverse(self.nom, args=self.args, kwargs=self.kwargs, current_app=application)
            except NoReverseMatch:
                return self.noeud.render(context)  # raises, or sets `as` to "", as Django does
            self.urls[cle] = url
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _enveloppe(noeud: Node) -> Node | None:
    """The wrapped node, or None to leave it as it is."""
    if isinstance(noeud, TranslateNode | BlockTranslateNode) and fixe(noeud):
        return TraductionFigee(noeud)
    if type(noeud) is LanguageNode:
        return LangueSuivie(noeud)
    if (
        type(noeud) is URLNode
        and _litteral(noeud.view_name)
        and all(map(_litteral, noeud.args))
        and all(map(_litteral, noeud.kwargs.values()))
    ):
        return UrlFigee(noeud)
    return None


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
    """Wrap, in place, the nodes of `liste` and of the lists it holds (`_enveloppe`)."""
    for rang, noeud in enumerate(liste):
        for sous_liste in _listes(noeud):
            figer(sous_liste)
        enveloppe = _enveloppe(noeud)
        if enveloppe is not None:
            liste[rang] = enveloppe


class Loader(cached.Loader):
    def get_template(self, template_name, skip=None):
        template = super().get_template(template_name, skip)
        if not getattr(template, "traductions_figees", False):
            figer(template.nodelist)
            template.traductions_figees = True
        return template


def oublier() -> None:
    """Drop the compiled templates, hence their frozen translations: called with the
    other translated caches (imuse/traduits.py `oublier`) when a catalogue is reloaded
    (runserver after `make messages`) or a test changes the translation settings, so that
    the next render translates afresh, as Django's own loader would."""
    for moteur in engines.all():
        for chargeur in getattr(getattr(moteur, "engine", None), "template_loaders", []):
            if isinstance(chargeur, Loader):
                chargeur.reset()


traduits.a_oublier(oublier)
