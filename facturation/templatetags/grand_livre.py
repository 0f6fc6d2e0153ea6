"""{% load grand_livre %}{% lignes_grand_livre compte.ecritures %}: the ledger's rows,
{% liens_attestations attestations %}: the attestation links (facturation/grand_livre.py)."""

from django import template

from facturation.grand_livre import attestations_html, lignes_html

register = template.Library()

register.simple_tag(lignes_html, name="lignes_grand_livre")
register.simple_tag(attestations_html, name="liens_attestations")
