"""Following the money (issue 12, docs/facturation.md): reads, they change nothing.

- `avec_suivi(factures)` annotates each invoice with what was paid (`paye_suivi`), what is
  left (`reste_suivi`: the amount less credit notes and payments, 0 once cancelled) and
  its state (`etat_suivi`: payée, partiellement payée, impayée, annulée; "" for a draft),
  in SQL: the admin's list filters and sorts on them without a query per row.
- `balance_agee(famille)`: what a family owes by age, in one query. The age of an unpaid
  remainder is counted from its invoice's due date: not yet due, 0–30, 31–60, 61–90 and
  more than 90 days late.
- `debitrices(factures)`: the same per family for every family that owes, one row each,
  sortable by amount and by the age of its oldest unpaid invoice (one grouped query).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facturation.models import ZERO, Facture

PAYEE, PARTIELLE, IMPAYEE, ANNULEE = "payee", "partielle", "impayee", "annulee"
ETATS = {
    PAYEE: _("paid"),
    PARTIELLE: _("partly paid"),
    IMPAYEE: _("unpaid"),
    ANNULEE: _("cancelled"),
}
# (code, label, lowest and highest number of days past the due date; None: no bound)
TRANCHES = [
    ("non_echu", _("not yet due"), None, -1),
    ("j0_30", _("0–30 days"), 0, 30),
    ("j31_60", _("31–60 days"), 31, 60),
    ("j61_90", _("61–90 days"), 61, 90),
    ("j90", _("over 90 days"), 91, None),
]
MONTANT = DecimalField(max_digits=12, decimal_places=2)


def _paye():
    return F("montant_paye")


# The same states as conditions on stored columns (no annotation): the admin's filters,
# which the partial index `facture_du_idx` answers (issue 15).
_NET = F("montant") - F("total_avoirs")
DU = Q(statut=Facture.Statut.EMISE, annulee=False, montant_paye__lt=_NET)
CONDITIONS = {
    PAYEE: Q(statut=Facture.Statut.EMISE, annulee=False, montant_paye__gte=_NET),
    PARTIELLE: DU & Q(montant_paye__gt=0),
    IMPAYEE: DU & Q(montant_paye__lte=0),
    ANNULEE: Q(statut=Facture.Statut.EMISE, annulee=True),
}


def avec_suivi(factures: QuerySet) -> QuerySet:
    """`paye_suivi` is the stored `montant_paye` (the sum of the invoice's allocations,
    kept by the services)."""
    return factures.annotate(paye_suivi=_paye()).annotate(
        reste_suivi=Case(
            When(annulee=True, then=Value(ZERO)),
            When(statut=Facture.Statut.BROUILLON, then=Value(ZERO)),
            default=F("montant") - F("total_avoirs") - F("paye_suivi"),
            output_field=MONTANT,
        ),
        etat_suivi=Case(
            When(statut=Facture.Statut.BROUILLON, then=Value("")),
            When(annulee=True, then=Value(ANNULEE)),
            When(paye_suivi__gte=F("montant") - F("total_avoirs"), then=Value(PAYEE)),
            When(paye_suivi__gt=0, then=Value(PARTIELLE)),
            default=Value(IMPAYEE),
            output_field=CharField(),
        ),
    )


def dues(factures: QuerySet) -> QuerySet:
    """Issued, not cancelled invoices with something left to pay."""
    return avec_suivi(factures.filter(DU))


def _echeance():
    """The due date, or the issue date for an invoice without one."""
    return Coalesce("date_echeance", "date_emission")


def _par_tranche(jour: date) -> dict:
    sommes = {}
    for code, _libelle, mini, maxi in TRANCHES:
        condition = Q()
        # Late by d days: due on or before jour - mini, after jour - maxi - 1.
        if mini is not None:
            condition &= Q(echeance_suivi__lte=jour - timedelta(days=mini))
        if maxi is not None:
            condition &= Q(echeance_suivi__gte=jour - timedelta(days=maxi))
        sommes[code] = Coalesce(
            Sum(Case(When(condition, then=F("reste_suivi")), default=Value(ZERO))),
            Value(ZERO),
            output_field=MONTANT,
        )
    return sommes


@dataclass
class BalanceAgee:
    tranches: list[tuple[str, str, Decimal]]
    total: Decimal


def balance_agee(famille, jour: date | None = None) -> BalanceAgee:
    jour = jour or timezone.localdate()
    sommes = (
        dues(Facture.objects.filter(famille=famille))
        .annotate(echeance_suivi=_echeance())
        .aggregate(total=Coalesce(Sum("reste_suivi"), Value(ZERO)), **_par_tranche(jour))
    )
    return BalanceAgee(
        tranches=[(code, libelle, sommes[code]) for code, libelle, *_bornes in TRANCHES],
        total=sommes["total"],
    )


TRIS = {
    "montant": ["du", "famille__nom"],
    "-montant": ["-du", "famille__nom"],
    "age": ["-plus_ancienne", "famille__nom"],
    "-age": ["plus_ancienne", "famille__nom"],
}


def debitrices(factures: QuerySet, tri: str = "-montant", jour: date | None = None):
    """One row per family that owes: numero, nom, du, each bracket, plus_ancienne (the due
    date of its oldest unpaid invoice), derniere (of its most recent)."""
    jour = jour or timezone.localdate()
    return (
        dues(factures)
        .annotate(echeance_suivi=_echeance())
        .values("famille", "famille__numero", "famille__nom")
        .annotate(
            du=Sum("reste_suivi"),
            plus_ancienne=Min("echeance_suivi"),
            derniere=Max("echeance_suivi"),
            **_par_tranche(jour),
        )
        .order_by(*TRIS.get(tri, TRIS["-montant"]))
    )


def jours_de_retard(echeance: date | None, jour: date | None = None) -> int:
    if echeance is None:
        return 0
    return max(((jour or timezone.localdate()) - echeance).days, 0)


def sections(request, famille) -> list[dict]:
    """The aged balance on the staff's family overview (extension point
    "synthese_famille"): one query."""
    return [
        {
            "titre": _("Aged balance"),
            "template": "admin/facturation/balance_agee.html",
            "balance": balance_agee(famille),
        }
    ]
