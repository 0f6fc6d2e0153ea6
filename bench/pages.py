"""Throughput and latency of every portal page under load, against the bare view.

gunicorn serves the portal with 3 sync workers (bench/settings.py); 8 clients, each
logged in as its own family, request one page as fast as they can for `duree` seconds,
then the bare view for as long, and so on page after page, `tours` times. A page's ratio
is its throughput over the bare view's in the same round (the median of the rounds):
the machine's load weighs on both alike. Each page is first requested for a second,
untimed, as a worker in service would have done long before.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.client import Navigateur, centile

RACINE = Path(__file__).resolve().parent.parent
PORT = 8765
NU = "/bench/nu/"


def demarrer_gunicorn(env: dict, port: int = PORT, workers: int = 3) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    processus = subprocess.Popen(
        [
            str(gunicorn),
            "imuse.wsgi:application",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=RACINE,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    for _ in range(300):
        try:
            if Navigateur(port=port).get("/compte/connexion/").statut == 200:
                return processus
        except OSError:
            pass
        if processus.poll() is not None:
            raise SystemExit("gunicorn did not start")
        time.sleep(0.2)
    processus.terminate()
    raise SystemExit("gunicorn did not answer")


def arreter(processus: subprocess.Popen) -> None:
    processus.terminate()
    try:
        processus.wait(timeout=20)
    except subprocess.TimeoutExpired:
        processus.kill()


def _marteler(clients: list, chemins: list[str], duree: float, attendu: int) -> dict:
    """Every client requests its own path in a loop for `duree` seconds."""
    latences: list[float] = []
    erreurs = [0]
    verrou = threading.Lock()
    fin = time.perf_counter() + duree

    def boucle(client: Navigateur, chemin: str) -> None:
        mesures, ko = [], 0
        while time.perf_counter() < fin:
            rep = client.get(chemin)
            mesures.append(rep.duree)
            # A redirect is not the page (an expired session, a closed campaign): an error.
            if rep.statut != attendu:
                ko += 1
        with verrou:
            latences.extend(mesures)
            erreurs[0] += ko

    debut = time.perf_counter()
    fils = [
        threading.Thread(target=boucle, args=(c, p)) for c, p in zip(clients, chemins, strict=True)
    ]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    ecoule = time.perf_counter() - debut
    return {
        "rps": len(latences) / ecoule,
        "p50": centile(latences, 50) * 1000,
        "p99": centile(latences, 99) * 1000,
        "n": len(latences),
        "erreurs": erreurs[0],
    }


def _connexions(port: int, site: str, comptes: list[str], mdp: str, duree: float) -> dict:
    """Logins through the form (GET the page, POST it), as many as 8 clients can."""
    latences: list[float] = []
    erreurs = [0]
    verrou = threading.Lock()
    fin = time.perf_counter() + duree

    def boucle(identifiant: str) -> None:
        mesures, ko = [], 0
        while time.perf_counter() < fin:
            nav = Navigateur(port=port)
            nav.get("/compte/connexion/")
            rep = nav.post(
                "/compte/connexion/", {"site": site, "identifiant": identifiant, "password": mdp}
            )
            mesures.append(rep.duree)
            if rep.statut != 302:
                ko += 1
        with verrou:
            latences.extend(mesures)
            erreurs[0] += ko

    debut = time.perf_counter()
    fils = [threading.Thread(target=boucle, args=(c,)) for c in comptes]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    ecoule = time.perf_counter() - debut
    return {
        "rps": len(latences) / ecoule,
        "p50": centile(latences, 50) * 1000,
        "p99": centile(latences, 99) * 1000,
        "n": len(latences),
        "erreurs": erreurs[0],
    }


def mesurer(
    pages: dict[str, list[str]],
    *,
    site: str,
    comptes: list[str],
    mdp: str,
    duree: float,
    tours: int,
    port: int = PORT,
    trace=print,
) -> dict:
    """`pages`: name -> one path per client (each client its own family's objects)."""
    clients = []
    for identifiant in comptes:
        nav = Navigateur(port=port)
        if nav.connecter(site, identifiant, mdp).statut != 302:
            raise SystemExit(f"login of {identifiant} failed")
        clients.append(nav)
    _marteler(clients, [NU] * len(clients), min(duree, 3), 200)  # warm the workers
    resultats = {}
    for nom, chemins in pages.items():
        if nom != "Connexion":
            # Untimed, every client at once so that every worker serves it: a worker's
            # first render of a page (WeasyPrint loading its fonts, 3 s, for the reminder
            # letter rendered at each download) is not the page's steady state.
            _marteler(clients, chemins, 0.5, 200)
        tours_page, tours_nu = [], []
        if nom != "Connexion":
            # Untimed: a worker in service has compiled the page's templates and prepared
            # its queries long ago; measured cold, the first page paid for all of that.
            _marteler(clients, chemins, min(duree, 1), 200)
        for _ in range(tours):
            tours_nu.append(_marteler(clients, [NU] * len(clients), duree, 200))
            if nom == "Connexion":
                tours_page.append(_connexions(port, site, comptes, mdp, duree))
            else:
                tours_page.append(_marteler(clients, chemins, duree, 200))
        ratios = [p["rps"] / n["rps"] for p, n in zip(tours_page, tours_nu, strict=True)]
        milieu = sorted(range(tours), key=lambda i: ratios[i])[tours // 2]
        resultats[nom] = {
            **tours_page[milieu],
            "nu_rps": tours_nu[milieu]["rps"],
            "ratio": statistics.median(ratios),
            "charge": os.getloadavg()[0],
        }
        r = resultats[nom]
        trace(
            f"  {nom:<28} {r['rps']:7.1f}/s  p50 {r['p50']:6.1f} ms  p99 {r['p99']:6.1f} ms"
            f"  nu {r['nu_rps']:6.1f}/s  {r['ratio']:5.0%}  erreurs {r['erreurs']}"
            f"  charge {r['charge']:.2f}"
        )
    return resultats
