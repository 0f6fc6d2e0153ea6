"""A school's online payment settings, read on the portal's invoicing pages and PDFs with a
query compiled once (imuse/requetes.py) and kept on the school object for the request."""

from __future__ import annotations

from facturation.models import ParametresPaiement
from imuse.requetes import ID, RequeteFigee

_PARAMETRES = RequeteFigee(
    lambda etablissement_id: ParametresPaiement.objects.filter(
        etablissement_id=etablissement_id
    ).order_by("pk")[:1],
    ID,
)


def parametres_paiement(etablissement) -> ParametresPaiement | None:
    """`etablissement.parametres_paiement`, or None when the school has none; read once per
    school object (the reverse one-to-one's own cache)."""
    relation = type(etablissement).parametres_paiement.related
    if not relation.is_cached(etablissement):
        relation.set_cached_value(etablissement, _PARAMETRES.premier(etablissement.pk))
    try:
        return etablissement.parametres_paiement
    except ParametresPaiement.DoesNotExist:
        return None
