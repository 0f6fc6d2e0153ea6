"""The form renderer: the templates every form field goes through, rendered in Python.

Profiled at 100,000 families, template-rendered form fields (`as_field_group`, the label,
the widget, its attributes, each <option> an include) were 56 % of the Famille page and
30 % of Réinscription. `Rendu` renders the handful of templates a field uses by plain
string building, producing exactly what the templates produce (our field.html and error
list, Django's label, input, select, textarea, radio and checkbox widgets;
tests/imuse/test_rendu.py compares both on every portal form), and hands every other
template (the admin's widgets, a template overridden later) to the template engine.

Overriding one of the templates listed in RAPIDES requires changing its function here
too: the comparison test fails until both agree.
"""

from __future__ import annotations

from itertools import chain
from operator import is_

from django import forms
from django.core.signals import setting_changed
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import ErrorList
from django.utils.choices import BlankChoiceIterator
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language, gettext

from imuse.copie_champs import paires_fixes
from imuse.echappement import ECHAPPEMENTS, echapper
from imuse.traduits import a_oublier, par_langue, traduit


def escape(valeur) -> str:
    """`{{ valeur|stringformat:'s' }}`, as the widget templates write values: escaped in one
    pass, a safe string as it is (the filter keeps it safe)."""
    if type(valeur) is str:
        return valeur.translate(ECHAPPEMENTS)
    if isinstance(valeur, SafeData):
        return str(valeur)
    return str(valeur).translate(ECHAPPEMENTS)


def _e(valeur) -> str:
    """echapper(valeur) as text: a plain str escaped in one pass, anything else (a safe
    string, an object with __html__) as echapper() gives it."""
    if type(valeur) is str:
        return valeur.translate(ECHAPPEMENTS)
    return echapper(valeur)


def _texte(valeur) -> str:
    """`{{ valeur }}` in a template: localised (a number, a date as a label), escaped."""
    if isinstance(valeur, Promise):
        valeur = str(valeur)  # what localize() leaves it to the escaping to do
    if type(valeur) is str:
        return SafeString(valeur.translate(ECHAPPEMENTS))
    return echapper(localize(valeur))


def _attrs(attrs: dict) -> str:
    morceaux = []
    for nom, valeur in attrs.items():
        if valeur is False:
            continue
        if valeur is True:
            morceaux.append(f" {_e(nom)}")
        else:
            morceaux.append(f' {_e(nom)}="{escape(valeur)}"')
    return "".join(morceaux)


def _input(w: dict) -> str:
    valeur = "" if w["value"] is None else f' value="{escape(w["value"])}"'
    return f'<input type="{_e(w["type"])}" name="{_e(w["name"])}"{valeur}{_attrs(w["attrs"])}>\n'


def _option_select(w: dict) -> str:
    return (
        f'<option value="{escape(w["value"])}"{_attrs(w["attrs"])}>{_texte(w["label"])}</option>\n'
    )


def _option_input(w: dict) -> str:
    # Each template ends with a line break, which its includer keeps.
    if not w.get("wrap_label"):
        return _input(w) + "\n"
    pour = w["attrs"].get("id")
    pour = f' for="{echapper(pour)}"' if pour else ""
    return f"<label{pour}>{_input(w)} {_texte(w['label'])}</label>\n"


def _option_radio(w: dict) -> str:
    return _option_input(w) + "\n"


OPTIONS = {
    "django/forms/widgets/select_option.html": _option_select,
    "django/forms/widgets/radio_option.html": _option_radio,
    "django/forms/widgets/checkbox_option.html": _option_radio,
    "django/forms/widgets/input_option.html": _option_input,
}


def _select(w: dict) -> str:
    corps = []
    for groupe, options, _index in w["optgroups"]:
        if groupe:
            corps.append(f'\n  <optgroup label="{echapper(groupe)}">')
        for option in options:
            corps.append("\n  " + OPTIONS[option["template_name"]](option))
        if groupe:
            corps.append("\n  </optgroup>")
    return (
        f'<select name="{echapper(w["name"])}"{_attrs(w["attrs"])}>'
        + "".join(corps)
        + "\n</select>"
    )


