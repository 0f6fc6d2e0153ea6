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


def test_an_excel_csv_with_a_sep_line_blank_rows_and_lost_leading_zeros(tmp_path, etablissement):
    """As Excel writes it: Windows-1252, "sep=;" first, blank rows above the headers, a
    mobile whose leading zero was lost in a number cell; line numbers stay the file's."""
    from famille.models import Responsable

    entetes = ";".join(ENTETES_FAMILLES)
    lignes = [
        "sep=;",
        ";;;",
        entetes,
        ";".join(str(c) for c in famille(1, mobile="612345678", nom="LEFÈVRE")),
        ";".join(str(c) for c in famille(2, mobile="6 12 34 56 79")),
        ";".join(str(c) for c in famille(3, mobile="abc")),
    ]
    chemin = tmp_path / "export.csv"
    chemin.write_bytes("\r\n".join(lignes).encode("cp1252"))
    with pytest.raises(CommandError, match="nothing was imported"):
        _importer("familles", str(chemin), "--etablissement", "valognes")
    from tests.importation.outils import lancer

    (erreur,) = [r for r in lancer("familles", chemin, etablissement).lignes if r["erreurs"]]
    assert erreur["numero"] == 6 and not Famille.objects.exists()
    chemin.write_bytes("\r\n".join(lignes[:-1]).encode("cp1252"))
    sortie, _ = _importer("familles", str(chemin), "--etablissement", "valognes")
    assert "2 rows: 2 created" in sortie
    mobiles = Responsable.objects.order_by("famille__numero").values_list("tel_mobile", "nom")
    assert list(mobiles) == [("06 12 34 56 78", "LEFÈVRE"), ("06 12 34 56 79", "MARTIN")]


def test_a_file_of_headers_only_or_blank_rows_is_refused(tmp_path, etablissement):
    from tests.importation.outils import ecrire_xlsx

    for chemin in (
        ecrire_csv(tmp_path / "entetes.csv", [ENTETES_FAMILLES], encodage="cp1252"),
        ecrire_xlsx(tmp_path / "entetes.xlsx", [[], ENTETES_FAMILLES]),
    ):
        with pytest.raises(CommandError, match="aucune ligne sous ses en-têtes"):
            _importer("familles", str(chemin), "--etablissement", "valognes")
    (tmp_path / "blanc.csv").write_bytes(b";;;\r\n\r\n;;\r\n")
    with pytest.raises(CommandError, match="Le fichier est vide"):
        _importer("familles", str(tmp_path / "blanc.csv"), "--etablissement", "valognes")


def test_excel_unicode_text_utf16_tab_separated(tmp_path, etablissement):
    chemin = ecrire_csv(
        tmp_path / "familles.txt",
        [ENTETES_FAMILLES, famille(4, nom="LEFÈVRE")],
        delimiteur="\t",
        encodage="utf-16",
    )
    sortie, _ = _importer("familles", str(chemin), "--etablissement", "valognes")
    assert "1 rows: 1 created" in sortie or "1 row: 1 created" in sortie
    assert Famille.objects.get(numero=4).nom == "LEFÈVRE"
