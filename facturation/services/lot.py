"""The batch run "Facturer l'année" (issue 12, docs/facturation.md): preview, start, run.

- `lot_apercu(grille, periode)` prices every family of the grid's school for a period and
  changes nothing: the families to invoice with their lines and totals, the families it
  cannot price with why, and how many have nothing new to bill.
- `lot_lancer(...)` records the run (LotFacturation) and queues its task
  (`facturer_lot`, run by the db_worker) once the transaction commits; one run at a time per school.
- `lot_executer(lot=...)`, run by the task, issues the invoices family by family. Each
  family is locked, priced again and invoiced in its own transaction, so that re-running
  (or a run started twice) never bills twice: the pricing skips what the issued invoices
  of the period already billed, and a pupil enrolled since gets a complementary invoice.
  Every invoice is journaled and the family told through the outbox (facture_emettre).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from facturation.models import (
    ZERO,
    Facture,
    GrilleTarifaire,
    LotFacturation,
    Nature,
    ParametresFacturation,
)
from facturation.services.factures import FacturationError, Ligne, facture_creer
from facturation.tarification import (
    Tarificateur,
    Tarification,
    charger,
    familles_a_tarifer,
    tarifer_familles,
)
from famille.models import Famille
from imuse.journal import journaliser

log = logging.getLogger("facturation.lot")

LIBELLE = "AVIS DES SOMMES A PAYER"
LIBELLE_COMPLEMENT = "AVIS DES SOMMES A PAYER — COMPLÉMENT"
# Progress is saved every this many families.
PAS_PROGRESSION = 10


@dataclass
class Apercu:
    """What a run would issue now (nothing is written)."""

    a_facturer: list[Tarification] = field(default_factory=list)
    non_tarifees: list[Tarification] = field(default_factory=list)
    rien_de_nouveau: int = 0
    # Families to invoice who already have a fee invoice of that year issued outside any
    # run (typed by hand, or imported with the opening balances): a run would bill them
    # again, so the preview names them.
    deja_a_la_main: list[Famille] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((t.total + t.total_locations for t in self.a_facturer), ZERO)

    @property
    def nombre_factures(self) -> int:
        return sum(bool(t.lignes) + bool(t.locations) for t in self.a_facturer)


def lot_apercu(grille: GrilleTarifaire, periode: str) -> Apercu:
    """Price the families of the grid's school for the period: a read."""
    apercu = Apercu()
    for t in tarifer_familles(grille, periode):
        if not t.tarifable:
            apercu.non_tarifees.append(t)
        elif t.a_facturer:
            apercu.a_facturer.append(t)
        else:
            apercu.rien_de_nouveau += 1
    apercu.deja_a_la_main = _factures_hors_lot(grille, [t.famille for t in apercu.a_facturer])
    return apercu


def _factures_hors_lot(grille: GrilleTarifaire, familles: list[Famille]) -> list[Famille]:
    ids = set(
        Facture.objects.emises()
        .non_annulees()
        .filter(
            famille__in=[f.pk for f in familles],
            nature=Nature.COTISATION,
            annee__isnull=True,
            date_emission__range=(grille.annee.debut, grille.annee.fin),
        )
        .values_list("famille_id", flat=True)
    )
    return [f for f in familles if f.pk in ids]


def _en_cours(etablissement_id: int):
    return LotFacturation.objects.filter(
        etablissement=etablissement_id,
        statut__in=[LotFacturation.Statut.EN_ATTENTE, LotFacturation.Statut.EN_COURS],
    )


@transaction.atomic
def lot_lancer(
    *, grille: GrilleTarifaire, periode: str, par, date_emission: date | None = None
) -> LotFacturation:
    """Record a run and queue it; refused while another run of the school is going."""
    grille = (
        GrilleTarifaire.objects.select_for_update(of=("self",))
        .select_related("annee")
        .get(pk=grille.pk)
    )
    if _en_cours(grille.etablissement_id).exists():
        raise FacturationError(
            _("A batch run is already going for this school: wait until it finishes.")
        )
    lot = LotFacturation.objects.create(
        etablissement_id=grille.etablissement_id,
        grille=grille,
        periode=periode,
        date_emission=date_emission or timezone.localdate(),
        total=familles_a_tarifer(grille).count(),
        cree_par=par,
    )
    journaliser(
        lot,
        "lot.lancer",
        par=par,
        annee=grille.annee.libelle,
        periode=periode,
        familles=lot.total,
    )

    transaction.on_commit(lambda: facturer_lot.enqueue(lot.pk))
    return lot


def _delai(etablissement_id: int) -> int:
    parametres = ParametresFacturation.objects.filter(etablissement=etablissement_id).first()
    return parametres.delai_paiement if parametres else 30


def _lignes(prix) -> list[Ligne]:
    return [
        Ligne(
            p.designation,
            p.prix_unitaire,
            remise=p.remise,
            eleve=p.eleve,
            tarif=p.tarif,
            genre=p.genre,
            inscription=p.inscription,
        )
        for p in prix
    ]