def _multiple(w: dict) -> str:
    ident = w["attrs"].get("id")
    classe = w["attrs"].get("class")
    html = ["<div"]
    if ident:
        html.append(f' id="{echapper(ident)}"')
    if classe:
        html.append(f' class="{echapper(classe)}"')
    html.append(">")
    for groupe, options, _index in w["optgroups"]:
        if groupe:
            html.append(f"\n  <div><label>{echapper(groupe)}</label>")
        for option in options:
            html.append("<div>\n    " + OPTIONS[option["template_name"]](option) + "</div>")
        if groupe:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


def _textarea(w: dict) -> str:
    valeur = echapper(w["value"]) if w["value"] else ""
    nom = echapper(w["name"])
    return f'<textarea name="{nom}"{_attrs(w["attrs"])}>\n{valeur}</textarea>'


def _widget(fonction):
    return lambda contexte: fonction(contexte["widget"])


def _label(c: dict) -> str:
    if not c["use_tag"]:
        return echapper(c["label"])
    tag = echapper(c["tag"])
    return f"<{tag}{_attrs(c['attrs'] or {})}>{echapper(c['label'])}</{tag}>"


def _erreurs(c: dict) -> str:
    erreurs = c["errors"]
    if not erreurs:
        return ""
    ident = getattr(erreurs, "field_id", None)
    ident = f' id="{echapper(ident)}_error"' if ident else ""
    prefixe = f'<li><span class="visually-hidden">{echapper(gettext("Error:"))} </span>'
    items = "".join(f"{prefixe}{echapper(e)}</li>" for e in erreurs)
    return f'<ul class="{echapper(c["error_class"])}"{ident}>{items}</ul>'


# Widgets whose HTML is the input template with Django's context, nothing of their own
# (no get_context or render override): `_entree` builds it without the widget's context.
ENTREES_SIMPLES = tuple(
    classe
    for nom in (
        "TextInput",
        "EmailInput",
        "NumberInput",
        "URLInput",
        "TelInput",
        "SearchInput",
        "ColorInput",
        "DateInput",
        "TimeInput",
        "DateTimeInput",
    )
    if (classe := getattr(forms, nom, None)) is not None
)
SIMPLES = (*ENTREES_SIMPLES, forms.Select)
LABEL = "django/forms/label.html"


def _simple(f) -> bool:
    """A field rendered as Django would without its templates' machinery: a plain
    BoundField of a form that keeps the default label template, an input or a select
    widget of Django's own, not localised."""
    return (
        type(f) is BoundField
        and type(f.field.widget) in SIMPLES
        and f.form.template_name_label == LABEL
        and not f.field.localize
        and not f.field.show_hidden_initial
    )


@par_langue
def _ponctuation() -> str:
    # Translators' marks after which label_tag() adds no suffix (Django's ":?.!").
    return gettext(":?.!")


def _etiquette(f) -> str:
    """BoundField.label_tag(), for `_simple` fields."""
    contenu = f.label
    suffixe = f.field.label_suffix if f.field.label_suffix is not None else f.form.label_suffix
    if suffixe and contenu and contenu[-1] not in _ponctuation():
        # format_html("{}{}", contenu, suffixe), without its lazy-argument wrappers.
        contenu = SafeString(echapper(contenu) + echapper(suffixe))
    widget = f.field.widget
    ident = widget.attrs.get("id") or f.auto_id
    attrs = None
    if ident:
        pour = widget.id_for_label(ident)
        if pour:
            attrs = {"for": pour}
        if f.field.required and hasattr(f.form, "required_css_class"):
            attrs = {**(attrs or {}), "class": f.form.required_css_class}
    return _label({"label": contenu, "attrs": attrs, "use_tag": bool(ident), "tag": "label"})


