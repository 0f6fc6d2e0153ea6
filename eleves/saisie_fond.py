"""The bulletins ZIP read as a background task (django-tasks) when it is big
(settings.BULLETINS_TAILLE_SYNCHRONE): the archive is kept in private storage until the
task has read it through eleves.saisie.bulletins_importer (the same checks and limits),
then deleted; the run (DepotBulletins) shows its progress and its report in the admin.

Progress is a small file in private storage, not the row: the import's transaction would
hide a row's update from the page that shows it (as importation.services does)."""

from __future__ import annotations

import logging
import zipfile

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from eleves.models import DepotBulletins
from eleves.saisie import ZIP_TAILLE_MAX, SaisieErreur, bulletins_importer
from imuse.journal import journaliser
from imuse.storage import private_storage
from imuse.televersement import taille_en_mo

logger = logging.getLogger(__name__)


def _nom_progression(depot: DepotBulletins) -> str:
    return f"bulletins/progression/{depot.pk}.txt"


def ecrire_progression(depot: DepotBulletins, fait: int, total: int) -> None:
    nom = _nom_progression(depot)
    private_storage.delete(nom)
    private_storage.save(nom, ContentFile(f"{fait} {total}".encode()))


def lire_progression(depot: DepotBulletins) -> tuple[int, int]:
    """Files read so far and the total, while the run goes (read)."""
    if depot.statut != DepotBulletins.Statut.EN_COURS:
        return depot.traites, depot.total
    try:
        with private_storage.open(_nom_progression(depot), "rb") as flux:
            fait, _sep, total = flux.read().decode().partition(" ")
        return int(fait), int(total)
    except (OSError, ValueError):
        return 0, depot.total


@transaction.atomic
def bulletins_lancer(*, etablissement, archive, annee, titre: str, par) -> DepotBulletins:
    """Keep the archive and start its reading once the transaction commits; the size
    limit is checked here, the others by the task (as for a small archive)."""
    if archive.size is not None and archive.size > ZIP_TAILLE_MAX:
        raise SaisieErreur(
            _("The archive is too big (%(taille)s MB): the limit is %(max)s MB.")
            % {"taille": taille_en_mo(archive.size), "max": ZIP_TAILLE_MAX // (1024 * 1024)}
        )
    try:
        total = len(zipfile.ZipFile(archive).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SaisieErreur(_("This file is not a ZIP archive that can be read.")) from None
    archive.seek(0)
    depot = DepotBulletins(
        etablissement=etablissement,
        annee=annee,
        titre=titre,
        nom_original=(archive.name or "bulletins.zip")[:255],
        par=par,
        total=total,
    )
    depot.archive.save("bulletins.zip", File(archive), save=False)
    depot.save()
    journaliser(depot, "bulletins.lancer", par=par, etablissement=etablissement.pk, fichiers=total)
    transaction.on_commit(lambda: lire_bulletins.enqueue(depot.pk))
    return depot


def bulletins_depot_executer(*, depot: DepotBulletins) -> DepotBulletins:
    """Read the kept archive (run by the task), record the report, delete the archive."""
    DepotBulletins.objects.filter(pk=depot.pk).update(statut=DepotBulletins.Statut.EN_COURS)
    depot.statut = DepotBulletins.Statut.EN_COURS
    erreur = ""
    rapport = None
    try:
        with depot.archive.open("rb") as flux:
            rapport = bulletins_importer(
                etablissement=depot.etablissement,
                archive=File(flux, name=depot.nom_original),
                annee=depot.annee,
                titre=depot.titre,
                par=depot.par,
                progression=lambda fait, total: ecrire_progression(depot, fait, total),
            )
    except SaisieErreur as exc:
        erreur = str(exc.message)
    except Exception as exc:  # noqa: BLE001 (reported on the run's page)
        logger.exception("Bulletins upload %s failed", depot.pk)
        erreur = str(exc)[:200]
    depot.archive.delete(save=False)
    private_storage.delete(_nom_progression(depot))
    depot.erreur = erreur
    depot.statut = DepotBulletins.Statut.ECHEC if erreur else DepotBulletins.Statut.TERMINE
    if rapport is not None:
        depot.documents = [d.pk for d in rapport.documents]
        depot.refus = [list(r) for r in rapport.refus]
    depot.traites = depot.total
    depot.termine_le = timezone.now()
    depot.save(
        update_fields=[
            "archive",
            "erreur",
            "statut",
            "documents",
            "refus",
            "traites",
            "termine_le",
        ]
    )
    journaliser(
        depot,
        "bulletins.terminer",
        par=depot.par,
        etablissement=depot.etablissement_id,
        documents=len(depot.documents),
        refus=len(depot.refus),
        erreur=erreur,
    )
    return depot


@task()
def lire_bulletins(depot_id: int) -> int:
    depot = DepotBulletins.objects.select_related("etablissement", "annee", "par").get(pk=depot_id)
    return len(bulletins_depot_executer(depot=depot).documents)
