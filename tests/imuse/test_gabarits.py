"""The template loader (imuse/gabarits.py): fixed translations frozen, the output the
same as Django's own loader gives, whatever the language, the escaping and the nesting."""

import pytest
from django.template import Context, Engine, engines
from django.utils import translation

from imuse.gabarits import TraductionFigee

GABARITS = {
    "parent.html": (
        '{% load i18n %}<title>{% translate "Accessibility statement" %}</title>'
        "{% block corps %}{% endblock %}"
    ),
    "page.html": (
        '{% extends "parent.html" %}{% load i18n %}{% block corps %}'
        '{% if montrer %}<p>{% translate "Accessibility statement" %}</p>'
        '{% elif autre %}<p>{% translate "Show" %}</p>{% else %}{% translate "Yes" %}{% endif %}'
        '{% for x in liste %}<li>{% translate "Fish & chips" %} {{ x }}</li>'
        '{% empty %}{% translate "Show" %}{% endfor %}'
        '{% include "inclus.html" %}'
        "{% blocktranslate %}Pupil file{% endblocktranslate %}"
        '{% translate "Yes" context "unused context" %}'
        '{% language "en" %}{% translate "Show" %}{% endlanguage %}'
        '{% autoescape off %}{% translate "Fish & chips" %}{% endautoescape %}'
        "{% translate variable %}"
        '{% translate "Show" as libelle %}[{{ libelle }}]'
        "{% blocktranslate count n=nombre %}{{ n }} result{% plural %}{{ n }} results"
        "{% endblocktranslate %}"
        "{% endblock %}"
    ),
    "inclus.html": '{% load i18n %}<footer>{% translate "Show" %}</footer>',
}


def _moteur(figer: bool) -> Engine:
    locmem = ("django.template.loaders.locmem.Loader", GABARITS)
    chargeur = ("imuse.gabarits.Loader", [locmem]) if figer else locmem
    return Engine(loaders=[chargeur], libraries={"i18n": "django.templatetags.i18n"})


CONTEXTES = [
    {"montrer": True, "liste": [1, 2], "variable": "Yes", "nombre": 1},
    {"autre": True, "liste": [], "variable": "Show", "nombre": 3},
    {"variable": "<b>", "nombre": 0},
]


@pytest.mark.parametrize("contexte", CONTEXTES)
def test_the_output_is_django_s_own_in_each_language(contexte):
    fige, simple = _moteur(True), _moteur(False)
    for _tour in range(2):
        for langue in ("fr", "en", "fr"):
            with translation.override(langue):
                attendu = simple.get_template("page.html").render(Context(contexte))
                assert fige.get_template("page.html").render(Context(contexte)) == attendu


def test_escaping_language_blocks_and_variables_stay_as_they_were():
    page = _moteur(True).get_template("page.html")
    with translation.override("fr"):
        html = page.render(Context({"montrer": True, "variable": "Yes", "liste": [1], "nombre": 1}))
    assert "<title>Déclaration d'accessibilité</title>" in html
    # A template's literal is safe text, its translation too (Django does not escape it).
    assert "<li>Fish & chips 1</li>" in html and html.count("Fish & chips") == 2
    assert "<footer>Afficher</footer>" in html and "Show" in html  # {% language "en" %}
    assert "[Afficher]" in html and "Oui" in html
    with translation.override("fr"):
        html = page.render(Context({"variable": "Show", "nombre": 2}))
    assert "Afficher" in html and "2 résultats" in html


def test_only_literal_translations_are_wrapped():
    page = _moteur(True).get_template("page.html")
    figees = page.nodelist.get_nodes_by_type(TraductionFigee)
    # The blocks' nodes are found through the {% extends %} node.
    assert figees == [] or all(isinstance(n, TraductionFigee) for n in figees)
    textes = [n.noeud.token.contents for n in _tous(page.nodelist)]
    assert 'translate "Accessibility statement"' in textes
    assert "translate variable" not in textes
    assert 'translate "Show" as libelle' not in textes
    assert not any(t.startswith("blocktranslate count") for t in textes)


def _tous(liste):
    from imuse.gabarits import _listes

    for noeud in liste:
        if isinstance(noeud, TraductionFigee):
            yield noeud
        for sous in _listes(noeud):
            yield from _tous(sous)


def test_the_site_s_templates_go_through_it():
    base = engines["django"].engine.get_template("base.html")
    assert base.traductions_figees
    assert list(_tous(base.nodelist))


def test_a_reloaded_catalogue_or_changed_translation_settings_drop_the_frozen_texts(settings):
    from pathlib import Path

    from django.utils.autoreload import file_changed

    moteur = engines["django"].engine
    avant = moteur.get_template("base.html")
    assert moteur.get_template("base.html") is avant  # cached, frozen texts kept
    file_changed.send(sender=None, file_path=Path("locale/fr/LC_MESSAGES/django.mo"))
    apres = moteur.get_template("base.html")
    assert apres is not avant and apres.traductions_figees
    file_changed.send(sender=None, file_path=Path("static/css/portail.css"))
    assert moteur.get_template("base.html") is apres
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS]
    assert moteur.get_template("base.html") is not apres
