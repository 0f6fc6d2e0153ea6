"""`echapper` gives what Django's conditional_escape gives, on every kind of value."""

from decimal import Decimal

import pytest
from django.utils.functional import lazy
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from imuse.echappement import echapper


class _Html:
    def __html__(self):
        return "<i>déjà sûr</i>"


VALEURS = [
    "",
    "ABARRE Irina",
    "<script>alert('x')</script> & \"guillemets\"",
    "L'été — 12,50 €",
    SafeString("<b>sûr</b>"),
    mark_safe("<br>"),
    format_html("<em>{}</em>", "<x>"),
    gettext_lazy("Invoice"),
    lazy(lambda: "<lazy & '>", str)(),
    lazy(lambda: SafeString("<b>lazy sûr</b>"), SafeString)(),
    12,
    0,
    None,
    Decimal("1234.50"),
    _Html(),
]


@pytest.mark.parametrize("valeur", VALEURS, ids=range(len(VALEURS)))
def test_same_as_conditional_escape(valeur):
    with override("fr"):
        attendu = conditional_escape(valeur)
        obtenu = echapper(valeur)
    assert obtenu == attendu
    assert isinstance(obtenu, SafeData) == isinstance(attendu, SafeData)