def _facturer_famille(
    lot: LotFacturation, tarificateur: Tarificateur, famille_id: int, echeance: date
) -> tuple[Tarification | None, list[Facture]]:
    """Lock the family, price it again and issue what is new (one transaction)."""
    grille = lot.grille
    with transaction.atomic():
        famille = Famille.objects.select_for_update(of=("self",)).select_related("etablissement")
        famille = famille.get(pk=famille_id)
        donnees = charger(grille, lot.periode, [famille_id])
        t = tarificateur.tarifer(donnees[0]) if donnees else None
        if t is None or not t.a_facturer:
            return t, []
        deja = Facture.objects.emises().filter(
            famille=famille_id, annee=grille.annee, periode=lot.periode, nature=Nature.COTISATION
        )
        factures = []
        commun = {
            "famille": famille,
            "par": lot.cree_par,
            "date_emission": lot.date_emission,
            "date_echeance": echeance,
            "annee": grille.annee,
            "periode": lot.periode,
        }
        if t.lignes:
            libelle = LIBELLE_COMPLEMENT if deja.exists() else LIBELLE
            factures.append(
                facture_creer(
                    nature=Nature.COTISATION, lignes=_lignes(t.lignes), libelle=libelle, **commun
                )
            )
        if t.locations:
            facture = facture_creer(nature=Nature.LOCATION, lignes=_lignes(t.locations), **commun)
            for prix in t.locations:
                prix.location.facture = facture
                prix.location.save(update_fields=["facture"])
            factures.append(facture)
        return t, factures


def lot_executer(*, lot: LotFacturation) -> LotFacturation:
    """Issue the run's invoices, saving its progress as it goes (run by the task)."""
    lot = LotFacturation.objects.select_related("grille__annee", "cree_par").get(pk=lot.pk)
    if lot.statut != LotFacturation.Statut.EN_ATTENTE:
        raise FacturationError(_("This batch run has already been carried out."))
    ids = list(familles_a_tarifer(lot.grille))
    LotFacturation.objects.filter(pk=lot.pk).update(
        statut=LotFacturation.Statut.EN_COURS, total=len(ids)
    )
    echeance = lot.date_emission + timedelta(days=_delai(lot.etablissement_id))
    tarificateur = Tarificateur(lot.grille, lot.periode)
    non_tarifees, erreurs = [], []
    factures, montant, faites = 0, ZERO, 0
    for pk in ids:
        try:
            t, emises = _facturer_famille(lot, tarificateur, pk, echeance)
        except Exception as erreur:  # noqa: BLE001 (reported; the next family goes on)
            log.exception("Batch run %s: family %s failed", lot.pk, pk)
            erreurs.append({"famille": pk, "erreur": str(erreur)[:200]})
            t, emises = None, []
        if t is not None and not t.tarifable:
            non_tarifees.append(
                {"numero": t.famille.numero, "nom": t.famille.nom, "raisons": t.erreurs}
            )
        factures += len(emises)
        montant += sum((f.montant for f in emises), ZERO)
        faites += 1
        if faites % PAS_PROGRESSION == 0 or faites == len(ids):
            LotFacturation.objects.filter(pk=lot.pk).update(traitees=faites)
    with transaction.atomic():
        lot = LotFacturation.objects.select_for_update().get(pk=lot.pk)
        lot.traitees = len(ids)
        lot.factures = factures
        lot.montant = montant
        lot.non_tarifees = non_tarifees
        lot.erreurs = erreurs
        lot.statut = LotFacturation.Statut.ECHEC if erreurs else LotFacturation.Statut.TERMINE
        lot.termine_le = timezone.now()
        lot.save()
        journaliser(
            lot,
            "lot.terminer",
            par=lot.cree_par,
            factures=lot.factures,
            montant=montant,
            non_tarifees=len(non_tarifees),
            erreurs=len(erreurs),
        )
    return lot


def lot_echouer(*, lot: LotFacturation, erreur: Exception) -> None:
    """Mark a run that stopped on an unexpected error as failed (the task calls it)."""
    LotFacturation.objects.filter(pk=lot.pk).update(
        statut=LotFacturation.Statut.ECHEC,
        erreurs=[{"famille": None, "erreur": f"{type(erreur).__name__}: {erreur}"[:200]}],
        termine_le=timezone.now(),
    )
    journaliser(lot, "lot.echouer", par=None, erreur=str(erreur)[:200])


@transaction.atomic
def lot_interrompre(*, lot: LotFacturation, par) -> LotFacturation:
    """Mark a run whose worker stopped as interrupted, so that the school can run again.

    Safe even if the run is in fact alive: each family is invoiced in its own locked
    transaction and never twice, so a new run only issues what this one did not.
    """
    lot = LotFacturation.objects.select_for_update().get(pk=lot.pk)
    if lot.statut not in (LotFacturation.Statut.EN_ATTENTE, LotFacturation.Statut.EN_COURS):
        raise FacturationError(_("This batch run is not in progress."))
    lot.statut = LotFacturation.Statut.ECHEC
    lot.erreurs = [
        {
            "famille": None,
            "erreur": _(
                "Interrupted by %(par)s after %(fait)s families of %(total)s: run again to "
                "invoice the others (no family is invoiced twice)."
            )
            % {"par": par, "fait": lot.traitees, "total": lot.total},
        }
    ]
    lot.termine_le = timezone.now()
    lot.save(update_fields=["statut", "erreurs", "termine_le"])
    journaliser(lot, "lot.interrompre", par=par, traitees=lot.traitees, total=lot.total)
    return lot


@task()
def facturer_lot(lot_id: int) -> str:
    """The background task of a run (django-tasks; the db_worker runs it)."""
    lot = LotFacturation.objects.get(pk=lot_id)
    if lot.statut != LotFacturation.Statut.EN_ATTENTE:
        return lot.statut  # interrupted by staff before a worker took it
    try:
        return lot_executer(lot=lot).statut
    except Exception as erreur:
        log.exception("Batch run %s failed", lot_id)
        lot_echouer(lot=lot, erreur=erreur)
        raise
