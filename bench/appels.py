"""Python function calls per request of every portal page, against the bare view:

    .venv/bin/python bench/appels.py [--petit] [--pages A,B]

On the benchmark's database (bench/lancer.py makes it), with bench.settings, Django's test
client logged in as a family of the big site. Each page is requested twice untimed, then 5
times under `sys.setprofile`, counting the Python functions and the C functions called.
Unlike a time, the count does not move with the host's speed or its neighbours: on a shared
machine it is the like-for-like measure of a change to a page's code (a count is not a
cost: an escape and a query are one call each).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NU = "/bench/nu/"
FOIS = 5


def compter(client, chemin: str) -> tuple[int, int]:
    client.get(chemin)
    client.get(chemin)
    compte = [0, 0]

    def profil(_frame, evenement, _arg):
        if evenement == "call":
            compte[0] += 1
        elif evenement == "c_call":
            compte[1] += 1

    sys.setprofile(profil)
    try:
        for _ in range(FOIS):
            client.get(chemin)
    finally:
        sys.setprofile(None)
    return compte[0] // FOIS, compte[1] // FOIS


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--petit", action="store_true")
    p.add_argument("--pages", default="")
    o = p.parse_args()
    from bench.processus import client_de_famille

    client, f = client_de_famille(o.petit)
    voulues = o.pages.split(",") if o.pages else None
    chemins = {"(bare view)": NU}
    for nom, chemin in f["chemins"].items():
        if nom != "Connexion" and not nom.endswith("(PDF)") and (not voulues or nom in voulues):
            chemins[nom] = chemin
    print(f"{'page':<28} {'Python':>8} {'C':>8} {'total':>8}")
    for nom, chemin in chemins.items():
        py, c = compter(client, chemin)
        print(f"{nom:<28} {py:8d} {c:8d} {py + c:8d}", flush=True)


if __name__ == "__main__":
    main()
