"""With private files in object storage (several machines), a running import's progress
is there too: the worker that writes it and the web process that shows it share no disk."""

from types import SimpleNamespace

from django.core.files.storage import InMemoryStorage

from importation import services


def test_progress_goes_through_object_storage_when_files_are_there(settings, monkeypatch):
    settings.PRIVATE_STORAGE_S3 = True
    stockage = InMemoryStorage()
    monkeypatch.setattr(services, "private_storage", stockage)
    importation = SimpleNamespace(pk=7)
    assert services.lire_progression(importation) == (0, None)
    services.ecrire_progression(importation, 0, None)
    services.ecrire_progression(importation, 1200, 5000)
    assert services.lire_progression(importation) == (1200, 5000)
    assert stockage.listdir("importations/progression") == ([], ["7.txt"])
    assert not services.chemin_progression(importation).exists()


def test_progress_stays_on_disk_otherwise(settings):
    importation = SimpleNamespace(pk=8)
    services.ecrire_progression(importation, 3, None)
    assert services.lire_progression(importation) == (3, None)
    assert services.chemin_progression(importation).read_text() == "3 "
