"""Accueil's "What's new" from invoicing: invoices issued and payments recorded since
the previous visit (extension point "nouveautes")."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.models import Facture, Reglement
from imuse.portail import Nouveaute
from imuse.requetes import ID, INSTANT, JOUR, RequeteFigee

# On Accueil, every visit: compiled once (imuse/requetes.py).
_FACTURES = RequeteFigee(
    lambda famille_id, jour: Facture.objects.de_la_famille(famille_id).filter(
        date_emission__gte=jour
    ),
    ID,
    JOUR,
)
_REGLEMENTS = RequeteFigee(
    lambda famille_id, depuis, jour: Reglement.objects.de_la_famille(famille_id).filter(
        cree_le__gt=depuis, date__gte=jour
    ),
    ID,
    INSTANT,
    JOUR,
)


def nouveautes(portail, depuis) -> list[Nouveaute]:
    famille = portail.famille
    resultat = []
    # An invoice knows its issue date, not the hour: the day of the last visit counts.
    jour = timezone.localtime(depuis).date()
    for facture in _FACTURES.lister(famille.pk, jour):
        resultat.append(
            Nouveaute(
                facture.date_emission,
                _("Invoice %(numero)s issued") % {"numero": facture.numero},
                reverse("facturation:facture_pdf", args=[facture.pk]),
                _("Download the invoice"),
            )
        )
    # A payment recorded since, for a date since (a late entry of an old one is not news).
    for reglement in _REGLEMENTS.lister(famille.pk, depuis, jour):
        resultat.append(
            Nouveaute(
                reglement.cree_le,
                _("Payment %(numero)s recorded") % {"numero": reglement.numero},
                reverse("facturation:index"),
                _("See my account"),
            )
        )
    return resultat
