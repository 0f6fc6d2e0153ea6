"""`python manage.py importer_bulletins`: the ZIP of bulletins from the command line, with
--dry-run, the report of the files matched to no pupil, --publier."""

import io

import pytest
from django.core.management import CommandError, call_command

from eleves.models import DocumentEleve
from imuse.models import Journal
from tests.eleves.test_saisie_bulletins import PDF, archive, numeros  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _zip(tmp_path):
    chemin = tmp_path / "bulletins.zip"
    fichiers = {"bulletin-1042.pdf": PDF, "bulletin-1043.pdf": PDF, "bulletin-9999.pdf": PDF}
    chemin.write_bytes(archive(fichiers).read())
    return chemin


def _lancer(*args):
    sortie, erreurs = io.StringIO(), io.StringIO()
    call_command("importer_bulletins", *args, stdout=sortie, stderr=erreurs)
    return sortie.getvalue(), erreurs.getvalue()


def test_dry_run_reports_and_stores_nothing(tmp_path, numeros, annee, etablissement):  # noqa: F811
    sortie, erreurs = _lancer(
        str(_zip(tmp_path)), "--etablissement", etablissement.code, "--dry-run"
    )
    assert "Not matched: bulletin-9999.pdf:" in sortie
    assert "2 bulletins matched, 1 files left out." in sortie and "nothing was stored" in sortie
    assert "bulletins" in erreurs  # the progress bar
    assert not DocumentEleve.objects.exists() and not Journal.objects.exists()


def test_stored_unpublished_then_published_with_the_flag(
    tmp_path,
    numeros,  # noqa: F811
    annee,
    etablissement,
    irina,
):
    chemin = _zip(tmp_path)
    sortie, _ = _lancer(
        str(chemin),
        "--etablissement",
        etablissement.code,
        "--annee",
        annee.libelle,
        "--titre",
        "S1",
    )
    assert "2 bulletins stored, unpublished" in sortie
    assert DocumentEleve.objects.filter(visible_famille=False, titre="S1").count() == 2
    assert Journal.objects.filter(action="bulletins.importer").exists()
    DocumentEleve.objects.all().delete()
    sortie, _ = _lancer(str(chemin), "--etablissement", etablissement.code, "--publier")
    assert "2 bulletins stored and published." in sortie
    assert DocumentEleve.objects.get(eleve=irina).visible_famille


def test_errors_are_clear(tmp_path, numeros, annee, etablissement, autre_etablissement):  # noqa: F811
    with pytest.raises(CommandError, match="No school"):
        _lancer(str(_zip(tmp_path)), "--etablissement", "nulle-part")
    with pytest.raises(CommandError, match="No school year"):
        _lancer(str(_zip(tmp_path)), "--etablissement", etablissement.code, "--annee", "1990/1991")
    pas_zip = tmp_path / "x.zip"
    pas_zip.write_bytes(b"pas une archive")
    with pytest.raises(CommandError, match="ZIP"):
        _lancer(str(pas_zip), "--etablissement", etablissement.code)
