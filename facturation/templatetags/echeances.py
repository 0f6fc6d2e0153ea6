"""Instalments shown beside an invoice: on the ledger's invoices to pay and on the PDF.

{% load echeances %}{% echeanciers_des_dues compte.dues as echeanciers %}
{% echeances_de facture as echeances %}
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from facturation.models import Echeance
from facturation.services.echeances import parametres_echeances

register = template.Library()


@dataclass
class Echeancier:
    facture: object
    echeances: list = field(default_factory=list)
    plans: list[int] = field(default_factory=list)
    modifiable: bool = False


@register.simple_tag
def echeances_de(facture) -> list[Echeance]:
    return list(facture.echeances.all())


@register.simple_tag
def echeanciers_des_dues(dues) -> list[Echeancier]:
    """One Echeancier per invoice to pay, in a bounded number of queries: the plans the
    school offers are offered while nothing of the invoice is paid."""
    if not dues:
        return []
    factures = [d.facture for d in dues]
    par_facture: dict[int, list[Echeance]] = {}
    for echeance in Echeance.objects.filter(facture__in=factures).order_by("facture", "rang"):
        par_facture.setdefault(echeance.facture_id, []).append(echeance)
    plans = parametres_echeances(factures[0].etablissement_id).plans
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
