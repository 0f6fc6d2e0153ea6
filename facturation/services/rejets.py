"""Rejected direct debits (R-transactions): recorded by hand from the admin or from the
bank's status report (pain.002, matched by end-to-end identifier). The payment is
reversed (its allocation removed, a "rejected" line in the ledger), the instalment is to
pay again, the family is told by e-mail (outbox), and the school's reject fee, if any, is
invoiced (and collected with the next file when the school says so).

Atomic, keyword-only, `par` the acting user, one journal row; FacturationError on refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.models import (
    Echeance,
    Facture,
    LignePrelevement,
    MandatSepa,
    MotifRejet,
    Nature,
    ParametresFacturation,
    Reglement,
)
from facturation.services.echeances import echeancier_choisir
from facturation.services.factures import FacturationError, Ligne, facture_creer
from famille.notifications import TypeNotification, notifier
from imuse.journal import journaliser


def _frais(ligne: LignePrelevement, jour: date, par):
    parametres = ParametresFacturation.objects.filter(
        etablissement_id=ligne.remise.etablissement_id
    ).first()
    if parametres is None or parametres.frais_rejet <= 0:
        return None
    famille = ligne.mandat.famille
    facture = facture_creer(
        famille=famille,
        nature=Nature.COTISATION,
        lignes=[
            Ligne(
                f"Frais de rejet du prélèvement {ligne.reference} ({ligne.motif_rejet})",
                parametres.frais_rejet,
            )
        ],
        par=par,
        libelle="FRAIS DE REJET DE PRÉLÈVEMENT",
        date_emission=jour,
        date_echeance=jour,
    )
    if parametres.frais_rejet_preleves:
        echeancier_choisir(facture=facture, nombre=1, par=par, jour=jour)
    return facture


@transaction.atomic
def rejet_enregistrer(
    *, ligne: LignePrelevement, motif: str, par, jour: date | None = None
) -> LignePrelevement:
    """The bank returned this debit: reverse its payment, put its instalment back to pay."""
    if motif not in MotifRejet.values:
        raise FacturationError(_("Choose the reason the bank gave for the reject."))
    ligne = (
        LignePrelevement.objects.select_for_update(of=("self",))
        .select_related("reglement", "echeance", "mandat__famille", "remise")
        .get(pk=ligne.pk)
    )
    if ligne.statut == LignePrelevement.Statut.REJETEE:
        raise FacturationError(
            _("The debit %(reference)s is already recorded as rejected.")
            % {"reference": ligne.reference}
        )
    jour = jour or timezone.localdate()
    reglement = ligne.reglement
    retirees = [
        (i.facture.numero, i.montant) for i in reglement.imputations.select_related("facture")
    ]
    factures = {i.facture_id for i in reglement.imputations.all()}
    reglement.imputations.all().delete()
    # The stored totals: the invoices have that much to pay again, the payment none
    # allocated (the row is locked through its debit line's).
    Facture.objects.filter(pk__in=factures).paye_recalculer()
    Reglement.objects.filter(pk=reglement.pk).impute_recalculer()
    ligne.statut = LignePrelevement.Statut.REJETEE
    ligne.motif_rejet = motif
    ligne.rejetee_le = jour
    ligne.rejet_par = par
    Echeance.objects.filter(pk=ligne.echeance_id).update(
        statut=Echeance.Statut.A_PAYER, rejets=F("rejets") + 1
    )
    # A rejected first debit leaves the mandate unused: the next one is FRST again.
    if (
        ligne.sequence == "FRST"
        and not ligne.mandat.lignes.exclude(pk=ligne.pk)
        .filter(statut=LignePrelevement.Statut.PRELEVEE)
        .exists()
    ):
        MandatSepa.objects.filter(pk=ligne.mandat_id).update(premiere_collecte_faite=False)
    ligne.frais = _frais(ligne, jour, par)
    ligne.save(update_fields=["statut", "motif_rejet", "rejetee_le", "rejet_par", "frais"])
    journaliser(
        reglement,
        "reglement.rejeter",
        par=par,
        reference=ligne.reference,
        motif=motif,
        montant=ligne.montant,
        imputations=retirees,
        frais=ligne.frais.numero if ligne.frais else "",
    )
    ligne.echeance.refresh_from_db()
    notifier(
        famille=ligne.mandat.famille,
        type_notification=TypeNotification.RELANCE,
        modele="notification_rejet",
        contexte={"ligne": ligne, "echeance": ligne.echeance, "frais": ligne.frais},
    )
    return ligne


@dataclass
class RetourBanque:
    """What a status report held: debits rejected now, and what could not be matched."""

    rejetees: list[LignePrelevement] = field(default_factory=list)
    deja: list[str] = field(default_factory=list)
    inconnues: list[str] = field(default_factory=list)
    motifs_inconnus: list[str] = field(default_factory=list)


def lire_pain002(contenu: bytes) -> list[tuple[str, str, str]]:
    """(end-to-end id, status, reason code) of every transaction of a pain.002 report;
    the status of its group when a transaction has none. FacturationError if unreadable."""
    from lxml import etree

    analyseur = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        racine = etree.fromstring(contenu, analyseur)
    except (etree.XMLSyntaxError, ValueError):
        raise FacturationError(_("This file is not a readable XML status report.")) from None
    espace = etree.QName(racine).namespace or ""
    if "pain.002" not in espace:
        raise FacturationError(_("This file is not a pain.002 status report of the bank."))
    ns = {"p": espace}
    groupe = racine.findtext(".//p:OrgnlGrpInfAndSts/p:GrpSts", default="", namespaces=ns)
    resultat = []
    for tx in racine.iterfind(".//p:TxInfAndSts", ns):
        reference = (tx.findtext("p:OrgnlEndToEndId", default="", namespaces=ns) or "").strip()
        statut = (tx.findtext("p:TxSts", default="", namespaces=ns) or groupe).strip()
        code = (tx.findtext("p:StsRsnInf/p:Rsn/p:Cd", default="", namespaces=ns) or "").strip()
        if reference:
            resultat.append((reference, statut, code))
    return resultat


@transaction.atomic
def rejets_importer(*, etablissement, contenu: bytes, par, jour: date | None = None):
    """Record every rejected transaction of the bank's pain.002 report (of this school)."""
    retour = RetourBanque()
    for reference, statut, code in lire_pain002(contenu):
        if statut != "RJCT":
            continue
        ligne = LignePrelevement.objects.filter(
            reference=reference, remise__etablissement=etablissement
        ).first()
        if ligne is None:
            retour.inconnues.append(reference)
            continue
        if ligne.statut == LignePrelevement.Statut.REJETEE:
            retour.deja.append(reference)
            continue
        if code not in MotifRejet.values:
            retour.motifs_inconnus.append(f"{reference} ({code or '?'})")
            code = MotifRejet.MS03
        retour.rejetees.append(rejet_enregistrer(ligne=ligne, motif=code, par=par, jour=jour))
    journaliser(
        None,
        "rejets.importer",
        par=par,
        etablissement=etablissement,
        rejetees=[ligne.reference for ligne in retour.rejetees],
        inconnues=retour.inconnues,
        deja=retour.deja,
    )
    return retour
