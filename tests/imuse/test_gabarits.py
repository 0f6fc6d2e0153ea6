"""The template loader (imuse/gabarits.py): fixed translations frozen, the output the
same as Django's own loader gives, whatever the language, the escaping and the nesting."""

import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, set_script_prefix
from django.utils import translation

from imuse.gabarits import TraductionFigee, UrlFigee

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
        '{% language "en" %}{% translate "Show" %}{% include "inclus.html" %}{% endlanguage %}'
        '{% translate "Yes" %}{% include "inclus.html" %}'
        '<a href="{% url "accessibilite:aide" %}">{% url "confidentialite" "valognes" %}</a>'
        '{% url "eleves:identite" 12 %}{% url "eleves:identite" pk=12 %}'
        '{% url "accessibilite:plan" as lien %}[{{ lien }}]'
        '{% url "nulle-part" as rien %}[{{ rien }}]'
        "{% url nom_variable %}"
        '{% autoescape off %}{% translate "Fish & chips" %}{% endautoescape %}'
        "{% translate variable %}"
        '{% translate "Show" as libelle %}[{{ libelle }}]'
        "{% blocktranslate count n=nombre %}{{ n }} result{% plural %}{{ n }} results"
        "{% endblocktranslate %}"
        "{% endblock %}"
    ),
    "inclus.html": '{% load i18n %}<footer>{% translate "Show" %}</footer>',
    "langues.html": (
        '{% load i18n %}{% translate "Show" %}'
        '{% language autre %}{% translate "Yes" %}{% include "inclus.html" %}{% endlanguage %}'
        '{% translate "Yes" %}'
    ),
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
for _contexte in CONTEXTES:
    _contexte["nom_variable"] = "accessibilite:index"


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
        html = page.render(Context({**CONTEXTES[0], "liste": [1]}))
    assert "<title>Déclaration d'accessibilité</title>" in html
    # A template's literal is safe text, its translation too (Django does not escape it).
    assert "<li>Fish & chips 1</li>" in html and html.count("Fish & chips") == 2
    # {% language "en" %}, an include inside it, then French again.
    assert "Show<footer>Show</footer>Oui<footer>Afficher</footer>" in html
    assert "[Afficher]" in html and "Oui" in html
    with translation.override("fr"):
        html = page.render(Context({**CONTEXTES[1], "nombre": 2}))
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


def _tous(liste, classe=TraductionFigee):
    """The nodes of `classe` in `liste` and the lists it holds."""
    from imuse.gabarits import _listes

    for noeud in liste:
        if isinstance(noeud, classe):
            yield noeud
        for sous in _listes(noeud):
            yield from _tous(sous, classe)


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


def test_literal_urls_are_reversed_once_per_prefix_and_configuration():
    page = _moteur(True).get_template("page.html")
    figees = [n.noeud.token.contents for n in _tous(page.nodelist, UrlFigee)]
    assert 'url "accessibilite:aide"' in figees and 'url "eleves:identite" 12' in figees
    assert "url nom_variable" not in figees
    contexte = {"variable": "x", "nombre": 1, "nom_variable": "accessibilite:index"}
    html = page.render(Context(contexte))
    assert '<a href="/accessibilite/aide/">/confidentialite/valognes/</a>' in html
    assert "[/accessibilite/plan/][]" in html
    try:
        set_script_prefix("/sous/")
        html = page.render(Context(contexte))
    finally:
        set_script_prefix("/")
    assert '<a href="/sous/accessibilite/aide/">' in html and "[/sous/accessibilite/plan/]" in html
    assert _moteur(False).get_template("page.html").render(Context(contexte)) == page.render(
        Context(contexte)
    )


def test_an_url_that_does_not_reverse_still_raises():
    moteur = Engine(
        loaders=[
            (
                "imuse.gabarits.Loader",
                [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"faux.html": '{% url "nulle-part" %}'},
                    )
                ],
            )
        ]
    )
    with pytest.raises(NoReverseMatch):
        moteur.get_template("faux.html").render(Context({}))


def test_a_language_block_reads_its_own_language():
    """The language is read once per template render, and again inside `{% language %}`:
    the same frozen node shows each language its block asks for."""
    page = _moteur(True).get_template("langues.html")
    with translation.override("fr"):
        assert page.render(Context({"autre": "en"})) == "AfficherYes<footer>Show</footer>Oui"
        assert page.render(Context({"autre": "fr"})) == "AfficherOui<footer>Afficher</footer>Oui"
    with translation.override("en"):
        assert page.render(Context({"autre": "fr"})) == "ShowOui<footer>Afficher</footer>Yes"
