"""Helpers of the SEPA tests: a school set up as creditor, a family with a mandate and an
invoice in instalments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from facturation.models import ParametresEcheances, ParametresFacturation
from facturation.services import echeancier_choisir, mandat_enregistrer
from tests.facturation import factories as ff

ICS = "FR72ZZZ123456"
IBAN_ECOLE = "FR7630004000031234567890143"
BIC_ECOLE = "BNPAFRPPXXX"
IBAN_FAMILLE = "FR7630006000011234567890189"
BIC_FAMILLE = "AGRIFRPPXXX"


def creancier(etablissement, frais="0.00", preleves=True):
    ParametresEcheances.objects.update_or_create(
        etablissement=etablissement, defaults={"en_trois_fois": True}
    )
    return ParametresFacturation.objects.update_or_create(
        etablissement=etablissement,
        defaults={
            "ics": ICS,
            "iban_creancier": IBAN_ECOLE,
            "bic_creancier": BIC_ECOLE,
            "frais_rejet": Decimal(frais),
            "frais_rejet_preleves": preleves,
        },
    )[0]


def mandat(famille, jour=date(2026, 9, 15)):
    return mandat_enregistrer(
        famille=famille,
        iban=IBAN_FAMILLE,
        bic=BIC_FAMILLE,
        titulaire="Irène Martin",
        date_signature=jour,
        par=None,
    )


def facture_en_trois(famille, eleve=None, montant="100.00"):
    facture = ff.facture(famille, eleve=eleve, montant=montant, jour=date(2026, 10, 11))
    echeancier_choisir(facture=facture, nombre=3, par=None, jour=date(2026, 10, 12))
    return facture
