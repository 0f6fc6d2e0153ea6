"""{% load grand_livre %}{% lignes_grand_livre compte.ecritures %}: the ledger's rows
(facturation/grand_livre.py)."""

from django import template

from facturation.grand_livre import lignes_html

register = template.Library()

register.simple_tag(lignes_html, name="lignes_grand_livre")
