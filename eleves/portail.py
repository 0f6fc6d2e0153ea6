"""The pupils' part of the portal object (settings.PORTAIL_FOURNISSEURS["eleves"])."""

from __future__ import annotations

from eleves.models import Eleve


def eleves_du_portail(portail) -> list[Eleve]:
    return list(Eleve.objects.de_la_famille(portail.famille).order_by("prenom", "pk"))
