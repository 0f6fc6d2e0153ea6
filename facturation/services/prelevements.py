"""The collection file (pain.008.001.02, built with sepaxml): staff choose a due date; every
unpaid instalment due by then, of a family with an active mandate that pays by direct
debit, is debited on that date. Each debit is one Reglement "Prélèvement" allocated to
its invoice (journaled); the mandate's first debit is FRST, the next ones RCUR.

Atomic, keyword-only, `par` the acting user, one journal row; FacturationError on refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.models import (
    ZERO,
    Echeance,
    Facture,
    Imputation,
    LignePrelevement,
    MandatSepa,
    ModeReglement,
    RemisePrelevement,
)
from facturation.services.factures import FacturationError
from facturation.services.mandats import Creancier, creancier
from facturation.services.reglements import reglement_enregistrer
from imuse.journal import journaliser

SCHEMA = "pain.008.001.02"


@dataclass
class Debit:
    echeance: Echeance
    mandat: MandatSepa
    montant: Decimal
    sequence: str

    @property
    def facture(self) -> Facture:
        return self.echeance.facture


def _echeances(etablissement, date_echeance: date):
    return (
        Echeance.objects.a_payer()
        .filter(
            date__lte=date_echeance,
            facture__etablissement=etablissement,
            facture__statut=Facture.Statut.EMISE,
            facture__annulee=False,
            facture__famille__mandats_sepa__statut=MandatSepa.Statut.ACTIF,
            facture__famille__mandats_sepa__prelever=True,
        )
        .select_related("facture__famille")
        .order_by("facture__famille__nom", "facture__famille_id", "date", "facture_id", "rang")
    )


def remise_apercu(*, etablissement, date_echeance: date, verrouiller: bool = False) -> list[Debit]:
    """The debits a file for `date_echeance` would hold (writes nothing). An instalment
    is debited for what is left to pay on its invoice, at most its own amount."""
    echeances = _echeances(etablissement, date_echeance)
    if verrouiller:
        echeances = echeances.select_for_update(of=("self",))
    echeances = list(echeances)
    familles = {e.facture.famille_id for e in echeances}
    mandats = {
        m.famille_id: m
        for m in MandatSepa.objects.actifs().filter(famille_id__in=familles, prelever=True)
    }
    payes = dict(
        Imputation.objects.filter(facture_id__in={e.facture_id for e in echeances})
        .values("facture")
        .annotate(s=Sum("montant"))
        .values_list("facture", "s")
    )
    restes = {
        e.facture_id: e.facture.montant - e.facture.total_avoirs - payes.get(e.facture_id, ZERO)
        for e in echeances
    }
    debits = []
    for echeance in echeances:
        montant = min(echeance.montant, restes[echeance.facture_id])
        mandat = mandats.get(echeance.facture.famille_id)
        if montant <= 0 or mandat is None:
            continue
        restes[echeance.facture_id] -= montant
        debits.append(Debit(echeance, mandat, montant, mandat.sequence))
    return debits


def refus_remise(donnees: Creancier) -> str:
    """Why no file can be built for this creditor, or ""."""
    if not donnees.complet:
        return _(
            "Set the creditor identifier (ICS) and the IBAN of the school in the invoicing "
            "settings first."
        )
    return ""


def _centimes(montant: Decimal) -> int:
    return int((montant * 100).to_integral_value())


def construire_xml(*, donnees: Creancier, debits: list[tuple[Debit, str]], date_echeance: date):
    """The pain.008.001.02 document (bytes, checked against the schema) and its id."""
    from sepaxml import SepaDD

    config = {
        "name": donnees.nom[:70],
        "IBAN": donnees.iban,
        "batch": True,
        "creditor_id": donnees.ics,
        "currency": "EUR",
        "instrument": "CORE",
    }
    if donnees.bic:
        config["BIC"] = donnees.bic
    document = SepaDD(config, schema=SCHEMA, clean=True)
    for debit, reference in debits:
        mandat = debit.mandat
        document.add_payment(
            {
                "name": mandat.titulaire[:70],
                "IBAN": mandat.iban,
                "BIC": mandat.bic,
                "amount": _centimes(debit.montant),
                "type": debit.sequence,
                "collection_date": date_echeance,
                "mandate_id": mandat.rum,
                "mandate_date": mandat.date_signature,
                "description": (
                    f"Facture {debit.facture.numero} echeance "
                    f"{debit.echeance.rang}/{debit.echeance.nombre}"
                )[:140],
                "endtoend_id": reference,
            }
        )
    xml = document.export(validate=False)
    verifier_schema(xml)
    return xml, document.msg_id


_schema = None


def verifier_schema(xml: bytes) -> None:
    """Check the file against the pain.008.001.02 XSD sepaxml ships (with lxml: a hundred
    times faster than sepaxml's own check through xmlschema)."""
    global _schema
    from lxml import etree

    if _schema is None:
        import sepaxml

        chemin = Path(sepaxml.__file__).parent / "schemas" / f"{SCHEMA}.xsd"
        _schema = etree.XMLSchema(etree.parse(str(chemin)))
    document = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    if not _schema.validate(document):
        raise FacturationError(
            _("The direct debit file does not match the pain.008 schema: %(erreur)s")
            % {"erreur": _schema.error_log.last_error}
        )


@transaction.atomic
def remise_creer(*, etablissement, date_echeance: date, par) -> RemisePrelevement:
    """Build the collection file for `date_echeance`, with one payment per instalment."""
    donnees = creancier(etablissement)
    refus = refus_remise(donnees)
    if refus:
        raise FacturationError(refus)
    debits = remise_apercu(
        etablissement=etablissement, date_echeance=date_echeance, verrouiller=True
    )
    if not debits:
        raise FacturationError(
            _("No instalment to collect by %(date)s.")
            % {"date": date_echeance.strftime("%d/%m/%Y")}
        )
    references = [
        (d, f"IMUSE-{etablissement.pk}-{d.echeance.pk}-{d.echeance.rejets + 1}") for d in debits
    ]
    xml, message_id = construire_xml(
        donnees=donnees, debits=references, date_echeance=date_echeance
    )
    remise = RemisePrelevement.objects.create(
        etablissement=etablissement,
        date_echeance=date_echeance,
        message_id=message_id[:35],
        nombre=len(debits),
        montant=sum((d.montant for d in debits), ZERO),
        cree_par=par,
    )
    for debit, reference in references:
        reglement = reglement_enregistrer(
            famille=debit.facture.famille,
            nature=debit.facture.nature,
            mode=ModeReglement.PRELEVEMENT,
            montant=debit.montant,
            par=par,
            jour=date_echeance,
            reference=reference,
            payeur=debit.mandat.titulaire,
            imputations=[(debit.facture, debit.montant)],
        )
        LignePrelevement.objects.create(
            remise=remise,
            echeance=debit.echeance,
            mandat=debit.mandat,
            reglement=reglement,
            sequence=debit.sequence,
            montant=debit.montant,
            reference=reference,
        )
        Echeance.objects.filter(pk=debit.echeance.pk).update(statut=Echeance.Statut.PRELEVEE)
    MandatSepa.objects.filter(pk__in={d.mandat.pk for d in debits}).update(
        premiere_collecte_faite=True
    )
    remise.fichier.save(f"{message_id}.xml", ContentFile(xml), save=True)
    journaliser(
        remise,
        "remise.creer",
        par=par,
        date=date_echeance,
        nombre=remise.nombre,
        montant=remise.montant,
        frst=sum(d.sequence == "FRST" for d in debits),
        jour=timezone.localdate(),
    )
    return remise
