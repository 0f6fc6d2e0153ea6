"""Accueil notice: the amount the family owes (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from facturation.lecture import montant_du
from facturation.templatetags.facturation import format_euros
from imuse.portail import Notice


def notices(request) -> list[Notice]:
    du = montant_du(request.portail.famille)
    if du <= 0:
        return []
    return [
        Notice(
            texte=_("Amount due on your invoices: %(montant)s.") % {"montant": format_euros(du)},
            lien=reverse("facturation:index"),
            lien_texte=_("See the invoicing"),
            niveau="attention",
        )
    ]