def _options_boucle(choix, valeurs: list[str]) -> str | None:
    """Select.optgroups() and their HTML, for choices without groups (else None): the
    first option whose value is among `valeurs` selected, as Django selects it."""
    html = []
    choisie = False
    for valeur, libelle in choix:
        if isinstance(libelle, list | tuple):
            return None
        valeur = "" if valeur is None else valeur
        selection = not choisie and str(valeur) in valeurs
        choisie |= selection
        coche = " selected" if selection else ""
        html.append(f'\n  <option value="{escape(valeur)}"{coche}>{_texte(libelle)}</option>\n')
    return "".join(html)


def _elements(liste, blanc) -> tuple:
    """The values and labels of the pairs, in order: the same objects for the same
    choices (a Select renormalises a list into new pairs of the same values and labels
    for each form; a model field's pairs are shared)."""
    return (*chain.from_iterable(liste), None, *chain.from_iterable(blanc))


class _OptionsRendues:
    """The options of one choice list in one language, rendered once: the values and
    labels they came from (held, so that their identity proves a later list is the same
    one), the HTML without a selection, where " selected" goes in each, the first option
    of each value."""

    def __init__(self, elements, paires):
        self.elements = elements
        morceaux, self.positions, self.premieres = [], [], {}
        longueur = 0
        for rang, (valeur, libelle) in enumerate(paires):
            valeur = "" if valeur is None else valeur
            avant = f'\n  <option value="{escape(valeur)}"'
            option = f"{avant}>{_texte(libelle)}</option>\n"
            self.positions.append(longueur + len(avant))
            self.premieres.setdefault(str(valeur), rang)
            morceaux.append(option)
            longueur += len(option)
        self.html = "".join(morceaux)

    def memes(self, elements) -> bool:
        return len(elements) == len(self.elements) and all(map(is_, elements, self.elements))

    def rendre(self, valeurs: list[str]) -> str:
        rangs = [self.premieres[v] for v in valeurs if v in self.premieres]
        if not rangs:
            return self.html
        position = self.positions[min(rangs)]
        return f"{self.html[:position]} selected{self.html[position:]}"


# (language, ids of the first and last labels, the numbers of pairs) → the options
# rendered. Bounded: choices built anew for each form would otherwise pile up.
_OPTIONS: dict[tuple, _OptionsRendues] = {}
_OPTIONS_MAX = 512


def _parties(choix):
    """(pairs, blank pairs) of choices that recur from one form to the next: a model
    field's BlankChoiceIterator over lists, or a list of lazy labels (a form class's
    own); else None. A list built for each form (sites, a pupil's courses) would never be
    read again and would crowd out the others."""
    if paires_fixes(choix) and all(isinstance(libelle, Promise) for _v, libelle in choix):
        return choix, []
    if (
        type(choix) is BlankChoiceIterator
        and paires_fixes(getattr(choix, "choices", None))
        and paires_fixes(getattr(choix, "blank_choice", None))
    ):
        return choix.choices, choix.blank_choice
    return None


def _options(widget, valeurs: list[str]) -> str | None:
    """The options' HTML, as `_options_boucle` gives it, read from `_OPTIONS` when the
    widget's choices are fixed pairs already rendered in this language."""
    choix = widget.choices
    parties = _parties(choix)
    if parties is None or not parties[0]:
        return _options_boucle(choix, valeurs)
    liste, blanc = parties
    elements = _elements(liste, blanc)
    cle = (get_language(), id(liste[0][-1]), id(liste[-1][-1]), len(liste), len(blanc))
    rendues = _OPTIONS.get(cle)
    if rendues is None or not rendues.memes(elements):
        paires = list(choix)  # Django's own iteration decides the blank option
        if any(isinstance(libelle, list | tuple) for _valeur, libelle in paires):
            return None
        if len(_OPTIONS) >= _OPTIONS_MAX:
            _OPTIONS.clear()
        rendues = _OPTIONS[cle] = _OptionsRendues(elements, paires)
    return rendues.rendre(valeurs)


