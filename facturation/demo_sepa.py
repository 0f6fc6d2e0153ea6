"""Demo SEPA direct debit: the school of Valognes as creditor (a test ICS and account,
a reject fee of 5 €), the ABARRE family's mandate signed online by guardian 1 (login
`demo`), a course-supplement invoice in three instalments, and the collection file of
today that debits its first instalment (FRST). Called by facturation.demo."""

from __future__ import annotations

from decimal import Decimal

from eleves.models import Eleve
from facturation.models import MandatSepa, Nature, ParametresEcheances, ParametresFacturation
from facturation.services import (
    Ligne,
    echeancier_choisir,
    facture_creer,
    mandat_signer,
    remise_creer,
)

# Test identifiers (valid check digits; no real account behind them).
ICS = "FR72ZZZ123456"
IBAN_ECOLE = "FR7630004000031234567890143"
BIC_ECOLE = "BNPAFRPPXXX"
IBAN_FAMILLE = "FR7630006000011234567890189"


def _creancier(etablissement) -> None:
    parametres, _cree = ParametresFacturation.objects.get_or_create(etablissement=etablissement)
    if not parametres.ics:
        parametres.ics = ICS
        parametres.iban_creancier = IBAN_ECOLE
        parametres.bic_creancier = BIC_ECOLE
        parametres.frais_rejet = Decimal("5.00")
        parametres.save()
    ParametresEcheances.objects.get_or_create(
        etablissement=etablissement, defaults={"en_trois_fois": True, "en_dix_fois": True}
    )


def charger(ctx) -> list[str]:
    _creancier(ctx.etablissement)
    famille = ctx.famille_demo
    if MandatSepa.objects.filter(famille=famille).exists():
        return []
    responsable = famille.responsables.filter(rang=1).select_related("utilisateur").first()
    eleve = Eleve.objects.de_la_famille(famille).order_by("date_naissance").first()
    if responsable is None or eleve is None:
        return []
    mandat = mandat_signer(
        responsable=responsable,
        iban=IBAN_FAMILLE,
        bic="",
        titulaire=f"{responsable.prenom} {responsable.nom}",
        consentement=True,
        par=responsable.utilisateur,
    )
    jour = ctx.aujourdhui
    facture = facture_creer(
        famille=famille,
        nature=Nature.COTISATION,
        lignes=[Ligne("Stage d'orchestre (complément)", Decimal("135.00"), eleve=eleve)],
        par=None,
        libelle="AVIS DES SOMMES A PAYER — COMPLÉMENT",
        date_emission=jour,
        date_echeance=jour,
    )
    echeancier_choisir(facture=facture, nombre=3, par=responsable.utilisateur, jour=jour)
    remise = remise_creer(etablissement=ctx.etablissement, date_echeance=jour, par=None)
    return [
        f"  SEPA: mandate {mandat.rum} signed online by the ABARRE family; invoice "
        f"{facture.numero} in 3 instalments, the first debited in file {remise.message_id}."
    ]
