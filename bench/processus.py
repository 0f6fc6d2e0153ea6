"""The in-process measures' common start (bench/cpu.py, appels.py, couts.py,
pdf_stockes.py): Django set up on the benchmark's database with bench.settings, and a
test client logged in as a family of the big site, its visit already stamped."""

from __future__ import annotations

import os


def client_de_famille(petit: bool):
    """(client, famille) where famille is bench.lancer.famille_type's dict."""
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        "postgres://postgres@127.0.0.1:5432/imuse_bench" + ("_petit" if petit else "")
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.test import Client

    from bench.lancer import famille_type

    famille = famille_type("bench", 11)
    client = Client()
    client.force_login(famille["utilisateur"], backend="comptes.backends.IdentifiantBackend")
    client.get("/accueil/")  # the visit is stamped once
    return client, famille
