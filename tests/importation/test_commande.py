"""`python manage.py importer`: dry run, import, templates, errors."""

import io

import pytest
from django.core.management import CommandError, call_command

from famille.models import Famille
from importation.lecture import ouvrir
from tests.importation.outils import ENTETES_FAMILLES, ecrire_csv, famille

pytestmark = pytest.mark.django_db


def _importer(*args):
    sortie, erreurs = io.StringIO(), io.StringIO()
    call_command("importer", *args, stdout=sortie, stderr=erreurs)
    return sortie.getvalue(), erreurs.getvalue()


def test_dry_run_then_import_with_progress(tmp_path, etablissement):
    chemin = ecrire_csv(tmp_path / "f.csv", [ENTETES_FAMILLES, famille(1), famille(2)])
    sortie, barre = _importer("familles", str(chemin), "--etablissement", "valognes", "--dry-run")
    assert "2 rows: 2 created, 0 updated, 0 unchanged, 0 in error." in sortie
    assert "Dry run: nothing was written." in sortie
    assert "familles" in barre and "2/2" in barre  # the tqdm progress bar
    assert not Famille.objects.exists()
    sortie, _ = _importer("familles", str(chemin), "--etablissement", "valognes")
    assert "Imported." in sortie
    assert Famille.objects.filter(etablissement=etablissement).count() == 2
    sortie, _ = _importer("familles", str(chemin), "--etablissement", "valognes")
    assert "0 created, 0 updated, 2 unchanged" in sortie


def test_rows_in_error_stop_the_command(tmp_path, etablissement):
    chemin = ecrire_csv(tmp_path / "f.csv", [ENTETES_FAMILLES, famille(1), famille(2, mobile="x")])
    with pytest.raises(CommandError, match="nothing was imported"):
        _importer("familles", str(chemin), "--etablissement", "valognes")
    assert not Famille.objects.exists()


def test_unknown_school_and_missing_columns(tmp_path, etablissement):
    chemin = ecrire_csv(tmp_path / "f.csv", [["N° famille"], [1]])
    with pytest.raises(CommandError, match="No school"):
        _importer("familles", str(chemin), "--etablissement", "nulle-part")
    with pytest.raises(CommandError, match="Nom R1"):
        _importer("familles", str(chemin), "--etablissement", "valognes")


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_template_of_each_kind(tmp_path, extension):
    from importation.genres import TYPES

    for code, genre in TYPES.items():
        chemin = tmp_path / f"{code}.{extension}"
        _importer("--modele", code, str(chemin))
        fichier = ouvrir(chemin)
        assert fichier.entetes == [c.entete for c in genre.colonnes]
        fichier.fermer()


def test_templates_example_rows_import_in_order(tmp_path, etablissement):
    from datetime import date

    from importation.genres import TYPES
    from importation.modeles import modele
    from importation.services import importer
    from imuse.models import AnneeScolaire

    AnneeScolaire.objects.create(
        etablissement=etablissement,
        libelle="2025/2026",
        debut=date(2025, 9, 1),
        fin=date(2026, 7, 4),
    )
    for code, genre in TYPES.items():
        chemin = tmp_path / f"{code}.csv"
        chemin.write_bytes(modele(genre, "csv"))
        rapport = importer(genre, chemin, etablissement=etablissement, par=None, appliquer=True)
        assert rapport.valide and rapport.comptes["cree"] == 1, (code, rapport.lignes)
