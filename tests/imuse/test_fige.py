"""{% fige %} (imuse/templatetags/fige.py): fixed text rendered once per language, and
nothing that depends on a request can be put inside (refused when compiled)."""

import pytest
from django.template import TemplateSyntaxError, engines
from django.utils import translation

CHARGE = "{% load i18n static fige %}"


def _gabarit(texte: str):
    return engines["django"].from_string(CHARGE + texte)


def test_fixed_text_is_the_same_as_without_the_tag_in_each_language():
    corps = (
        '<th>{% translate "Course" %}</th><link href="{% static \'css/eleves.css\' %}">'
        "{# a comment #}{% blocktranslate %}Pupil file{% endblocktranslate %}"
        '{% translate "Yes" context "unused context" %}'
    )
    fige, simple = _gabarit("{% fige %}" + corps + "{% endfige %}"), _gabarit(corps)
    rendus = {}
    for _tour in range(2):
        for langue in ("fr", "en", "fr"):
            with translation.override(langue):
                rendus[langue] = fige.render({})
                assert rendus[langue] == simple.render({})
    assert "<th>Cours</th>" in rendus["fr"] and "<th>Course</th>" in rendus["en"]


@pytest.mark.parametrize(
    "corps",
    [
        "{{ nom }}",
        "{% translate nom %}",
        '{% translate "Course" as libelle %}',
        '{% translate "Course"|upper %}',
        "{% blocktranslate %}Pupil file — {{ eleve }}{% endblocktranslate %}",
        '{% blocktranslate with eleve="x" %}Pupil file — {{ eleve }}{% endblocktranslate %}',
        "{% blocktranslate count n=3 %}{{ n }} result{% plural %}{{ n }} results"
        "{% endblocktranslate %}",
        "{% static chemin %}",
        "{% url 'eleves:index' %}",
        "{% if x %}a{% endif %}",
        "{% csrf_token %}",
    ],
)
def test_anything_but_fixed_text_is_refused_when_compiled(corps):
    with pytest.raises(TemplateSyntaxError, match="fixed text only"):
        _gabarit("{% fige %}" + corps + "{% endfige %}")


def test_a_value_of_the_context_cannot_leak_from_one_render_to_another():
    # Nothing variable compiles, so two contexts render the same fixed text.
    gabarit = _gabarit('{% fige %}<p>{% translate "Show" %}</p>{% endfige %}{{ nom }}')
    with translation.override("fr"):
        assert gabarit.render({"nom": "Alice"}) == "<p>Afficher</p>Alice"
        assert gabarit.render({"nom": "Bob"}) == "<p>Afficher</p>Bob"
