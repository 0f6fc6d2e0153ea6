"""CPU time per request of every portal page, in process, against the bare view:

    .venv/bin/python bench/cpu.py [--petit] [--requetes N] [--tours K] [--pages A,B]

On the benchmark's database (bench/lancer.py makes it), with bench.settings (DEBUG off,
PostgreSQL), Django's test client logged in as a family of the big site. Each page is
requested N times (default 20) per round, K rounds (default 5); the figure kept is the
best round's mean process CPU time per request (time.process_time: this process only, so
neither PostgreSQL nor the other engineers' work on the machine counts), beside the wall
time of that round and the number of queries. "ratio" is the bare view's CPU time over the
page's: what the throughput ratio of bench/pages.py tends to when the web workers are the
bottleneck. Much less noisy than the throughput on a shared machine.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NU = "/bench/nu/"


def mesurer(client, chemin: str, requetes: int, tours: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(chemin)
    meilleur = None
    for _ in range(tours):
        with CaptureQueriesContext(connection) as capture:
            cpu0, mur0 = time.process_time(), time.perf_counter()
            for _ in range(requetes):
                rep = client.get(chemin)
            cpu = (time.process_time() - cpu0) / requetes * 1000
            mur = (time.perf_counter() - mur0) / requetes * 1000
        mesure = {
            "cpu_ms": cpu,
            "mur_ms": mur,
            "requetes": len(capture) // requetes,
            "statut": rep.status_code,
        }
        if meilleur is None or cpu < meilleur["cpu_ms"]:
            meilleur = mesure
    return meilleur


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--petit", action="store_true")
    p.add_argument("--requetes", type=int, default=20)
    p.add_argument("--tours", type=int, default=5)
    p.add_argument("--pages", default="")
    p.add_argument("--pdf", action="store_true", help="the PDF pages too (slow)")
    o = p.parse_args()
    from bench.processus import client_de_famille

    client, f = client_de_famille(o.petit)
    chemins = {
        nom: c
        for nom, c in f["chemins"].items()
        if nom != "Connexion" and (o.pdf or not nom.endswith("(PDF)"))
    }
    if o.pages:
        voulues = o.pages.split(",")
        chemins = {n: c for n, c in chemins.items() if n in voulues}
    print(f"load average {os.getloadavg()[0]:.2f}; {o.requetes} requests x {o.tours} rounds")
    nu = mesurer(client, NU, o.requetes, o.tours)
    print(f"{'page':<28} {'CPU ms':>7} {'wall ms':>8} {'queries':>7} {'ratio':>6}")
    print(f"{'(bare view)':<28} {nu['cpu_ms']:7.2f} {nu['mur_ms']:8.2f} {nu['requetes']:7d}")
    for nom, chemin in chemins.items():
        m = mesurer(client, chemin, o.requetes, o.tours)
        ratio = nu["cpu_ms"] / m["cpu_ms"] if m["cpu_ms"] else 0
        etat = "" if m["statut"] == 200 else f"  status {m['statut']}"
        print(
            f"{nom:<28} {m['cpu_ms']:7.2f} {m['mur_ms']:8.2f} {m['requetes']:7d} {ratio:6.0%}{etat}"
        )
    try:
        from imuse.requetes import RequeteFigee
    except ImportError:  # a checkout from before imuse/requetes.py (a "before" run)
        RequeteFigee = None
    if RequeteFigee is not None:
        retombees = [r for r in RequeteFigee.toutes if r.figee is False]
        print(f"frozen queries used: {sum(1 for r in RequeteFigee.toutes if r.figee)}", end="")
        print(f", fell back: {[r.construire.__module__ for r in retombees]}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
