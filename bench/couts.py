"""Where each portal page's time goes, by kind of cost (cProfile, in process):

    .venv/bin/python bench/couts.py [--petit] [--requetes N] [--pages A,B] [--detail]

For every page (bench/lancer.py's list, PDFs aside), `N` requests (default 40) are
profiled; printed per request, in ms of profiled time (cProfile roughly doubles Python's
time, so compare the columns, not the absolute figures with bench/cpu.py): the whole
request, the middleware and view outside the template, template rendering, SQL
compilation (the ORM building the query), the database round trips, gettext and reverse.
`--detail` prints the 25 heaviest functions by own time for each page.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# (column, file suffix, function name): cumulative time of that function.
COLONNES = [
    ("total", "django/test/client.py", "request"),
    ("gabarit", "django/template/backends/django.py", "render"),
    ("sql compil.", "django/db/models/sql/compiler.py", "as_sql"),
    ("sql exec.", "django/db/backends/utils.py", "_execute"),
    ("gettext", "django/utils/translation/trans_real.py", "gettext"),
    ("reverse", "django/urls/base.py", "reverse"),
    ("formulaires", "django/forms/utils.py", "as_field_group"),
]


def cumul(stats: pstats.Stats, suffixe: str, fonction: str) -> float:
    total = 0.0
    for (fichier, _ligne, nom), (_cc, _nc, _tt, ct, _appelants) in stats.stats.items():
        if nom == fonction and fichier.endswith(suffixe):
            total = max(total, ct)  # recursive entries: the outermost counts
    return total


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--petit", action="store_true")
    p.add_argument("--requetes", type=int, default=40)
    p.add_argument("--pages", default="")
    p.add_argument("--detail", action="store_true")
    o = p.parse_args()
    from bench.processus import client_de_famille

    client, f = client_de_famille(o.petit)
    chemins = {"(bare view)": "/bench/nu/"}
    chemins.update({n: c for n, c in f["chemins"].items() if "PDF" not in n and n != "Connexion"})
    if o.pages:
        chemins = {n: c for n, c in chemins.items() if n in o.pages.split(",")}
    print(f"load average {os.getloadavg()[0]:.2f}; profiled ms per request")
    print(f"{'page':<24}" + "".join(f"{c[0]:>12}" for c in COLONNES))
    for nom, chemin in chemins.items():
        client.get(chemin)
        profil = cProfile.Profile()
        profil.enable()
        for _ in range(o.requetes):
            client.get(chemin)
        profil.disable()
        stats = pstats.Stats(profil)
        valeurs = [cumul(stats, s, fn) * 1000 / o.requetes for _, s, fn in COLONNES]
        print(f"{nom:<24}" + "".join(f"{v:12.2f}" for v in valeurs))
        if o.detail:
            stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
