"""The pupils' part of the portal object (settings.PORTAIL_FOURNISSEURS["eleves"])."""

from __future__ import annotations

from eleves.models import Eleve
from imuse.requetes import ID, RequeteFigee

# On most portal pages: compiled once (imuse/requetes.py).
_ELEVES = RequeteFigee(
    lambda famille_id: Eleve.objects.filter(famille_id=famille_id).order_by("prenom", "pk"),
    ID,
)


def eleves_du_portail(portail) -> list[Eleve]:
    return _ELEVES.lister(portail.famille.pk)
