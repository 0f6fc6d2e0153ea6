"""Writing import files for tests: CSV in any encoding and delimiter, or XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from importation.genres import TYPES
from importation.services import importer


def ecrire_csv(chemin: Path, lignes, *, delimiteur=";", encodage="utf-8") -> Path:
    tampon = io.StringIO()
    csv.writer(tampon, delimiter=delimiteur, lineterminator="\r\n").writerows(lignes)
    chemin.write_bytes(tampon.getvalue().encode(encodage))
    return chemin


def ecrire_xlsx(chemin: Path, lignes) -> Path:
    from openpyxl import Workbook

    classeur = Workbook()
    for ligne in lignes:
        classeur.active.append(list(ligne))
    classeur.save(chemin)
    return chemin


def lancer(genre, chemin, etablissement, *, appliquer=True, par=None):
    return importer(TYPES[genre], chemin, etablissement=etablissement, par=par, appliquer=appliquer)


ENTETES_FAMILLES = [
    "N° famille",
    "Civilité R1",
    "Nom R1",
    "Prénom R1",
    "Adresse R1",
    "Code postal R1",
    "Ville R1",
    "Tél domicile R1",
    "Mobile R1",
    "Tél pro R1",
    "E-mail R1",
    "Situation familiale R1",
    "Profession R1",
    "Civilité R2",
    "Nom R2",
    "Prénom R2",
    "Mobile R2",
    "E-mail R2",
]


def famille(numero, nom="MARTIN", prenom="Paul", mobile="0612345678", **autres):
    ligne = {
        "N° famille": numero,
        "Civilité R1": "M",
        "Nom R1": nom,
        "Prénom R1": prenom,
        "Adresse R1": "1 rue de la Gare",
        "Code postal R1": "50700",
        "Ville R1": "VALOGNES",
        "Tél domicile R1": "02.33.94.22.77",
        "Mobile R1": mobile,
        "Tél pro R1": "",
        "E-mail R1": f"{numero}@example.org",
        "Situation familiale R1": "Marié",
        "Profession R1": "Boulanger",
        "Civilité R2": "",
        "Nom R2": "",
        "Prénom R2": "",
        "Mobile R2": "",
        "E-mail R2": "",
    }
    ligne.update(autres)
    return [ligne[e] for e in ENTETES_FAMILLES]
