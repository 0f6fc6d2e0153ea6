"""Background runs of admin imports (Django's tasks API through django-tasks)."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from importation.models import Importation
from importation.services import importation_analyser, importation_confirmer

log = logging.getLogger(__name__)


def _charger(importation_id: int, par_id: int | None):
    importation = Importation.objects.select_related("etablissement").get(pk=importation_id)
    par = get_user_model().objects.filter(pk=par_id).first() if par_id else None
    return importation, par


def echec(importation: Importation, erreur: Exception) -> None:
    log.exception("Import %s failed", importation.pk)
    importation.statut = Importation.Statut.ECHEC
    importation.rapport = {**importation.rapport, "erreur": f"{type(erreur).__name__}: {erreur}"}
    importation.save(update_fields=["statut", "rapport"])


@task()
def analyser(importation_id: int, par_id: int | None) -> str:
    importation, par = _charger(importation_id, par_id)
    try:
        return importation_analyser(importation=importation, par=par).statut
    except Exception as erreur:
        echec(importation, erreur)
        raise


@task()
def confirmer(importation_id: int, par_id: int | None) -> str:
    importation, par = _charger(importation_id, par_id)
    try:
        return importation_confirmer(importation=importation, par=par).statut
    except Exception as erreur:
        echec(importation, erreur)
        raise
