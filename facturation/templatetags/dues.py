"""{% lignes_dues compte.dues refus_paiement %}: the invoices to pay, and
{% echeanciers_compte compte.dues %}: their instalments (facturation/dues_html.py)."""

from django import template
from django.template.defaulttags import CsrfTokenNode

from facturation.dues_html import echeanciers_html, lignes_html
from facturation.templatetags.echeances import echeanciers_des_dues

register = template.Library()


def _jeton(context):
    """The page's `{% csrf_token %}` input, rendered on first use only (as the tag: a
    page without a form does not read the token)."""
    rendu = []

    def jeton() -> str:
        if not rendu:
            rendu.append(CsrfTokenNode().render(context))
        return rendu[0]

    return jeton


@register.simple_tag(takes_context=True)
def lignes_dues(context, dues, refus_paiement):
    return lignes_html(dues, refus_paiement, _jeton(context))


@register.simple_tag(takes_context=True)
def echeanciers_compte(context, dues):
    return echeanciers_html(echeanciers_des_dues(dues), _jeton(context))
