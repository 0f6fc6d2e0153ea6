"""The family's part of the portal object (settings.PORTAIL_FOURNISSEURS)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from famille.models import Responsable
from imuse.requetes import ID, RequeteFigee

CLE_VISITE = "visite_precedente"


# On every portal page: compiled once (imuse/requetes.py).
_RESPONSABLE = RequeteFigee(
    lambda utilisateur_id: (
        Responsable.objects.select_related("famille__etablissement")
        .filter(utilisateur_id=utilisateur_id)
        .order_by("pk")[:1]
    ),
    ID,
)


# Utilisateur.responsable, the reverse one-to-one (request.user is a lazy object).
_COMPTE = Responsable._meta.get_field("utilisateur").remote_field


def responsable_de(user) -> Responsable | None:
    """The Responsable an account belongs to, with its family and school: loaded with the
    account (comptes.backends, settings.COMPTES_CHARGES_AVEC), else in one query."""
    if _COMPTE.is_cached(user):
        return _COMPTE.get_cached_value(user)
    return _RESPONSABLE.premier(user.pk)


def visite_precedente(portail) -> dt.datetime | None:
    """When the guardian's previous visit began. The first portal page of a session
    stamps the visit (famille.services.visite_enregistrer) and keeps the previous one in
    the session, so it is written once per visit, not on every request."""
    from famille.services import visite_enregistrer

    session = portail.request.session
    if CLE_VISITE in session:
        valeur = session[CLE_VISITE]
        return dt.datetime.fromisoformat(valeur) if valeur else None
    precedente = visite_enregistrer(
        responsable=portail.responsable, quand=timezone.now(), par=portail.utilisateur
    )
    session[CLE_VISITE] = precedente.isoformat() if precedente else ""
    return precedente
