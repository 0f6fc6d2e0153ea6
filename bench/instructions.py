"""Machine instructions per request of every portal page, against the bare view:

    .venv/bin/python bench/instructions.py [--petit] [--pages A,B] [--avant DIR] [--fois N]

On the benchmark's database (bench/lancer.py makes it), with bench.settings, Django's test
client logged in as a family of the big site (bench/processus.py). The requests run under
valgrind's callgrind (Debian's valgrind), which counts the instructions the web process
executes: unlike a time, the count does not move with the host's speed or its neighbours,
and unlike a count of function calls (bench/appels.py) it weighs each call by its work
(an escape, a query's round trip in psycopg's C code). PostgreSQL's own work is not
counted. Each page is requested 3 times uncounted, then N times (default 5) inside
functools.reduce, the C function callgrind is told to count in; one dump per page.

`--avant DIR`: the same run on another checkout (`git worktree add DIR <commit>`, with
this venv), both at once on the two cores, and the table of both. About 4 minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
NU = "/bench/nu/"

# Run inside valgrind: the pages named on the command line, each N times in one reduce().
ENFANT = """
import functools, gc, sys
sys.path.insert(0, sys.argv[1])
from bench.processus import client_de_famille
client, famille = client_de_famille(sys.argv[2] == "petit")
noms = sys.argv[3].split("\\x1f")
chemins = [p if p.startswith("/") else famille["chemins"][p] for p in noms]
for chemin in chemins:
    for _ in range(3):
        statut = client.get(chemin).status_code
        assert statut == 200, f"{chemin}: {statut}"  # never count a redirect or a 404
gc.collect()
gc.freeze()
for chemin in chemins:
    functools.reduce(lambda a, _: client.get(chemin), range(int(sys.argv[4])), None)
"""


def pages(petit: bool, voulues: list[str] | None) -> list[str]:
    """The pages bench/appels.py measures, the bare view first."""
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        "postgres://postgres@127.0.0.1:5432/imuse_bench" + ("_petit" if petit else "")
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(RACINE))
    import django

    django.setup()
    from bench.lancer import famille_type

    noms = famille_type("bench", 11)["chemins"]
    inconnues = set(voulues or ()) - set(noms)
    if inconnues:
        sys.exit(f"unknown pages: {', '.join(sorted(inconnues))}")
    return [NU] + [
        n
        for n in noms
        if n != "Connexion" and not n.endswith("(PDF)") and (not voulues or n in voulues)
    ]


def lancer(arbre: Path, liste: list[str], petit: bool, fois: int, dossier: Path):
    script = dossier / "enfant.py"
    script.write_text(ENFANT)
    commande = [
        "valgrind",
        "--tool=callgrind",
        "--collect-atstart=no",
        "--toggle-collect=functools_reduce",
        "--dump-after=functools_reduce",
        f"--callgrind-out-file={dossier / 'cg.out'}",
        str(RACINE / ".venv/bin/python"),
        str(script),
        str(arbre),
        "petit" if petit else "grand",
        "\x1f".join(liste),
        str(fois),
    ]
    sortie = open(dossier / "valgrind.log", "w")  # noqa: SIM115 (closed by the caller)
    return subprocess.Popen(commande, cwd=dossier, stdout=sortie, stderr=sortie), sortie


def lire(dossier: Path, nombre: int, fois: int) -> list[float]:
    # One dump per page: another functools.reduce inside a request would add its own.
    dumps = list(dossier.glob("cg.out.*"))
    if len(dumps) != nombre:
        sys.exit(f"{dossier}: {len(dumps)} dumps for {nombre} pages")
    totaux = []
    for rang in range(1, nombre + 1):
        texte = (dossier / f"cg.out.{rang}").read_text()
        totaux.append(int(re.search(r"^(?:summary|totals): (\d+)", texte, re.M)[1]) / fois)
    return totaux


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--petit", action="store_true")
    p.add_argument("--pages", default="")
    p.add_argument("--avant", help="another checkout to compare with")
    p.add_argument("--fois", type=int, default=5)
    o = p.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed: apt-get install -y valgrind")
    liste = pages(o.petit, o.pages.split(",") if o.pages else None)
    arbres = {"now": RACINE}
    if o.avant:
        arbres = {"before": Path(o.avant).resolve(), **arbres}
    with tempfile.TemporaryDirectory() as temp:
        travaux = {}
        for nom, arbre in arbres.items():
            dossier = Path(temp) / nom
            dossier.mkdir()
            travaux[nom] = (dossier, *lancer(arbre, liste, o.petit, o.fois, dossier))
        resultats = {}
        for _dossier, processus, sortie in travaux.values():
            processus.wait()
            sortie.close()
        for nom, (dossier, processus, _sortie) in travaux.items():
            if processus.returncode:
                print((dossier / "valgrind.log").read_text()[-3000:], file=sys.stderr)
                sys.exit(f"{nom}: valgrind failed (its log above)")
            resultats[nom] = lire(dossier, len(liste), o.fois)
    entete = "".join(f" {nom + ' (M)':>12} {'ratio':>6}" for nom in arbres)
    print(f"{'page':<28}{entete}")
    for rang, page in enumerate(liste):
        ligne = f"{'(bare view)' if page == NU else page:<28}"
        for valeurs in resultats.values():
            ligne += f" {valeurs[rang] / 1e6:12.2f} {valeurs[0] / valeurs[rang]:6.0%}"
        print(ligne)


if __name__ == "__main__":
    main()
