"""A school's online payment and instalment settings, read on the portal's invoicing pages
and PDFs with queries compiled once (imuse/requetes.py) and kept on the school object (the
reverse one-to-ones' own caches) for the request."""

from __future__ import annotations

from facturation.models import ParametresPaiement
from imuse.models import Etablissement
from imuse.requetes import ID, RequeteFigee

_LES_DEUX = RequeteFigee(
    lambda etablissement_id: (
        Etablissement.objects.filter(pk=etablissement_id)
        .select_related("parametres_paiement", "parametres_echeances")
        .order_by("pk")[:1]
    ),
    ID,
)
_RELATIONS = ("parametres_paiement", "parametres_echeances")


def lire_parametres(etablissement) -> None:
    """Both settings of the school in one query (the ledger with invoices to pay shows
    the payment buttons and the instalment plans), kept on `etablissement`."""
    relations = [getattr(Etablissement, nom).related for nom in _RELATIONS]
    if all(r.is_cached(etablissement) for r in relations):
        return
    lu = _LES_DEUX.premier(etablissement.pk)
    for relation in relations:
        relation.set_cached_value(
            etablissement, relation.get_cached_value(lu, None) if lu is not None else None
        )


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
