"""Background work of the famille app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from famille.models import ExportDonnees


@task()
def construire_export(export_id: int) -> str:
    from famille.services import export_construire

    export = ExportDonnees.objects.select_related("famille__etablissement").get(pk=export_id)
    return export_construire(export=export).statut
