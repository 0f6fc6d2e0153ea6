"""{% fige %}…{% endfige %}: fixed text rendered once per process and language (issue 15).

Profiled, a portal page's `{% translate "…" %}` tags cost a gettext each on every request
(the active language read through asgiref's Local, then the catalogue), a fifth of a
tab page's template time. Between `{% fige %}` and `{% endfige %}` only fixed content is
allowed, checked when the template is compiled: plain text, `{% translate %}` and
`{% blocktranslate %}` of literal text (no variable, no `as`), `{% static %}` of a literal
path, comments. Anything else (a variable, a `{% url %}`, an `{% if %}`) is a
TemplateSyntaxError, so nothing of a request, a family or a session can be stored. The
output is kept per language on the compiled node (the template loader caches the nodes;
static URLs are fixed for a process too: the manifest is read at start-up;
a restart or a new template starts afresh).

    {% load i18n fige %}
    {% fige %}<th scope="col">{% translate "Course" %}</th>…{% endfige %}
"""

from __future__ import annotations

from django import template
from django.template.base import TextNode, TokenType, Variable
from django.template.defaulttags import CommentNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.utils.translation import get_language

register = template.Library()


def _litteral(expression) -> bool:
    """A FilterExpression (or None) that is a literal string, without filters."""
    if expression is None:
        return True
    var = getattr(expression, "var", None)
    if getattr(expression, "filters", None):
        return False
    # A quoted constant is compiled to its value (translate makes it a literal Variable).
    return isinstance(var, str) or (
        isinstance(var, Variable) and var.literal is not None and var.lookups is None
    )


def fixe(noeud) -> bool:
    if isinstance(noeud, TextNode | CommentNode):
        return True
    if isinstance(noeud, TranslateNode):
        return (
            noeud.asvar is None
            and _litteral(noeud.filter_expression)
            and _litteral(noeud.message_context)
        )
    if isinstance(noeud, BlockTranslateNode):
        jetons = noeud.singular + (noeud.plural or [])
        return (
            not noeud.extra_context
            and noeud.counter is None
            and noeud.asvar is None
            and _litteral(noeud.message_context)
            and all(j.token_type == TokenType.TEXT for j in jetons)
        )
    if isinstance(noeud, StaticNode):
        return noeud.varname is None and _litteral(noeud.path)
    return False


class NoeudFige(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendus: dict[str | None, str] = {}

    def render(self, context):
        langue = get_language()
        html = self.rendus.get(langue)
        if html is None:
            html = self.rendus[langue] = self.nodelist.render(context)
        return html


@register.tag("fige")
def fige(parser, token):
    nodelist = parser.parse(("endfige",))
    parser.delete_first_token()
    for noeud in nodelist:
        if not fixe(noeud):
            raise template.TemplateSyntaxError(
                f"{{% fige %}} holds fixed text only, not {noeud.token.contents!r}: "
                "text, translate/blocktranslate of literal text, static of a literal path."
            )
    return NoeudFige(nodelist)
