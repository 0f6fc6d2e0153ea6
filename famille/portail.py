"""The family's part of the portal object (settings.PORTAIL_FOURNISSEURS["responsable"])."""

from __future__ import annotations

from famille.models import Responsable


def responsable_de(user) -> Responsable | None:
    """The Responsable an account belongs to, with its family and school in one query."""
    return (
        Responsable.objects.select_related("famille__etablissement")
        .filter(utilisateur=user)
        .first()
    )
