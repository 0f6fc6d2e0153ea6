"""The benchmark, one command (docs/performance.md): `make bench` (or `make bench-petit`)

    .venv/bin/python bench/lancer.py [--petit] [--familles N] [--duree S] [--tours K]
        [--etapes pages,requetes,admin,soiree,import,lot] [--regenerer]

On PostgreSQL only (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
imuse_bench, imuse_bench_petit with --petit): the database is created, migrated and
filled once (bench/generer.py: N families, 100,000 by default, and a site of 40), then
reused while its size matches. Steps:

- pages: every portal page under load against the bare view (bench/pages.py);
- requetes: queries and SQL time per page at 40 and N families (bench/requetes.py);
- admin: every admin list, its search and main filters at N families, as a site's staff,
  and the main lists sorted by each of their sortable columns (bench/admin_listes.py);
- soiree: the opening evening (bench/soiree.py), then rows and files counted;
- import, lot: bench/import_donnees.py and bench/facturation_lot.py, each in a database
  of its own beside the benchmark's (they create schools).

Writes bench/RESULTATS.md (and bench/resultats.json). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

ETAPES = ("pages", "requetes", "admin", "soiree", "import", "lot")


def options() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--petit", action="store_true", help="2,000 families, short runs")
    p.add_argument("--familles", type=int)
    p.add_argument("--duree", type=float, help="seconds per page and per bare run")
    p.add_argument("--tours", type=int, help="rounds per page (the median is kept)")
    p.add_argument("--soiree", type=float, help="seconds of the opening evening")
    p.add_argument("--etapes", default=",".join(ETAPES))
    p.add_argument("--regenerer", action="store_true", help="rebuild the database")
    o = p.parse_args()
    o.familles = o.familles or (2_000 if o.petit else 100_000)
    o.duree = o.duree or (4 if o.petit else 15)
    o.tours = o.tours or (1 if o.petit else 3)
    o.soiree = o.soiree or (40 if o.petit else 180)
    o.etapes = [e for e in o.etapes.split(",") if e]
    return o


def preparer_base(o) -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or (
        "postgres://postgres@127.0.0.1:5432/imuse_bench" + ("_petit" if o.petit else "")
    )
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import psycopg

    nom = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as cnx:
        existe = cnx.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom]).fetchone()
        if existe and o.regenerer:
            cnx.execute(f'DROP DATABASE "{nom}" WITH (FORCE)')
            existe = None
        if not existe:
            cnx.execute(f'CREATE DATABASE "{nom}"')
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executeur = MigrationExecutor(connection)
    a_migrer = executeur.migration_plan(executeur.loader.graph.leaf_nodes())
    call_command("migrate", verbosity=0)
    if a_migrer:
        # Migrations that filled columns leave dead rows and stale statistics: until
        # autovacuum passes, partial indexes still list the old rows and plans go astray.
        print(f"  {len(a_migrer)} migrations applied: VACUUM ANALYZE…")
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
    from famille.models import Famille
    from imuse.models import Etablissement

    site = Etablissement.objects.filter(code="bench").first()
    if site and Famille.objects.filter(etablissement=site).count() != o.familles:
        raise SystemExit(f"{nom} holds another size: run with --regenerer (or BENCH_DATABASE_URL)")
    if site is None:
        from bench import generer

        print(f"Generating {o.familles:,} families in {nom} (once)…")
        debut = time.perf_counter()
        generer.generer("bench40", "Conservatoire de 40 familles", 40)
        generer.generer("bench", "Conservatoire du benchmark", o.familles)
        generer.administrateur()
        # VACUUM too: the trigram (GIN) indexes keep the generated rows in their pending
        # list until a vacuum merges it; every search read it (the family search by name
        # took 30-48 ms by a sequential scan instead of 6 ms on its index).
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
        print(f"  generated in {time.perf_counter() - debut:.0f} s")
    rafraichir_campagnes()
    return url


def rafraichir_campagnes() -> None:
    """A database reused days later still has its campaign open (it closed 60 days after
    generation); the school years are the generation's: say so when today is past them."""
    from datetime import timedelta

    from django.utils import timezone

    from imuse.models import AnneeScolaire
    from reinscription.models import Campagne

    jour = timezone.localdate()
    Campagne.objects.filter(etablissement__code__in=("bench", "bench40"), active=True).update(
        ouverture=jour - timedelta(days=1), cloture=jour + timedelta(days=60)
    )
    courante = AnneeScolaire.objects.filter(etablissement__code="bench", courante=True).first()
    if courante and not courante.debut <= jour <= courante.fin:
        print(f"  warning: today is outside the generated year {courante}: use --regenerer")


