"""State changes of the Élèves menu."""

from __future__ import annotations

import logging

from django.db import transaction

from eleves.models import Absence, DocumentEleve, Eleve, Evaluation, nouveau_jeton
from imuse.journal import journaliser

logger = logging.getLogger(__name__)


@transaction.atomic
def eleve_renouveler_jeton_ical(*, eleve: Eleve, par) -> Eleve:
    """Give the pupil's iCal feed a new secret link; the old one stops working."""
    eleve = Eleve.objects.select_for_update().get(pk=eleve.pk)
    eleve.jeton_ical = nouveau_jeton()
    eleve.save(update_fields=["jeton_ical"])
    journaliser(eleve, "eleve.renouveler_jeton_ical", par=par)
    return eleve


@transaction.atomic
def document_publier(*, document: DocumentEleve, visible: bool, par) -> DocumentEleve:
    """Show a document to the family in "Mes documents" (or withdraw it)."""
    document = DocumentEleve.objects.select_for_update().get(pk=document.pk)
    if document.visible_famille != visible:
        document.visible_famille = visible
        document.save(update_fields=["visible_famille"])
    journaliser(
        document,
        "document.publier" if visible else "document.retirer",
        par=par,
        famille=document.eleve.famille_id,
    )
    return document


@transaction.atomic
def inscriptions_publier(*, inscriptions, par) -> tuple[int, int]:
    """Show the family the evaluations and absences of these course sheets.

    Returns the number of evaluations published and absences made final."""
    evaluations = Evaluation.objects.filter(inscription__in=inscriptions, publiee=False)
    absences = Absence.objects.filter(inscription__in=inscriptions, definitive=False)
    publiees = [e.pk for e in evaluations.select_for_update()]
    definitives = [a.pk for a in absences.select_for_update()]
    for evaluation in Evaluation.objects.filter(pk__in=publiees):
        evaluation.publiee = True
        evaluation.save(update_fields=["publiee"])
    for absence in Absence.objects.filter(pk__in=definitives):
        absence.definitive = True
        absence.save(update_fields=["definitive"])
    for inscription in inscriptions.select_related("eleve"):
        journaliser(
            inscription,
            "inscription.publier",
            par=par,
            famille=inscription.eleve.famille_id,
            evaluations=len(publiees),
            absences=len(definitives),
        )
    logger.info(
        "%d evaluations published, %d absences made final by %s",
        len(publiees),
        len(definitives),
        par,
    )
    return len(publiees), len(definitives)
