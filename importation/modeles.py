"""The template of each kind: its headers and one example row, as XLSX or CSV."""

from __future__ import annotations

import io

from importation.genres import TypeImport
from importation.lecture import csv_en_texte


def modele_xlsx(genre: TypeImport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = genre.code
    feuille.append([c.entete for c in genre.colonnes])
    feuille.append(genre.exemple())
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    for i, colonne in enumerate(genre.colonnes, start=1):
        lettre = feuille.cell(row=1, column=i).column_letter
        feuille.column_dimensions[lettre].width = max(12, len(colonne.entete) + 4)
        # Text cells: numbers such as 0612345678 or 01000 keep their leading zero.
        for cellule in feuille[lettre]:
            cellule.number_format = "@"
    feuille.freeze_panes = "A2"
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def modele_csv(genre: TypeImport) -> bytes:
    texte = csv_en_texte([[c.entete for c in genre.colonnes], genre.exemple()])
    # With a BOM, Excel opens the UTF-8 file with its accents right.
    return texte.encode("utf-8-sig")


def modele(genre: TypeImport, extension: str) -> bytes:
    return modele_xlsx(genre) if extension.lower().lstrip(".") == "xlsx" else modele_csv(genre)
