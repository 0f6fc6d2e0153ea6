"""Accueil's "What's new" from invoicing: invoices issued and payments recorded since
the previous visit (extension point "nouveautes")."""

from __future__ import annotations

from django.db.models import DateField, DateTimeField, F, IntegerField, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.models import Facture, Reglement
from imuse.portail import Nouveaute
from imuse.requetes import ID, INSTANT, JOUR, RequeteFigee

FACTURE, REGLEMENT = 1, 2
# The columns of both parts: kind, issue day (invoice), recorded at (payment), pk, number.
# The NULLs typed, or PostgreSQL reads a bound NULL as text and refuses the union.
COLONNES = ("genre", "jour", "instant", "ref", "numero_")


def _factures(famille_id, jour):
    return (
        Facture.objects.de_la_famille(famille_id)
        .filter(date_emission__gte=jour)
        .annotate(
            genre=Value(FACTURE, output_field=IntegerField()),
            jour=F("date_emission"),
            instant=Cast(Value(None), DateTimeField()),
            ref=F("pk"),
            numero_=F("numero"),
        )
        .values_list(*COLONNES)
        .order_by()
    )


def _reglements(famille_id, depuis, jour):
    # A payment recorded since, for a date since (a late entry of an old one is not news).
    return (
        Reglement.objects.de_la_famille(famille_id)
        .filter(cree_le__gt=depuis, date__gte=jour)
        .annotate(
            genre=Value(REGLEMENT, output_field=IntegerField()),
            jour=Cast(Value(None), DateField()),
            instant=F("cree_le"),
            ref=F("pk"),
            numero_=F("numero"),
        )
        .values_list(*COLONNES)
        .order_by()
    )


# On Accueil, every visit: both in one query, compiled once (imuse/requetes.py).
_NOUVEAUTES = RequeteFigee(
    # The latest rows first: a day's invoices keep one order (Accueil sorts by time only).
    lambda famille_id, depuis, jour: (
        _factures(famille_id, jour)
        .union(_reglements(famille_id, depuis, jour), all=True)
        .order_by("-ref")
    ),
    ID,
    INSTANT,
    JOUR,
)


def _ligne(genre, jour, instant, ref, numero) -> Nouveaute:
    if genre == FACTURE:
        return Nouveaute(
            jour,
            _("Invoice %(numero)s issued") % {"numero": numero},
            reverse("facturation:facture_pdf", args=[ref]),
            _("Download the invoice"),
        )
    return Nouveaute(
        instant,
        _("Payment %(numero)s recorded") % {"numero": numero},
        reverse("facturation:index"),
        _("See my account"),
    )


def nouveautes(portail, depuis) -> list[Nouveaute]:
    # An invoice knows its issue date, not the hour: the day of the last visit counts.
    jour = timezone.localtime(depuis).date()
    lignes = _NOUVEAUTES.lister(portail.famille.pk, depuis, jour)
    return [_ligne(*ligne) for ligne in lignes]