def famille_type(site_code: str, numero: int, *, relance: bool = True) -> dict:
    """A family's ids, and the paths of its pages (with `relance`, its reminder's letter,
    recorded if it has none: not for the evening's 2,000 families, which need no path)."""
    from eleves.models import Inscription
    from facturation.lecture import attestations_disponibles
    from facturation.models import Facture, Reglement
    from famille.models import Famille
    from reinscription.models import PieceAFournir

    famille = Famille.objects.get(etablissement__code=site_code, numero=numero)
    eleve = famille.eleves.order_by("pk").first()
    inscription = (
        Inscription.objects.filter(eleve=eleve, cours__annee__courante=True).order_by("pk").first()
    )
    facture = Facture.objects.filter(famille=famille).order_by("-pk").first()
    reglement = Reglement.objects.filter(famille=famille).order_by("-pk").first()
    attestation = attestations_disponibles(famille)
    pieces = PieceAFournir.objects.filter(campagne__etablissement=famille.etablissement)
    e, i = eleve.pk, inscription.pk
    chemins = {
        "Accueil": "/accueil/",
        "Famille": "/famille/",
        "Préférences": "/famille/preferences/",
        "Élèves": "/eleves/",
        "Identité": f"/eleves/{e}/identite/",
        "Cours": f"/eleves/{e}/cours/",
        "Fiche de cours": f"/eleves/{e}/fiches/{i}/",
        "Historique": f"/eleves/{e}/historique/",
        "Absences": f"/eleves/{e}/absences/",
        "Répertoire": f"/eleves/{e}/repertoire/",
        "Documents": f"/eleves/{e}/documents/",
        "Compte (cotisations)": "/facturation/",
        "Locations": "/facturation/locations/",
        "Réinscription": f"/reinscription/eleve/{e}/",
        "Mes données": "/famille/donnees/",
        "Prélèvement": "/facturation/prelevement/",
        "Accessibilité": "/accessibilite/",
        "Mot de passe": "/compte/mot-de-passe/",
        "Duplicata de facture (PDF)": f"/facturation/facture/{facture.pk}/pdf/",
        "Reçu (PDF)": f"/facturation/reglement/{reglement.pk}/recu/",
        "Calendrier (.ics)": f"/eleves/calendrier/{eleve.jeton_ical}.ics",
    }
    if relance:
        chemins["Relance (PDF)"] = f"/facturation/relance/{relance_de(famille, facture)}/pdf/"
    if attestation:
        annee, eleves = attestation[-1]
        chemins["Attestation (PDF)"] = f"/facturation/attestation/{annee}/{eleves[0].pk}/"
    return {
        "site": site_code,
        "famille": famille.pk,
        "identifiant": f"fam{numero}",
        "eleve": e,
        "inscription": i,
        "piece_famille": pieces.get(portee="famille").pk,
        "piece_eleve": pieces.get(portee="eleve").pk,
        "utilisateur": famille.responsables.get(rang=1).utilisateur,
        "chemins": chemins,
    }


