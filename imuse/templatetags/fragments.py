"""{% entete_portail %} and {% pied_portail %}: the layout's fragments (imuse/fragments.py)."""

from django import template
from django.utils.safestring import mark_safe

from imuse import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def entete_portail(context) -> str:
    return mark_safe(fragments.entete(context))  # noqa: S308 (rendered by the engine, escaped)


@register.simple_tag(takes_context=True)
def pied_portail(context) -> str:
    return mark_safe(fragments.pied(context))  # noqa: S308 (rendered by the engine)
