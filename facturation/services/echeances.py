"""State changes of instalments: a family (or staff) chooses how many instalments pay an
invoice, among the plans the school offers.

Atomic, keyword-only, `par` the acting user, one journal row; FacturationError on refusal.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.models import ZERO, Echeance, Facture, ParametresEcheances
from facturation.services.factures import FacturationError, reste_a_payer
from imuse.journal import journaliser
from imuse.requetes import ID, RequeteFigee

# Read on the ledger of every family with an invoice to pay: compiled once.
_PARAMETRES = RequeteFigee(
    lambda etablissement_id: ParametresEcheances.objects.filter(
        etablissement_id=etablissement_id
    ).order_by("pk")[:1],
    ID,
)


def parametres_echeances(etablissement) -> ParametresEcheances:
    """A school's instalment settings (given the school or its pk); the defaults,
    unsaved, when it has none."""
    etablissement_id = getattr(etablissement, "pk", etablissement)
    relation = ParametresEcheances._meta.get_field("etablissement").remote_field
    if etablissement is not etablissement_id and relation.is_cached(etablissement):
        parametres = relation.get_cached_value(etablissement)  # read already (or None)
    else:
        parametres = _PARAMETRES.premier(etablissement_id)
    return parametres or ParametresEcheances(etablissement_id=etablissement_id)


def decouper(montant: Decimal, nombre: int) -> list[Decimal]:
    """`montant` in `nombre` parts to the cent, the last absorbing the rounding."""
    if nombre < 1:
        raise ValueError(nombre)
    part = (montant / nombre).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [part] * (nombre - 1) + [montant - part * (nombre - 1)]


def ajouter_mois(jour: date, mois: int) -> date:
    """The same day `mois` months later, or the month's last day when it has none."""
    annee, index = divmod(jour.month - 1 + mois, 12)
    annee += jour.year
    dernier = calendar.monthrange(annee, index + 1)[1]
    return date(annee, index + 1, min(jour.day, dernier))


def echeancier_modifiable(facture: Facture) -> str:
    """Why the plan of `facture` cannot change now, or "" when it can."""
    if not facture.est_emise or facture.annulee:
        return _("This invoice is cancelled or not issued.")
    if facture.echeances.exclude(statut=Echeance.Statut.A_PAYER).exists():
        return _("An instalment of this invoice has already been collected.")
    if reste_a_payer(facture) != facture.net or facture.net <= ZERO:
        return _("Part of this invoice is already paid: its instalments can no longer change.")
    return ""


@transaction.atomic
def echeancier_choisir(
    *, facture: Facture, nombre: int, par, jour: date | None = None
) -> list[Echeance]:
    """Split `facture` into `nombre` monthly instalments, the first on its due date (or
    today when that date has passed). Allowed while nothing of it is paid."""
    facture = (
        Facture.objects.select_for_update(of=("self",))
        .select_related("etablissement")
        .get(pk=facture.pk)
    )
    plans = parametres_echeances(facture.etablissement).plans
    if nombre not in plans:
        raise FacturationError(
            _("The school does not offer payment in %(nombre)s instalments.") % {"nombre": nombre}
        )
    refus = echeancier_modifiable(facture)
    if refus:
        raise FacturationError(refus)
    jour = jour or timezone.localdate()
    premiere = max(facture.date_echeance or jour, jour)
    facture.echeances.all().delete()
    echeances = Echeance.objects.bulk_create(
        Echeance(
            facture=facture,
            rang=rang,
            nombre=nombre,
            date=ajouter_mois(premiere, rang - 1),
            montant=montant,
        )
        for rang, montant in enumerate(decouper(facture.net, nombre), start=1)
    )
    journaliser(
        facture,
        "facture.echeancier",
        par=par,
        nombre=nombre,
        dates=[e.date for e in echeances],
        montants=[e.montant for e in echeances],
    )
    return echeances
