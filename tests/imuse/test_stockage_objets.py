"""Readers that need a file on disk (the import's XLSX and CSV readers) get one from any
private storage: the file's own path on disk, a temporary copy from object storage."""

from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.db.models.fields.files import FieldFile

from imuse.storage import copie_locale, private_storage


class _Champ:
    storage = InMemoryStorage()


def _sans_chemin(name):
    raise NotImplementedError("no path, as S3Storage")


def test_a_file_in_object_storage_is_read_from_a_temporary_copy(monkeypatch):
    nom = _Champ.storage.save("importations/familles.csv", ContentFile(b"N;Nom\n1;ABARRE\n"))
    contenu = _Champ.storage.open(nom).read()
    monkeypatch.setattr(_Champ.storage, "path", _sans_chemin)
    monkeypatch.setattr(_Champ.storage, "open", lambda name, mode="rb": ContentFile(contenu))
    fichier = FieldFile(None, _Champ, nom)
    with copie_locale(fichier) as chemin:
        assert chemin.suffix == ".csv"
        assert chemin.read_bytes() == b"N;Nom\n1;ABARRE\n"
    assert not chemin.exists()


def test_a_file_on_disk_is_read_where_it_is(settings):
    nom = private_storage.save("importations/familles.csv", ContentFile(b"N;Nom\n"))
    fichier = FieldFile(None, _Champ, nom)
    fichier.storage = private_storage
    with copie_locale(fichier) as chemin:
        assert str(chemin) == private_storage.path(nom)
    assert chemin.exists()