def relance_de(famille, facture) -> int:
    """The family's payment reminder (its letter is rendered at each download): the
    generator sends none, so one is recorded here from its latest invoice, the snapshot
    relance_envoyer would have taken (a letter to print: no e-mail is sent)."""
    from datetime import timedelta

    from facturation.models import Relance

    relance = Relance.objects.filter(famille=famille).order_by("-pk").first()
    if relance is None:
        echeance = facture.date_echeance or facture.date_emission
        relance = Relance.objects.create(
            etablissement_id=famille.etablissement_id,
            famille=famille,
            facture=facture,
            niveau=Relance._meta.get_field("niveau").choices[0][0],
            date=echeance + timedelta(days=15),
            montant=facture.net,
            factures=[
                {
                    "numero": facture.numero,
                    "date_emission": facture.date_emission.isoformat(),
                    "date_echeance": echeance.isoformat(),
                    "montant": str(facture.net),
                    "reste": str(facture.net),
                }
            ],
            destinataire=facture.destinataire,
            par_courrier=True,
        )
    return relance.pk


def clientes(site_code: str, nombre: int, depuis: int = 11) -> list[int]:
    """Numbers of families with two pupils or more: for one, Élèves redirects to the
    pupil's file (a redirect, not the page, and counted as an error)."""
    from django.db.models import Count

    from famille.models import Famille

    return list(
        Famille.objects.filter(etablissement__code=site_code, numero__gte=depuis)
        .annotate(n=Count("eleves"))
        .filter(n__gte=2)
        .order_by("numero")
        .values_list("numero", flat=True)[:nombre]
    )


def documents_rendus(familles: list[dict]) -> None:
    """Each client family's PDFs stored, as issuing the invoice and recording the payment
    would have done (facturation/documents.py: the worker renders them at issue); the
    generator's bulk_create bypasses those services. Downloaded once through the view."""
    from django.test import Client

    for f in familles:
        client = Client()
        client.force_login(f["utilisateur"], backend="comptes.backends.IdentifiantBackend")
        for nom, chemin in f["chemins"].items():
            if nom.endswith("(PDF)"):
                client.get(chemin)


def etape_pages(o, r: dict) -> None:
    from bench import pages
    from bench.generer import MOT_DE_PASSE

    familles = [famille_type("bench", n) for n in clientes("bench", 8)]  # 8 clients
    noms = list(familles[0]["chemins"])
    par_page = {n: [f["chemins"].get(n, familles[0]["chemins"][n]) for f in familles] for n in noms}
    par_page["Connexion"] = []
    documents_rendus(familles)
    serveur = pages.demarrer_gunicorn({"DATABASE_URL": os.environ["DATABASE_URL"]})
    try:
        r["pages"] = pages.mesurer(
            par_page,
            site="bench",
            comptes=[f["identifiant"] for f in familles],
            mdp=MOT_DE_PASSE,
            duree=o.duree,
            tours=o.tours,
        )
    finally:
        pages.arreter(serveur)


def etape_requetes(o, r: dict) -> None:
    from bench.requetes import pages_en_process

    r["requetes"] = {}
    for site in ("bench40", "bench"):
        f = famille_type(site, clientes(site, 1)[0])
        r["requetes"][site] = pages_en_process(f["utilisateur"], f["chemins"])


def etape_admin(o, r: dict) -> None:
    # As a site's staff sees them, with the main filters and every column sort of the main
    # lists (bench/admin_listes.py).
    from bench.admin_listes import listes

    r["admin"] = {
        nom: {k: v for k, v in m.items() if k != "lentes"}
        for nom, m in listes(2, trier=True).items()
    }


