"""The admin at N families, as a site's staff sees it: every list, its search and its
main filters (with --tris, the main lists sorted by each sortable column, both ways),
timed in process, the slow queries explained.

    .venv/bin/python bench/admin_listes.py [--petit] [--repetitions N] [--seuil MS]
        [--explain] [--modeles famille.famille,facturation.facture] [--pages list,?q=MARTIN,?o]
        [--tris]

On the benchmark's database (bench/lancer.py makes it), bench.settings (DEBUG off,
PostgreSQL). The staff account `bench-bureau` (role direction, tied to the big site,
its two-step verification passed as the login view marks it) requests each URL N times
(default 3); the best wall time is kept, with the SQL time (each query timed) and the
number of queries. With --explain, every query slower than --seuil ms (default 20) of
a URL slower than 100 ms is printed with its EXPLAIN (ANALYZE, BUFFERS). Prints a
Markdown table (docs/performance.md, "Admin at 100,000 families"). Not part of the
test suite; `bench/lancer.py --etapes admin` runs it too.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CIBLE_MS = 100
STAFF = "bench-bureau"
# The main filters of the lists the issue names (beside the list and its search).
FILTRES = {
    "famille.famille": ["q=1234"],
    "famille.responsable": ["rang__exact=1", "q=martin.l"],
    "eleves.eleve": ["majeur=oui"],
    "eleves.inscription": [
        "annee__id__exact={annee}",
        "annee__id__exact={premiere}",
        "situation_activite__exact=actif",
        "situation_activite__exact=abandon",
    ],
    "facturation.facture": [
        "etat=impayee",
        "echeance=depassee",
        "statut__exact=emise",
        "nature__exact=cotisation",
    ],
    "facturation.reglement": ["credit=oui", "mode__exact=cheque", "nature__exact=cotisation"],
}
PRINCIPAUX = list(FILTRES)
# The lists sorted by each column (with --tris): the main ones and the other big tables.
TRIES = [*PRINCIPAUX, "comptes.utilisateur", "facturation.imputation"]


class Chrono:
    def __init__(self):
        self.requetes: list[tuple[float, str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        debut = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.requetes.append((time.perf_counter() - debut, sql, params))


def staff_du_site():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from comptes.models import Utilisateur
    from comptes.roles import DIRECTION, groupe
    from imuse.models import Etablissement

    site = Etablissement.objects.get(code="bench")
    user, _ = Utilisateur.objects.get_or_create(
        identifiant=STAFF, etablissement=site, defaults={"is_staff": True}
    )
    user.groups.add(groupe(DIRECTION))
    appareil = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    appareil = appareil or TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)
    return user, appareil


def client_staff():
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    user, appareil = staff_du_site()
    client = Client()
    client.force_login(user, backend="comptes.backends.IdentifiantBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()
    return client


def mesurer(client, url: str, repetitions: int) -> dict:
    from django.db import connection

    meilleur = None
    for _ in range(repetitions):
        chrono = Chrono()
        with connection.execute_wrapper(chrono):
            debut = time.perf_counter()
            rep = client.get(url)
            total = (time.perf_counter() - debut) * 1000
        if rep.status_code == 403:  # a list the site's staff may not see (axes, OTP…)
            return None
        if rep.status_code != 200:
            raise SystemExit(f"{url}: {rep.status_code}")
        mesure = {
            "ms": total,
            "sql_ms": sum(d for d, _s, _p in chrono.requetes) * 1000,
            "requetes": len(chrono.requetes),
            "statut": rep.status_code,
            "lentes": sorted(chrono.requetes, key=lambda r: r[0], reverse=True)[:3],
        }
        if meilleur is None or total < meilleur["ms"]:
            meilleur = mesure
    return meilleur


def expliquer(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(r[0] for r in c.fetchall())


def urls(modeles: list[str]) -> list[tuple[str, str, str]]:
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    from imuse.models import AnneeScolaire

    # The big site's current year (another site's gave an empty list).
    annee = (
        AnneeScolaire.objects.filter(courante=True, etablissement__code="bench")
        .values_list("pk", flat=True)
        .first()
    )
    premiere = (
        AnneeScolaire.objects.filter(etablissement__code="bench")
        .order_by("debut")
        .values_list("pk", flat=True)
        .first()
    )
    resultat = []
    registre = sorted(
        admin.site._registry.items(),
        key=lambda m: (
            f"{m[0]._meta.app_label}.{m[0]._meta.model_name}" not in PRINCIPAUX,
            m[0]._meta.app_label,
            m[0]._meta.model_name,
        ),
    )
    for modele, modele_admin in registre:
        nom = f"{modele._meta.app_label}.{modele._meta.model_name}"
        if modeles and nom not in modeles:
            continue
        try:
            url = reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        resultat.append((nom, "list", url))
        if modele_admin.search_fields:
            resultat.append((nom, "?q=MARTIN", f"{url}?q=MARTIN"))
        for filtre in FILTRES.get(nom, []):
            filtre = filtre.format(annee=annee, premiere=premiere)
            resultat.append((nom, f"?{filtre}", f"{url}?{filtre}"))
    return resultat


def tris(client, nom: str, url: str) -> list[tuple[str, str, str]]:
    """Every column a header click sorts the list by, both ways, read off the list's own
    headers (their `?o=` links count the checkbox column as Django does)."""
    page = client.get(url).content.decode()
    resultat = []
    for colonne, indice in re.findall(
        r'class="sortable column-(\w+)[^"]*">.*?<div class="text"><a href="\?o=-?(\d+)',
        page,
        re.S,
    ):
        for sens in ("", "-"):
            resultat.append((nom, f"?o={sens}{indice} ({colonne})", f"{url}?o={sens}{indice}"))
    return resultat


def listes(
    repetitions: int = 3,
    modeles: list[str] | None = None,
    explain=False,
    seuil=20.0,
    pages=(),
    trier=False,
):
    client = client_staff()
    client.get("/admin/")
    resultats = {}
    a_mesurer = []
    for nom, quoi, url in urls(modeles or []):
        a_mesurer.append((nom, quoi, url))
        if trier and quoi == "list" and (nom in TRIES or modeles):
            a_mesurer.extend(tris(client, nom, url))
    for nom, quoi, url in a_mesurer:
        if pages and quoi not in pages and quoi.split("=")[0] not in pages:
            continue
        m = mesurer(client, url, repetitions)
        if m is None:
            continue
        resultats[f"{nom} {quoi}"] = m
        marque = "" if m["ms"] <= CIBLE_MS else "  > 100 ms"
        print(
            f"{nom:<34} {quoi:<36} {m['ms']:8.1f} {m['sql_ms']:8.1f} {m['requetes']:4d}{marque}",
            flush=True,
        )
        if explain and m["ms"] > CIBLE_MS:
            for duree, sql, params in m["lentes"]:
                if duree * 1000 >= seuil and not sql.startswith("EXPLAIN"):
                    print(f"--- {duree * 1000:.1f} ms\n{sql % tuple(repr(p) for p in params)}")
                    print(expliquer(sql, params))
    return resultats


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--petit", action="store_true")
    p.add_argument("--repetitions", type=int, default=3)
    p.add_argument("--seuil", type=float, default=20.0)
    p.add_argument("--explain", action="store_true")
    p.add_argument("--modeles", default="")
    p.add_argument("--pages", default="", help="only these pages (list,?q=MARTIN,?o,...)")
    p.add_argument("--tris", action="store_true", help="also every sortable column, both ways")
    o = p.parse_args()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        "postgres://postgres@127.0.0.1:5432/imuse_bench" + ("_petit" if o.petit else "")
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from famille.models import Famille

    n = Famille.objects.filter(etablissement__code="bench").count()
    print(f"{n:,} families; load average {os.getloadavg()}")
    print(f"{'admin':<34} {'page':<36} {'ms':>8} {'SQL ms':>8} {'q':>4}")
    modeles = [m for m in o.modeles.split(",") if m]
    pages = [q for q in o.pages.split(",") if q]
    listes(o.repetitions, modeles, o.explain, o.seuil, pages, o.tris)


if __name__ == "__main__":
    main()
