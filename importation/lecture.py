"""Reading an import file, streamed: XLSX through openpyxl (read-only mode) and CSV through
the csv module (delimiter sniffed, encoding UTF-8 with or without BOM, UTF-16 with its BOM
as Excel's "Texte Unicode", else Windows-1252).

`ouvrir(chemin)` gives a `Fichier` whose `entetes` are the first row's headers and whose
iteration yields `(numero_de_ligne, [cellules])` without holding the file in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

TAILLE_ECHANTILLON = 64 * 1024


class FichierIllisible(Exception):
    """The file cannot be read as XLSX or CSV; the message says why, in French."""


def cle(texte: object) -> str:
    """A header as it is matched: no case, accents, spaces or punctuation.
    'N° Famille' and 'n famille' both give 'nfamille'; 'Tél. pro R1' gives 'telpror1'."""
    texte = unicodedata.normalize("NFKD", str(texte or "")).casefold()
    return "".join(c for c in texte if c.isalnum() and not unicodedata.combining(c))


def _encodage(chemin: Path) -> str:
    """UTF-8 (BOM or not) when the whole file decodes so, else Windows-1252 as Excel writes."""
    with open(chemin, "rb") as flux:
        debut = flux.read(3)
        if debut == codecs.BOM_UTF8:
            return "utf-8-sig"
        if debut[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"  # Excel's "Texte Unicode" (tab-separated)
        flux.seek(0)
        decodeur = codecs.getincrementaldecoder("utf-8")()
        try:
            while bloc := flux.read(1 << 20):
                decodeur.decode(bloc)
            decodeur.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


class Fichier:
    format: str = ""

    def __init__(self, chemin: Path):
        self.chemin = Path(chemin)
        self.entetes: list[str] = []

    def __iter__(self) -> Iterator[tuple[int, list]]:
        raise NotImplementedError

    def nombre_de_lignes(self) -> int | None:
        """Data rows (header excluded), cheaply estimated for the progress bar."""
        return None

    def fermer(self) -> None:
        pass


class FichierCSV(Fichier):
    format = "csv"

    def __init__(self, chemin: Path):
        super().__init__(chemin)
        self.encodage = _encodage(self.chemin)
        with open(self.chemin, encoding=self.encodage, newline="") as flux:
            echantillon = flux.read(TAILLE_ECHANTILLON)
        if not echantillon.strip():
            raise FichierIllisible(_("The file is empty."))
        lignes = [ligne for ligne in echantillon.splitlines() if ligne.strip(" ;,\t")]
        premiere = lignes[0] if lignes else ""
        # Excel's "sep=;" first line names the delimiter; it is not the headers.
        indication = premiere.strip().lower()
        sep = indication[4:5] if indication.startswith("sep=") else ""
        if sep and len(lignes) > 1:
            premiere = lignes[1]
        if sep:
            delimiteur = sep
        else:
            try:
                delimiteur = csv.Sniffer().sniff(premiere, delimiters=";,\t").delimiter
            except csv.Error:
                # One column only, or nothing to tell: the French Excel default.
                delimiteur = ";" if ";" in premiere else ","
        self._flux = open(self.chemin, encoding=self.encodage, newline="")  # noqa: SIM115
        self._lecteur = csv.reader(self._flux, delimiter=delimiteur, quotechar='"')
        self._numero = 0
        # The headers are the first row that holds something (blank rows above skipped).
        self.entetes = []
        for cellules in self._lecteur:
            self._numero += 1
            if sep and cellules and cellules[0].strip().lower().startswith("sep="):
                sep = ""
                continue
            if any(c.strip(" ;,\t") for c in cellules):
                self.entetes = cellules
                break
        if not self.entetes:
            self._flux.close()
            raise FichierIllisible(_("The file is empty."))

    def __iter__(self):
        for numero, cellules in enumerate(self._lecteur, start=self._numero + 1):
            if any(c.strip() for c in cellules):
                yield numero, cellules

    def nombre_de_lignes(self) -> int:
        with open(self.chemin, "rb") as flux:
            total = sum(bloc.count(b"\n") for bloc in iter(lambda: flux.read(1 << 20), b""))
        return max(total - 1, 0)

    def fermer(self) -> None:
        self._flux.close()


def _remplie(cellules) -> bool:
    return any(c not in (None, "") and str(c).strip() for c in cellules)


class FichierXLSX(Fichier):
    format = "xlsx"

    def __init__(self, chemin: Path):
        super().__init__(chemin)
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        # Opened as a stream: a workbook whatever its name says (openpyxl refuses a path
        # that does not end in .xlsx, and offices rename files).
        self._flux = open(self.chemin, "rb")  # noqa: SIM115
        try:
            self._classeur = load_workbook(self._flux, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException) as e:
            self._flux.close()
            raise FichierIllisible(_("The file is not a readable XLSX workbook.")) from e
        self._feuille = self._classeur.worksheets[0]
        self._lignes = self._feuille.iter_rows(values_only=True)
        self._numero = 0
        for premiere in self._lignes:
            self._numero += 1
            if _remplie(premiere):
                break
        else:
            raise FichierIllisible(_("The file is empty."))
        self.entetes = ["" if c is None else str(c) for c in premiere]

    def __iter__(self):
        for numero, cellules in enumerate(self._lignes, start=self._numero + 1):
            if _remplie(cellules):
                yield numero, list(cellules)

    def nombre_de_lignes(self) -> int | None:
        maximum = self._feuille.max_row
        return max(maximum - 1, 0) if maximum else None

    def fermer(self) -> None:
        self._classeur.close()
        self._flux.close()


def ouvrir(chemin: Path | str) -> Fichier:
    """The reader for `chemin`: XLSX when the content is a ZIP workbook, else CSV."""
    chemin = Path(chemin)
    with open(chemin, "rb") as flux:
        signature = flux.read(4)
    if signature.startswith(b"PK"):
        return FichierXLSX(chemin)
    if chemin.suffix.lower() in (".xlsx", ".xlsm"):
        raise FichierIllisible(_("The file is not a readable XLSX workbook."))
    if chemin.suffix.lower() == ".xls" or signature.startswith(b"\xd0\xcf\x11\xe0"):
        raise FichierIllisible(
            _("The old Excel format (.xls) is not read: save the file as XLSX or CSV.")
        )
    try:
        return FichierCSV(chemin)
    except (UnicodeDecodeError, csv.Error) as erreur:
        raise FichierIllisible(_("The file is not a readable CSV file.")) from erreur


def csv_en_texte(lignes: list[list[str]], delimiteur: str = ";") -> str:
    tampon = io.StringIO()
    csv.writer(tampon, delimiter=delimiteur, lineterminator="\r\n").writerows(lignes)
    return tampon.getvalue()
