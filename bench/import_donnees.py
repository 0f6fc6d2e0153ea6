"""Benchmark (not a test) of the import, one command:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/imuse_import_bench \\
        .venv/bin/python bench/import_donnees.py [ecole | flux N [csv|xlsx] [--dry-run]]

- `ecole` (default): a school moving in — the structure, 600 families (XLSX), 900 pupils
  (CSV), 60 courses (XLSX) and 2,000 course sheets (CSV) imported in a new school, each
  file previewed then imported as the admin does; prints the time of each step and the
  total. Target: under 60 s for the imports.
- `flux N`: N families (default 100,000) in one file, imported with the memory measured:
  the process's resident memory before the import and its peak during it.

Each run creates its own school (code bench-…), so runs never collide.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imuse.settings")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from datetime import date  # noqa: E402

from django.core.management import call_command  # noqa: E402

from importation import echantillons as e  # noqa: E402
from importation.genres import TYPES  # noqa: E402
from importation.services import importer  # noqa: E402
from imuse.models import AnneeScolaire, Etablissement  # noqa: E402

ANNEE = "2025/2026"


def rss_mo() -> float:
    with open("/proc/self/statm") as flux:
        return int(flux.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def pic_mo() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ecole_neuve() -> Etablissement:
    call_command("migrate", verbosity=0)
    code = f"bench-{int(time.time() * 1000)}"
    site = Etablissement.objects.create(code=code, nom=f"Benchmark {code}")
    AnneeScolaire.objects.create(
        etablissement=site,
        libelle=ANNEE,
        debut=date(2025, 9, 1),
        fin=date(2026, 7, 4),
        courante=True,
    )
    return site


def lancer(genre: str, chemin: Path, site, *, appliquer: bool) -> tuple[float, object]:
    debut = time.perf_counter()
    rapport = importer(TYPES[genre], chemin, etablissement=site, par=None, appliquer=appliquer)
    duree = time.perf_counter() - debut
    if not rapport.valide:
        raise SystemExit(
            f"{genre}: {rapport.erreur or [x for x in rapport.lignes if x['erreurs']][:3]}"
        )
    return duree, rapport


def ecole() -> None:
    site = ecole_neuve()
    dossier = Path(tempfile.mkdtemp(prefix="bench-import-"))
    fichiers = [
        ("structure", e.ecrire(e.lignes_structure(), dossier / "structure.csv")),
        ("familles", e.ecrire(e.lignes_familles(600), dossier / "familles.xlsx")),
        ("eleves", e.ecrire(e.lignes_eleves(900, 600), dossier / "eleves.csv")),
        ("cours", e.ecrire(e.lignes_cours(60, ANNEE), dossier / "cours.xlsx")),
        (
            "inscriptions",
            e.ecrire(e.lignes_inscriptions(2000, 900, 60, ANNEE), dossier / "inscriptions.csv"),
        ),
    ]
    total_apercu = total_import = 0.0
    print(f"School {site.code}, database {django.db.connection.vendor}")
    for genre, chemin in fichiers:
        apercu, _r = lancer(genre, chemin, site, appliquer=False)
        duree, rapport = lancer(genre, chemin, site, appliquer=True)
        total_apercu += apercu
        total_import += duree
        print(
            f"{genre:13} {chemin.name:18} {rapport.total:5} rows  preview {apercu:6.2f} s  "
            f"import {duree:6.2f} s  ({rapport.comptes['cree']} created)"
        )
    again = sum(lancer(g, c, site, appliquer=True)[0] for g, c in fichiers)
    print(
        f"Total: preview {total_apercu:.2f} s, import {total_import:.2f} s "
        f"(target < 60 s); the same files again (nothing changes): {again:.2f} s"
    )
    print(f"Peak resident memory of the process: {pic_mo():.0f} MB")


def flux(nombre: int, extension: str, appliquer: bool) -> None:
    site = ecole_neuve()
    dossier = Path(tempfile.mkdtemp(prefix="bench-import-"))
    debut = time.perf_counter()
    chemin = e.ecrire(e.lignes_familles(nombre), dossier / f"familles.{extension}")
    print(
        f"{nombre} families written to {chemin.name} ({chemin.stat().st_size / 2**20:.1f} MB)"
        f" in {time.perf_counter() - debut:.1f} s"
    )
    avant = rss_mo()
    pic_avant = pic_mo()
    duree, rapport = lancer("familles", chemin, site, appliquer=appliquer)
    print(
        f"{'import' if appliquer else 'preview'} of {rapport.total} rows in {duree:.1f} s "
        f"({rapport.total / duree:.0f} rows/s), database {django.db.connection.vendor}"
    )
    print(
        f"Resident memory before: {avant:.0f} MB; peak during the import: {pic_mo():.0f} MB "
        f"(peak before it: {pic_avant:.0f} MB)"
    )


if __name__ == "__main__":
    arguments = sys.argv[1:] or ["ecole"]
    if arguments[0] == "flux":
        nombre = int(arguments[1]) if len(arguments) > 1 else 100_000
        extension = (
            arguments[2] if len(arguments) > 2 and arguments[2] in ("csv", "xlsx") else "csv"
        )
        flux(nombre, extension, appliquer="--dry-run" not in arguments)
    else:
        ecole()