def etape_soiree(o, r: dict) -> None:

    from bench import pages, soiree
    from bench.generer import MOT_DE_PASSE
    from reinscription.models import DemandeReinscription, PieceJointe

    nombre = min(2000, o.familles)
    numeros = range(o.familles - nombre + 1, o.familles + 1)  # not the pages' clients
    print(f"  preparing {nombre} accounts…")
    # A previous evening's uploads of these families go (rows and files); nothing else of
    # the private storage (the stored PDFs of the pages' clients stay).
    anciennes = PieceJointe.objects.filter(
        famille__etablissement__code="bench", famille__numero__in=numeros
    )
    for pj in anciennes.only("fichier"):
        if pj.fichier:
            pj.fichier.storage.delete(pj.fichier.name)
    anciennes.delete()
    DemandeReinscription.objects.filter(
        eleve__famille__etablissement__code="bench", eleve__famille__numero__in=numeros
    ).delete()
    familles = [famille_type("bench", n, relance=False) for n in numeros]
    serveur = pages.demarrer_gunicorn({"DATABASE_URL": os.environ["DATABASE_URL"]})
    try:
        res = soiree.lancer(familles, clients=32, duree=o.soiree, mdp=MOT_DE_PASSE, port=pages.PORT)
    finally:
        pages.arreter(serveur)
    res["controle"] = soiree.verifier(res.pop("faites"))
    res["comptes"] = nombre
    r["soiree"] = res


def base_annexe(suffixe: str) -> str:
    """A database of its own for a run that creates schools (import, batch invoicing),
    beside the benchmark's, so that the pages' database stays as generated; made anew at
    every run, so that every run starts from an empty one."""
    import psycopg

    url = f"{os.environ['DATABASE_URL']}_{suffixe}"
    nom = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as cnx:
        cnx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')
        cnx.execute(f'CREATE DATABASE "{nom}"')
    return url


def _script(nom: str, *args: str, base: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "imuse.settings",
        "DEBUG": "0",
        "DATABASE_URL": base,
    }
    debut = time.perf_counter()
    sortie = subprocess.run(
        [sys.executable, str(RACINE / "bench" / nom), *args],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
    )
    return {
        "secondes": time.perf_counter() - debut,
        "code": sortie.returncode,
        "sortie": (sortie.stdout + sortie.stderr).strip().splitlines()[-12:],
    }


def etape_import(o, r: dict) -> None:
    r["import"] = _script("import_donnees.py", "ecole", base=base_annexe("import"))


def etape_lot(o, r: dict) -> None:
    if (RACINE / "bench" / "facturation_lot.py").exists():
        # docs/performance.md's run: 600 families invoiced (60 of their PDFs rendered),
        # then as many priced as the benchmark has families.
        emettre = "100" if o.petit else "600"
        args = ("--emettre", emettre, "--tarifer", str(o.familles), "--pdf", "60")
        r["lot"] = _script("facturation_lot.py", *args, base=base_annexe("lot"))
    else:
        r["lot"] = {"absent": True}


def main() -> None:
    o = options()
    url = preparer_base(o)
    r: dict = {
        "familles": o.familles,
        "duree": o.duree,
        "tours": o.tours,
        "base": url,
        "charge_debut": os.getloadavg(),
        "debut": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    print(f"Load average {r['charge_debut']}")
    r = precedents(r)
    for etape in o.etapes:
        print(f"{etape}…")
        debut = (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.getloadavg()[0])
        globals()[f"etape_{etape}"](o, r)
        r.setdefault("quand", {})[etape] = (*debut, os.getloadavg()[0])
        r["charge_fin"] = os.getloadavg()
        ecrire_resultats(r)  # after each step: a later step's failure keeps the earlier ones
    print("bench/RESULTATS.md written")


def precedents(r: dict) -> dict:
    """This run's header over the results of an earlier run of the same database, so that
    a run of some steps keeps the others' tables (each step says when it ran)."""
    chemin = RACINE / "bench" / "resultats.json"
    try:
        ancien = json.loads(chemin.read_text())
    except (OSError, ValueError):
        return r
    if ancien.get("base") != r["base"] or ancien.get("familles") != r["familles"]:
        return r
    etapes = {e: ancien[e] for e in ETAPES if e in ancien}
    return {**etapes, **r, "quand": ancien.get("quand", {})}


def ecrire_resultats(r: dict) -> None:
    from bench.rapport import ecrire

    (RACINE / "bench" / "resultats.json").write_text(json.dumps(r, indent=1, default=str))
    ecrire(r, RACINE / "bench" / "RESULTATS.md")


if __name__ == "__main__":
    main()
