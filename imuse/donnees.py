"""A family's data export ("Mes données"): the parts each app gives through the
extension point "donnees_famille", and the ZIP made of them.

    Table("factures", [{"numero": ..., "montant": Decimal(...)}, ...])
    Fichier("factures/facture-F2026-0001.pdf", lambda: rendre_pdf(...))

Every table is written twice, as JSON (one file, all tables) and as CSV (one file per
table, UTF-8 with a BOM so that spreadsheets read the accents, semicolon-separated as
French spreadsheets expect); every file is added under its path.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder


@dataclass
class Table:
    nom: str
    lignes: list[dict] = field(default_factory=list)


@dataclass
class Fichier:
    chemin: str
    contenu: Callable[[], bytes]


def _csv(table: Table) -> bytes:
    colonnes: list[str] = []
    for ligne in table.lignes:
        colonnes += [c for c in ligne if c not in colonnes]
    tampon = io.StringIO()
    ecrivain = csv.DictWriter(tampon, fieldnames=colonnes, delimiter=";", extrasaction="ignore")
    ecrivain.writeheader()
    for ligne in table.lignes:
        ecrivain.writerow({c: "" if v is None else v for c, v in ligne.items()})
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


def construire_zip(parts: list, destination) -> int:
    """Write the export into `destination` (a binary file object); the number of files."""
    tables = [p for p in parts if isinstance(p, Table)]
    fichiers = [p for p in parts if isinstance(p, Fichier)]
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        donnees = {t.nom: t.lignes for t in tables}
        archive.writestr(
            "donnees.json",
            json.dumps(donnees, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for table in tables:
            archive.writestr(f"csv/{table.nom}.csv", _csv(table))
        vus: set[str] = set()
        for fichier in fichiers:
            chemin = fichier.chemin
            n = 1
            while chemin in vus:
                n += 1
                base, _, ext = fichier.chemin.rpartition(".")
                chemin = f"{base}-{n}.{ext}" if base else f"{fichier.chemin}-{n}"
            vus.add(chemin)
            archive.writestr(chemin, fichier.contenu())
    return 1 + len(tables) + len(fichiers)


def lignes(queryset, *exclure: str) -> list[dict]:
    """Every concrete field of the rows (one query), less the named ones (secrets,
    storage names of files that the export adds as files)."""
    champs = [
        f.attname
        for f in queryset.model._meta.concrete_fields
        if f.name not in exclure and f.attname not in exclure
    ]
    return list(queryset.values(*champs))


def nom_de_fichier(texte: str) -> str:
    """A safe file name inside the ZIP."""
    garde = "".join(c if c.isalnum() or c in "-_." else "-" for c in texte)
    return garde.strip("-.") or "fichier"
