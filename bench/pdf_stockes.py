"""The PDF duplicates, rendered on every download (before) and stored (after), in process:

    .venv/bin/python bench/pdf_stockes.py [--petit] [--requetes N]

On the benchmark's database (bench/lancer.py makes it), bench.settings, Django's test
client logged in as a family of the big site. Each of the invoice duplicate, the receipt
and the past year's attestation is requested N times (default 20) in two modes:
"rendered" lays the PDF out at each request (what the views did before
facturation/documents.py: the stored file is neither read nor written), "stored" serves
the stored file (the first request stores it when the generated data has none). Prints
p50 and p90 wall time per request (ms) and the load average.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PDF = ("Duplicata de facture (PDF)", "Reçu (PDF)", "Attestation (PDF)")


def temps(client, chemin: str, requetes: int) -> list[float]:
    mesures = []
    for _ in range(requetes):
        debut = time.perf_counter()
        rep = client.get(chemin)
        mesures.append((time.perf_counter() - debut) * 1000)
        if rep.status_code != 200 or not rep.content.startswith(b"%PDF"):
            raise SystemExit(f"{chemin}: {rep.status_code}")
    return sorted(mesures)


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--petit", action="store_true")
    p.add_argument("--requetes", type=int, default=20)
    o = p.parse_args()
    from bench.processus import client_de_famille

    client, f = client_de_famille(o.petit)
    from facturation import documents

    print(f"load average {os.getloadavg()}; {o.requetes} requests per document and mode")
    print(f"{'document':<28} {'mode':<9} {'p50 ms':>7} {'p90 ms':>7}")
    for nom in PDF:
        chemin = f["chemins"].get(nom)
        if not chemin:
            continue
        client.get(chemin)  # warm (and stored)
        with (
            mock.patch.object(documents, "_lire", return_value=None),
            mock.patch.object(documents, "_stocker"),
        ):
            avant = temps(client, chemin, o.requetes)
        apres = temps(client, chemin, o.requetes)
        for mode, t in (("rendered", avant), ("stored", apres)):
            p90 = t[max(0, int(len(t) * 0.9) - 1)]
            print(f"{nom:<28} {mode:<9} {statistics.median(t):7.1f} {p90:7.1f}")


if __name__ == "__main__":
    main()
