"""Instalments shown beside an invoice: on the ledger's invoices to pay and on the PDF.

{% load echeances %}{% echeanciers_des_dues compte.dues as echeanciers %}
{% echeances_de facture as echeances %}
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.db.models import F

from facturation.models import Echeance, Facture
from facturation.services.echeances import parametres_echeances
from imuse.requetes import ID, TEXTE, RequeteFigee

register = template.Library()


@dataclass
class Echeancier:
    facture: object
    echeances: list = field(default_factory=list)
    plans: list[int] = field(default_factory=list)
    modifiable: bool = False


def _construire(*factures):
    return Echeance.objects.filter(facture__in=factures).order_by("facture", "rang")


def _a_regler(famille_id, nature):
    """The instalments of the family's invoices of `nature` with something left to pay."""
    return Echeance.objects.filter(
        facture__famille=famille_id,
        facture__nature=nature,
        facture__statut=Facture.Statut.EMISE,
        facture__annulee=False,
        facture__montant_paye__lt=F("facture__montant") - F("facture__total_avoirs"),
    ).order_by("facture_id", "rang")


# The invoices to pay of the account pages are one family's of one nature: one query
# compiled once, whatever their number; a mixed list is read as usual.
_A_REGLER = RequeteFigee(_a_regler, ID, TEXTE)


def _echeances(factures) -> list[Echeance]:
    # The account page's invoices say whether they have instalments (facturation.lecture).
    if not any(getattr(f, "a_des_echeances", True) for f in factures):
        return []
    cles = {(f.famille_id, f.nature) for f in factures}
    if len(cles) != 1:
        return list(_construire(*factures))
    pks = {f.pk for f in factures}
    return [e for e in _A_REGLER.lister(*cles.pop()) if e.facture_id in pks]


_ECHEANCES_DE = RequeteFigee(lambda facture_id: Echeance.objects.filter(facture_id=facture_id), ID)


@register.simple_tag
def echeances_de(facture) -> list[Echeance]:
    return _ECHEANCES_DE.lister(facture.pk)


@register.simple_tag
def echeanciers_des_dues(dues) -> list[Echeancier]:
    """One Echeancier per invoice to pay, in a bounded number of queries: the plans the
    school offers are offered while nothing of the invoice is paid."""
    if not dues:
        return []
    factures = [d.facture for d in dues]
    par_facture: dict[int, list[Echeance]] = {}
    for echeance in _echeances(factures):
        par_facture.setdefault(echeance.facture_id, []).append(echeance)
    # The school object (with its settings when the view read them), else its pk.
    etablissement = Facture._meta.get_field("etablissement").get_cached_value(factures[0], None)
    plans = parametres_echeances(etablissement or factures[0].etablissement_id).plans
    resultat = []
    for due in dues:
        echeances = par_facture.get(due.facture.pk, [])
        intacte = due.reste == due.facture.montant and all(
            e.statut == Echeance.Statut.A_PAYER for e in echeances
        )
        resultat.append(
            Echeancier(
                facture=due.facture,
                echeances=echeances,
                plans=plans if len(plans) > 1 else [],
                modifiable=intacte and len(plans) > 1,
            )
        )
    return resultat
