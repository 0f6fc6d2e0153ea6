"""Accueil's "What's new" from invoicing: invoices issued and payments recorded since
the previous visit (extension point "nouveautes")."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.models import Facture, Reglement, Relance
from facturation.templatetags.facturation import format_euros
from imuse.portail import Nouveaute


def nouveautes(portail, depuis) -> list[Nouveaute]:
    famille = portail.famille
    resultat = []
    # An invoice knows its issue date, not the hour: the day of the last visit counts.
    jour = timezone.localtime(depuis).date()
    for facture in Facture.objects.de_la_famille(famille).filter(date_emission__gte=jour):
        resultat.append(
            Nouveaute(
                facture.date_emission,
                _("Invoice %(numero)s issued") % {"numero": facture.numero},
                reverse("facturation:facture_pdf", args=[facture.pk]),
                _("Download the invoice"),
            )
        )
    # A payment recorded since, for a date since (a late entry of an old one is not news).
    for reglement in Reglement.objects.de_la_famille(famille).filter(
        cree_le__gt=depuis, date__gte=jour
    ):
        resultat.append(
            Nouveaute(
                reglement.cree_le,
                _("Payment %(numero)s recorded") % {"numero": reglement.numero},
                reverse("facturation:index"),
                _("See my account"),
            )
        )
    for relance in Relance.objects.de_la_famille(famille).filter(cree_le__gt=depuis):
        resultat.append(
            Nouveaute(
                relance.cree_le,
                _("Payment reminder sent: %(montant)s overdue")
                % {"montant": format_euros(relance.montant)},
                reverse("facturation:relance_pdf", args=[relance.pk]),
                _("Download the letter"),
            )
        )
    return resultat
