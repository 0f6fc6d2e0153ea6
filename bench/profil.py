"""Where a portal page's time goes (cProfile), in process, on the benchmark's database:

    .venv/bin/python bench/profil.py "Famille" [requests] [--petit]

Profiles `requests` (default 50) requests of the named page (a name of
bench/lancer.py's page list) for one family and prints the functions of our code and
Django's that take the most cumulative and own time.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    petit = "--petit" in sys.argv
    nom, nombre = args[0], int(args[1]) if len(args) > 1 else 50
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        "postgres://postgres@127.0.0.1:5432/imuse_bench" + ("_petit" if petit else "")
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.test import Client

    from bench.lancer import famille_type

    f = famille_type("bench", 11)
    client = Client()
    client.force_login(f["utilisateur"], backend="comptes.backends.IdentifiantBackend")
    chemin = f["chemins"][nom]
    client.get(chemin)
    profil = cProfile.Profile()
    profil.enable()
    for _ in range(nombre):
        client.get(chemin)
    profil.disable()
    stats = pstats.Stats(profil)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
