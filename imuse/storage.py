"""Private file storage: uploads and generated documents live outside every public URL
and are served only by views that check the family (or staff).

Two promises hold for every file the portal stores:
- it went through the upload check (imuse/televersement.py): the model fields
  `FichierVerifieField` and `ImageVerifieeField` give every model form, the admin's
  included, the checked form field (a test walks the models and the admin);
- it does not outlive a transaction that rolls back: a file written inside an atomic
  block is remembered until the block commits; the ones whose transaction rolled back
  are deleted when the request ends (signal request_finished), or by
  `supprimer_fichiers_orphelins()` (called by code running outside requests).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible

log = logging.getLogger(__name__)
_en_suspens = threading.local()


def _suspens() -> dict[str, tuple]:
    if not hasattr(_en_suspens, "fichiers"):
        _en_suspens.fichiers = {}
    return _en_suspens.fichiers


class _Suivi:
    """Remember the files written inside a transaction until it commits."""

    def _save(self, name, content):
        name = super()._save(name, content)
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            cle = f"{self.location}::{name}"
            _suspens()[cle] = (self, name)
            transaction.on_commit(lambda: _suspens().pop(cle, None))
        return name


class _StockageDisque(_Suivi, FileSystemStorage):
    # Read the setting at each use, so tests can point it at a temporary folder.
    @property
    def base_location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def base_url(self):
        return None


def _stockage_s3():
    # Imported only when asked for: the single-machine install never loads boto3.
    from storages.backends.s3 import S3Storage

    class _StockageS3(_Suivi, S3Storage):
        """The bucket named by AWS_STORAGE_BUCKET_NAME (settings): objects keep the
        bucket's private ACL and are read back by the checked views, never by URL."""

        def url(self, name, *args, **kwargs):
            raise NotImplementedError("Private files are served only by checked views.")

    return _StockageS3


# One class name for the migrations, whichever backend this installation uses.
_Base = _stockage_s3() if getattr(settings, "PRIVATE_STORAGE_S3", False) else _StockageDisque


@deconstructible(path="imuse.storage.PrivateStorage")
class PrivateStorage(_Base):
    """Private files: on disk under PRIVATE_ROOT, or in S3-compatible object storage
    when AWS_STORAGE_BUCKET_NAME is set. Code reads them with `open()`, never `.path`
    (`copie_locale()` gives a file on disk to the readers that need one)."""


@contextmanager
def copie_locale(fichier) -> Iterator[Path]:
    """A path on disk holding the content of `fichier` (a FieldFile): its own path on
    disk storage, else a temporary copy removed afterwards."""
    try:
        chemin_disque = fichier.path
    except NotImplementedError:
        chemin_disque = None
    if chemin_disque is not None:
        yield Path(chemin_disque)
        return
    suffixe = Path(fichier.name).suffix
    with tempfile.TemporaryDirectory(prefix="imuse-") as dossier:
        chemin = Path(dossier) / f"copie{suffixe}"
        with fichier.open("rb") as source, open(chemin, "wb") as cible:
            shutil.copyfileobj(source, cible)
        yield chemin


def supprimer_fichiers_orphelins() -> int:
    """Delete the files written by transactions that rolled back; returns how many.

    Only once no transaction is open: a file whose transaction still runs may commit."""
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return 0
    fichiers = _suspens()
    n = 0
    for cle, (stockage, nom) in list(fichiers.items()):
        fichiers.pop(cle, None)
        try:
            stockage.delete(nom)
            n += 1
        except Exception:
            # A disk's or an object storage's error: logged, never raised into a response.
            log.warning("Could not delete the orphan file %s", nom, exc_info=True)
    return n


@receiver(request_finished)
def _apres_la_requete(sender, **kwargs) -> None:
    supprimer_fichiers_orphelins()


private_storage = PrivateStorage()


class FichierVerifieField(models.FileField):
    """A FileField whose form field is the checked one (JPEG, PNG or PDF)."""

    def formfield(self, **kwargs):
        from imuse.televersement import ChampFichierVerifie

        return super().formfield(**{"form_class": ChampFichierVerifie, **kwargs})


class ImageVerifieeField(models.ImageField):
    """An ImageField whose form field is the checked one, images only (JPEG, PNG)."""

    def formfield(self, **kwargs):
        from imuse.televersement import ChampImageVerifiee

        return super().formfield(**{"form_class": ChampImageVerifiee, **kwargs})
