"""The collection file (pain.008.001.02, built with sepaxml): staff choose a due date; every
unpaid instalment due by then, of a family with an active mandate that pays by direct
debit, is debited on that date. Each debit is one Reglement "Prélèvement" allocated to
its invoice (journaled); the mandate's first debit is FRST, the next ones RCUR.

Staff confirm → `remise_lancer` records the file to build (one at a time per school) and
queues the task `construire_remise` → `remise_executer` builds it in one transaction, its
progress saved as it goes; a failure marks it failed with the reason (`remise_echouer`).
Keyword-only, `par` the acting user, journaled; FacturationError on refusal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import connection, connections, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

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
from imuse.models import Etablissement

SCHEMA = "pain.008.001.02"
# Progress is saved every this many instalments.
PAS_PROGRESSION = 25

log = logging.getLogger("facturation.prelevements")


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


def _refus(etablissement, date_echeance: date) -> str:
    refus = refus_remise(creancier(etablissement))
    if refus:
        return refus
    if not remise_apercu(etablissement=etablissement, date_echeance=date_echeance):
        return _("No instalment to collect by %(date)s.") % {
            "date": date_echeance.strftime("%d/%m/%Y")
        }
    return ""


def _en_cours(etablissement):
    return RemisePrelevement.objects.filter(
        etablissement=etablissement,
        statut__in=[RemisePrelevement.Statut.EN_ATTENTE, RemisePrelevement.Statut.EN_COURS],
    )


@transaction.atomic
def remise_lancer(*, etablissement, date_echeance: date, par) -> RemisePrelevement:
    """Record a collection file to build and queue its task (`construire_remise`) once the
    transaction commits; refused while another file of the school is being built."""
    Etablissement.objects.select_for_update().get(pk=etablissement.pk)
    if _en_cours(etablissement).exists():
        raise FacturationError(
            _("A direct debit file is already being built for this school: wait until it ends.")
        )
    refus = _refus(etablissement, date_echeance)
    if refus:
        raise FacturationError(refus)
    remise = RemisePrelevement.objects.create(
        etablissement=etablissement, date_echeance=date_echeance, cree_par=par
    )
    journaliser(remise, "remise.lancer", par=par, date=date_echeance)
    transaction.on_commit(lambda: construire_remise.enqueue(remise.pk))
    return remise


@transaction.atomic
def remise_creer(*, etablissement, date_echeance: date, par) -> RemisePrelevement:
    """Build the collection file for `date_echeance` at once (the demo, the shell): the
    same as `remise_lancer` and its task, in one transaction."""
    refus = _refus(etablissement, date_echeance)
    if refus:
        raise FacturationError(refus)
    remise = RemisePrelevement.objects.create(
        etablissement=etablissement, date_echeance=date_echeance, cree_par=par
    )
    return remise_executer(remise=remise)


class _Progression:
    """Saves the count of instalments processed while the build's transaction is open:
    through a connection of its own, so that the progress page sees it before the commit.
    Inside a caller's transaction (remise_creer, the tests) the row is not committed yet:
    nothing to show, nothing written."""

    def __init__(self, remise: RemisePrelevement):
        self.pk = remise.pk
        enveloppee = connection.in_atomic_block
        self.connexion = None if enveloppee else connections.create_connection("default")

    def __call__(self, fait: int, total: int | None = None) -> None:
        # Never through the ORM: the build's transaction must not lock this row before its
        # end, or this connection would wait for it.
        if self.connexion is None:
            return
        table = RemisePrelevement._meta.db_table
        with self.connexion.cursor() as curseur:
            if total is None:
                sql = f"UPDATE {table} SET traitees = %s WHERE id = %s"  # noqa: S608 (our table)
                curseur.execute(sql, [fait, self.pk])
            else:
                sql = f"UPDATE {table} SET traitees = %s, total = %s WHERE id = %s"  # noqa: S608
                curseur.execute(sql, [fait, total, self.pk])

    def fermer(self) -> None:
        if self.connexion is not None:
            self.connexion.close()


def remise_executer(*, remise: RemisePrelevement) -> RemisePrelevement:
    """Build the file and its payments (run by the task), the progress saved as it goes.

    The whole build is one transaction: the file holds every debit and every debit has its
    payment, or nothing is written (a file the bank gets must match the payments exactly,
    and a half-built file can neither be sent nor completed later)."""
    remise = RemisePrelevement.objects.select_related("etablissement", "cree_par").get(pk=remise.pk)
    if remise.statut != RemisePrelevement.Statut.EN_ATTENTE:
        raise FacturationError(_("This direct debit file has already been built."))
    RemisePrelevement.objects.filter(pk=remise.pk).update(statut=RemisePrelevement.Statut.EN_COURS)
    progression = _Progression(remise)
    nom = None
    try:
        with transaction.atomic():
            nom = _construire(remise, progression)
    except BaseException:
        if nom:
            remise.fichier.storage.delete(nom)
        raise
    finally:
        progression.fermer()
    remise.refresh_from_db()
    return remise


def _construire(remise: RemisePrelevement, progression) -> str:
    etablissement, date_echeance, par = remise.etablissement, remise.date_echeance, remise.cree_par
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
    progression(0, total=len(debits))
    references = [
        (d, f"IMUSE-{etablissement.pk}-{d.echeance.pk}-{d.echeance.rejets + 1}") for d in debits
    ]
    xml, message_id = construire_xml(
        donnees=donnees, debits=references, date_echeance=date_echeance
    )
    for fait, (debit, reference) in enumerate(references, start=1):
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
        if fait % PAS_PROGRESSION == 0:
            progression(fait)
    MandatSepa.objects.filter(pk__in={d.mandat.pk for d in debits}).update(
        premiere_collecte_faite=True
    )
    remise.message_id = message_id[:35]
    remise.nombre = len(debits)
    remise.montant = sum((d.montant for d in debits), ZERO)
    remise.total = remise.traitees = len(debits)
    remise.statut = RemisePrelevement.Statut.TERMINE
    remise.termine_le = timezone.now()
    remise.fichier.save(f"{message_id}.xml", ContentFile(xml), save=False)
    nom = remise.fichier.name
    remise.save()
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
    return nom


def remise_echouer(*, remise: RemisePrelevement, erreur: Exception) -> None:
    """Mark a build that stopped as failed, with the reason (the task calls it; the build's
    transaction was rolled back: no payment, no file)."""
    if isinstance(erreur, FacturationError):
        raison = str(erreur)
    else:
        raison = f"{type(erreur).__name__}: {erreur}"
    RemisePrelevement.objects.filter(pk=remise.pk).update(
        statut=RemisePrelevement.Statut.ECHEC,
        erreur=raison[:500],
        termine_le=timezone.now(),
    )
    journaliser(remise, "remise.echouer", par=None, erreur=raison[:200])


@transaction.atomic
def remise_interrompre(*, remise: RemisePrelevement, par) -> RemisePrelevement:
    """Mark a build whose worker stopped as failed, so that the school can build again.
    Safe: the build is one transaction, so a stopped one left no payment and no file."""
    remise = RemisePrelevement.objects.select_for_update().get(pk=remise.pk)
    if remise.statut not in (
        RemisePrelevement.Statut.EN_ATTENTE,
        RemisePrelevement.Statut.EN_COURS,
    ):
        raise FacturationError(_("This direct debit file is not being built."))
    remise.statut = RemisePrelevement.Statut.ECHEC
    remise.erreur = _("Interrupted by %(par)s: nothing was recorded, build the file again.") % {
        "par": par
    }
    remise.termine_le = timezone.now()
    remise.save(update_fields=["statut", "erreur", "termine_le"])
    journaliser(remise, "remise.interrompre", par=par)
    return remise


@task()
def construire_remise(remise_id: int) -> str:
    """The background task of a collection file (django-tasks; the db_worker runs it)."""
    remise = RemisePrelevement.objects.get(pk=remise_id)
    if remise.statut != RemisePrelevement.Statut.EN_ATTENTE:
        return remise.statut
    try:
        return remise_executer(remise=remise).statut
    except Exception as erreur:
        log.exception("Direct debit file %s failed", remise_id)
        remise_echouer(remise=remise, erreur=erreur)
        if isinstance(erreur, FacturationError):
            return RemisePrelevement.Statut.ECHEC
        raise
