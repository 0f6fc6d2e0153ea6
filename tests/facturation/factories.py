"""Helpers of the facturation tests: invoices and payments go through the services, as
staff would create them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from facturation.models import ModeReglement, Nature, ParametresPaiement
from facturation.services import Ligne, facture_creer, reglement_enregistrer


def facture(famille, *, eleve=None, montant="84.00", nature=Nature.COTISATION, jour=None, **kw):
    return facture_creer(
        famille=famille,
        nature=nature,
        lignes=[Ligne("Formation musicale 2C4", Decimal(montant), eleve=eleve)],
        par=None,
        date_emission=jour or date(2026, 10, 11),
        **kw,
    )


def reglement(
    famille,
    montant="84.00",
    *,
    mode=ModeReglement.CHEQUE,
    nature=Nature.COTISATION,
    jour=None,
    reference="98135",
    imputations=None,
):
    return reglement_enregistrer(
        famille=famille,
        nature=nature,
        mode=mode,
        montant=Decimal(montant),
        par=None,
        jour=jour or date(2026, 11, 19),
        reference=reference,
        imputations=imputations,
    )


def bac_a_sable(etablissement):
    return ParametresPaiement.objects.update_or_create(
        etablissement=etablissement, defaults={"backend": ParametresPaiement.Backend.BAC_A_SABLE}
    )[0]


def payfip(etablissement):
    return ParametresPaiement.objects.update_or_create(
        etablissement=etablissement,
        defaults={"backend": ParametresPaiement.Backend.PAYFIP, "numcli": "123456"},
    )[0]