def oublier_options(**_kwargs) -> None:
    """Options rendered under other settings (formats, languages) or catalogues are
    rendered again."""
    _OPTIONS.clear()


setting_changed.connect(oublier_options, dispatch_uid="imuse.rendu.options")
a_oublier(oublier_options)


def _entree(f) -> str:
    """BoundField.as_widget(), for `_simple` fields: Django's attributes (required,
    disabled, aria-invalid, aria-describedby, id) and value, the widget's HTML."""
    widget = f.field.widget
    attrs = f.build_widget_attrs({}, widget)
    if f.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", f.auto_id)
    if isinstance(widget, forms.Select):
        options = _options(widget, widget.format_value(f.value()))
        if options is None:
            return echapper(f)
        nom = echapper(f.html_name)
        return f'<select name="{nom}"{_attrs({**widget.attrs, **attrs})}>{options}\n</select>'
    w = {
        "type": widget.input_type,
        "name": f.html_name,
        "value": widget.format_value(f.value()),
        "attrs": {**widget.attrs, **attrs},
    }
    return _input(w).strip()


def _champ(c: dict) -> str:
    f = c["field"]
    # A model field's label is a lazy capfirst(gettext(...)) that label_tag() and the
    # templates evaluate five times over: once here, once per language for the process
    # (imuse/traduits.py), as Django would at each use.
    if f.label is not None:
        f.label = str(traduit(f.label))
    f.help_text = str(traduit(f.help_text))
    erreurs = f.errors
    simple = _simple(f)
    erreur = " champ-en-erreur" if erreurs else ""
    if f.use_fieldset:
        decrit = f.aria_describedby
        decrit = f' aria-describedby="{echapper(decrit)}"' if decrit else ""
        legende = echapper(f.legend_tag()) if f.label else ""
        debut = f'<fieldset class="champ champ-groupe{erreur}"{decrit}>\n  {legende}\n'
        fin = "</fieldset>"
    else:
        case = " champ-case" if getattr(f.field.widget, "input_type", "") == "checkbox" else ""
        etiquette = ""
        if f.label:
            etiquette = _etiquette(f) if simple else echapper(f.label_tag())
        debut = f'<div class="champ{erreur}{case}">\n  {etiquette}\n'
        fin = "</div>"
    aide = ""
    if f.help_text:
        aide = f'<div class="aide" id="{echapper(f.auto_id)}_helptext">{f.help_text}</div>'
    # An empty list of Django's own renders nothing (`_erreurs`).
    liste = echapper(erreurs) if erreurs or type(erreurs) is not ErrorList else ""
    widget = _entree(f) if simple else echapper(f)
    return f"{debut}\n  {aide}\n  {liste}\n  {widget}\n{fin}"


_INPUTS = (
    "text",
    "email",
    "tel",
    "number",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "url",
    "search",
    "checkbox",
    "color",
    "file",
)
RAPIDES = {
    "django/forms/field.html": _champ,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _erreurs,
    "django/forms/errors/list/ul.html": _erreurs,
    "django/forms/widgets/input.html": _widget(_input),
    **{f"django/forms/widgets/{nom}.html": _widget(_input) for nom in _INPUTS},
    "django/forms/widgets/select.html": _widget(_select),
    "django/forms/widgets/textarea.html": _widget(_textarea),
    "django/forms/widgets/radio.html": _widget(_multiple),
    "django/forms/widgets/checkbox_select.html": _widget(_multiple),
}


class Rendu(TemplatesSetting):
    def render(self, template_name, context, request=None):
        rapide = RAPIDES.get(template_name)
        if rapide is None:
            return super().render(template_name, context, request=request)
        return rapide(context).strip()


class RenduGabarits(TemplatesSetting):
    """The same output through the templates only (what tests compare with)."""
