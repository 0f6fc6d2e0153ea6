"""The background task of a batch run "Facturer l'année" (django-tasks; the db_worker
runs it): facturation.services.lot does the work, this module only runs it."""

from __future__ import annotations

import logging

from django_tasks import task

from facturation.models import LotFacturation
from facturation.services.lot import lot_echouer, lot_executer

log = logging.getLogger(__name__)


@task()
def facturer_lot(lot_id: int) -> str:
    lot = LotFacturation.objects.get(pk=lot_id)
    try:
        return lot_executer(lot=lot).statut
    except Exception as erreur:
        log.exception("Batch run %s failed", lot_id)
        lot_echouer(lot=lot, erreur=erreur)
        raise
