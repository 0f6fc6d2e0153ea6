"""{% lignes_cours_reinscription lignes_cours modifiable %}: the tab's course rows,
{% lignes_pieces_reinscription lignes modifiable eleve %}: its documents' rows
(reinscription/rendu_onglet.py)."""

from django import template

from reinscription.rendu_onglet import lignes_cours_html, lignes_pieces_html

register = template.Library()

register.simple_tag(lignes_cours_html, name="lignes_cours_reinscription")
register.simple_tag(lignes_pieces_html, name="lignes_pieces_reinscription")
