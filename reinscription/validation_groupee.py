"""Validating a selection of re-enrolment requests at once (admin action), as a
background task (django-tasks) with progress and a report (ValidationGroupee).

Each request goes through demande_valider, in its own transaction: one that fails is
reported and the others go on. A request whose documents are not all accepted is
validated only when staff confirmed it (the admin's confirmation page).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from eleves.models import Cours, Inscription
from imuse.journal import journaliser
from reinscription.models import (
    DemandeReinscription,
    PieceAFournir,
    PieceJointe,
    ValidationGroupee,
)
from reinscription.services import ReinscriptionErreur, demande_valider

logger = logging.getLogger(__name__)


@dataclass
class EtatPieces:
    """A waiting request and what is not accepted among the documents it needs."""

    demande: DemandeReinscription
    manquantes: list[str] = field(default_factory=list)
    refusees: list[str] = field(default_factory=list)
    a_verifier: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.manquantes or self.refusees or self.a_verifier)


def etat_des_pieces(demandes) -> list[EtatPieces]:
    """The documents of each waiting request, in a bounded number of queries whatever
    the selection: the documents asked by the campaigns, the files of the families, the
    courses ticked (or the current ones when none is)."""
    demandes = list(
        demandes.filter(etat=DemandeReinscription.Etat.EN_ATTENTE)
        .select_related("eleve__famille", "campagne__annee")
        .prefetch_related("inscriptions__cours__discipline")
        .order_by("eleve__nom", "eleve__prenom", "pk")
    )
    campagnes = {d.campagne_id for d in demandes}
    pieces = list(
        PieceAFournir.objects.filter(campagne__in=campagnes).select_related(
            "type_piece", "discipline", "departement"
        )
    )
    fichiers = {}
    for pj in PieceJointe.objects.filter(
        piece__campagne__in=campagnes, famille__in={d.eleve.famille_id for d in demandes}
    ).only("piece_id", "famille_id", "eleve_id", "etat"):
        fichiers[(pj.piece_id, pj.famille_id, pj.eleve_id)] = pj
    sans_cours = [d.eleve_id for d in demandes if not d.inscriptions.all()]
    courantes: dict[int, list] = {}
    for i in Inscription.objects.filter(
        eleve__in=sans_cours, cours__annee__courante=True
    ).select_related("cours__discipline"):
        courantes.setdefault(i.eleve_id, []).append(i)
    etats = []
    for demande in demandes:
        retenues = list(demande.inscriptions.all()) or courantes.get(demande.eleve_id, [])
        disciplines = {i.cours.discipline_id for i in retenues}
        departements = {i.cours.discipline.departement_id for i in retenues}
        etat = EtatPieces(demande)
        for piece in pieces:
            if piece.campagne_id != demande.campagne_id or not piece.concerne(
                disciplines, departements
            ):
                continue
            eleve = demande.eleve_id if piece.portee == PieceAFournir.Portee.ELEVE else None
            pj = fichiers.get((piece.pk, demande.eleve.famille_id, eleve))
            if pj is None:
                etat.manquantes.append(piece.libelle)
            elif pj.etat == PieceJointe.Etat.REFUSEE:
                etat.refusees.append(piece.libelle)
            elif pj.etat != PieceJointe.Etat.VALIDEE:
                etat.a_verifier.append(piece.libelle)
        etats.append(etat)
    return etats


@transaction.atomic
def validation_lancer(
    *, etablissement, demandes: list[DemandeReinscription], par, en_tache: bool = True
):
    """Record the run and start its task once the transaction commits (with `en_tache`
    False the caller runs it: the command line, with its progress bar)."""
    ids = [d.pk for d in demandes]
    validation = ValidationGroupee.objects.create(
        etablissement=etablissement, demandes=ids, total=len(ids), par=par
    )
    journaliser(validation, "reinscription.validation_groupee", par=par, demandes=len(ids))
    if en_tache:
        transaction.on_commit(lambda: valider_demandes.enqueue(validation.pk))
    return validation


def _entree(demande: DemandeReinscription) -> dict:
    return {"demande": demande.pk, "eleve": str(demande.eleve), "places": [], "non_places": []}


def validation_executer(*, validation: ValidationGroupee, progression=None) -> ValidationGroupee:
    """Validate each request of the run, saving the progress after each (and telling
    `progression(fait, total)`)."""
    ValidationGroupee.objects.filter(pk=validation.pk).update(
        statut=ValidationGroupee.Statut.EN_COURS
    )
    par = validation.par
    demandes = (
        DemandeReinscription.objects.filter(
            pk__in=validation.demandes, campagne__etablissement=validation.etablissement_id
        )
        .select_related("eleve", "campagne__annee")
        .order_by("eleve__nom", "eleve__prenom", "pk")
    )
    cours_par_annee: dict[int, list[Cours]] = {}
    rapport, echecs = [], 0
    for demande in demandes:
        entree = _entree(demande)
        annee = demande.campagne.annee_id
        if annee not in cours_par_annee:
            cours_par_annee[annee] = list(Cours.objects.filter(annee=annee).order_by("code"))
        places = non_places = 0
        try:
            placement = demande_valider(
                demande=demande, par=par, cours_de_l_annee=cours_par_annee[annee]
            )
            entree["places"] = [str(ligne) for ligne in placement.lignes if ligne.placee]
            entree["non_places"] = [str(ligne) for ligne in placement.non_placees]
            places, non_places = len(placement.fiches), len(placement.non_placees)
        except ReinscriptionErreur as erreur:
            entree["erreur"] = str(erreur.message)
        except Exception as erreur:  # noqa: BLE001 (reported, the next request goes on)
            logger.exception("Bulk validation %s: request %s failed", validation.pk, demande.pk)
            entree["erreur"] = str(erreur)[:200]
            echecs += 1
        rapport.append(entree)
        ValidationGroupee.objects.filter(pk=validation.pk).update(
            traitees=F("traitees") + 1,
            fiches=F("fiches") + places,
            non_placees=F("non_placees") + non_places,
        )
        if progression is not None:
            progression(len(rapport), validation.total)
    with transaction.atomic():
        validation = ValidationGroupee.objects.select_for_update().get(pk=validation.pk)
        validation.rapport = rapport
        validation.traitees = validation.total
        validation.statut = (
            ValidationGroupee.Statut.ECHEC if echecs else ValidationGroupee.Statut.TERMINE
        )
        validation.termine_le = timezone.now()
        validation.save(update_fields=["rapport", "traitees", "statut", "termine_le"])
        journaliser(
            validation,
            "reinscription.validation_groupee_terminee",
            par=par,
            fiches=validation.fiches,
            non_placees=validation.non_placees,
            erreurs=sum(1 for e in rapport if e.get("erreur")),
        )
    return validation


@task()
def valider_demandes(validation_id: int) -> int:
    validation = ValidationGroupee.objects.select_related("par").get(pk=validation_id)
    return validation_executer(validation=validation).fiches
