"""Benchmark (not a test) of the batch run "Facturer l'année", one command:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/imuse_lot_bench \\
        .venv/bin/python bench/facturation_lot.py [--emettre 600] [--tarifer 100000] [--pdf N]

1. A new school of `--emettre` families (1–3 pupils, 1–3 course sheets each, the example
   tariff grid of facturation/grille_exemple.py) is invoiced for the year as the admin
   does it: preview (lot_apercu), then the run (lot_executer, the task's work: lock,
   price, issue, journal, e-mail in the outbox); then every invoice's PDF duplicate is
   rendered (`--pdf` caps how many; the portal renders them on demand).
2. A second school of `--tarifer` families is priced (tarifer_familles, what the preview
   does), and the rate given.

Prints the time, the peak of memory traced by tracemalloc during each step and the
process's peak resident memory. Each run creates its own schools (codes lot-…).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imuse.settings")
os.environ.setdefault("DEBUG", "0")
# The run's e-mails are written to the outbox; nothing sends them here.
os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"

import django  # noqa: E402

django.setup()

from datetime import date, timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from eleves.models import Cours, Cycle, Departement, Discipline, Eleve, Inscription  # noqa: E402
from facturation.grille_exemple import grille_exemple  # noqa: E402
from facturation.models import Facture, LotFacturation, Periode  # noqa: E402
from facturation.services import lot_apercu, lot_executer  # noqa: E402
from facturation.tarification import tarifer_familles  # noqa: E402
from famille.models import Famille, Responsable  # noqa: E402
from imuse.models import AnneeScolaire, Courriel, Etablissement  # noqa: E402
from imuse.pdf import rendre_pdf  # noqa: E402

VILLES = ["Valognes", "Valognes", "Brix", "Yvetot-Bocage", "Cherbourg-en-Cotentin", "Bricquebec"]
NOMS = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "PETIT", "DURAND", "LEROY", "MOREAU"]
PRENOMS = ["Léa", "Tom", "Inès", "Hugo", "Jade", "Louis", "Emma", "Gabriel", "Chloé", "Jules"]
TAILLE = 2000


def pic_rss_mo() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ecole(code: str, familles: int, rnd: random.Random):
    site = Etablissement.objects.create(code=code, nom=f"Benchmark {code}")
    annee = AnneeScolaire.objects.create(
        etablissement=site,
        libelle="2026/2027",
        debut=date(2026, 9, 1),
        fin=date(2027, 7, 4),
        courante=True,
    )
    deps = {
        nom: Departement.objects.create(etablissement=site, nom=nom)
        for nom in ("Formation musicale", "Cordes", "Pratiques collectives", "Danse")
    }
    disciplines = [
        ("Formation musicale", "Formation musicale", 90),
        ("Éveil musical", "Formation musicale", 60),
        ("Violon", "Cordes", 30),
        ("Violoncelle", "Cordes", 45),
        ("Orchestre", "Pratiques collectives", 90),
        ("Danse classique", "Danse", 60),
    ]
    cycle = Cycle.objects.create(etablissement=site, code="1C2")
    cours = []
    for nom, dep, minutes in disciplines:
        d = Discipline.objects.create(etablissement=site, departement=deps[dep], nom=nom)
        cours.append(
            Cours.objects.create(
                annee=annee,
                code=nom[:6],
                discipline=d,
                cycle=cycle,
                duree=timedelta(minutes=minutes),
            )
        )
    grille = grille_exemple(site, annee)
    for debut in range(0, familles, TAILLE):
        with transaction.atomic():
            _familles(site, annee, cours, range(debut, min(debut + TAILLE, familles)), rnd)
    return site, grille


def _familles(site, annee, cours, numeros, rnd) -> None:
    familles = Famille.objects.bulk_create(
        Famille(
            etablissement=site,
            numero=10_000 + n,
            nom=rnd.choice(NOMS),
            quotient_familial=rnd.choice([None, 450, 900, 1500]),
            qf_verifie_le=date(2026, 9, 3) if rnd.random() < 0.6 else None,
        )
        for n in numeros
    )
    Responsable.objects.bulk_create(
        Responsable(
            famille=f,
            rang=1,
            nom=f.nom,
            prenom=rnd.choice(PRENOMS),
            adresse="3 rue des Écoles",
            code_postal="50700",
            # One family in 200 has no town: it cannot be priced (the preview says why).
            ville="" if rnd.random() < 0.005 else rnd.choice(VILLES),
            email=f"famille{f.numero}@example.org",
        )
        for f in familles
    )
    eleves = Eleve.objects.bulk_create(
        Eleve(
            famille=f,
            nom=f.nom,
            prenom=rnd.choice(PRENOMS),
            date_naissance=date(rnd.choice([1985, *range(2008, 2021)]), rnd.randint(1, 12), 15),
        )
        for f in familles
        for _i in range(rnd.choice([1, 1, 2, 2, 3]))
    )
    inscriptions = []
    for eleve in eleves:
        for c in rnd.sample(cours, rnd.choice([1, 2, 2, 3])):
            tardif = rnd.random() < 0.03
            inscriptions.append(
                Inscription(
                    eleve=eleve,
                    cours=c,
                    date_debut=date(2027, 1, 10) if tardif else annee.debut,
                    date_fin=annee.fin,
                )
            )
    Inscription.objects.bulk_create(inscriptions)


def mesurer(libelle: str, fonction):
    tracemalloc.start()
    debut = time.perf_counter()
    resultat = fonction()
    duree = time.perf_counter() - debut
    _courant, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{libelle}: {duree:.1f} s, traced memory peak {pic / 2**20:.1f} MiB")
    return resultat, duree


def pdfs(site, limite: int | None) -> int:
    factures = Facture.objects.filter(etablissement=site).select_related("etablissement")
    n = 0
    for facture in factures.order_by("pk")[:limite]:
        contexte = {
            "etablissement": facture.etablissement,
            "paiement_en_ligne": False,
            "facture": facture,
            "lignes": facture.lignes.all(),
            "paye": 0,
            "reste": facture.montant,
            "duplicata": True,
        }
        contenu = rendre_pdf("pdf/facture.html", contexte, f"Facture {facture.numero}")
        if not contenu.startswith(b"%PDF"):
            raise RuntimeError(f"{facture.numero}: not a PDF")
        n += 1
    return n


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--emettre", type=int, default=600, help="families invoiced (step 1)")
    p.add_argument("--tarifer", type=int, default=100_000, help="families priced (step 2)")
    p.add_argument("--pdf", type=int, default=None, help="PDFs rendered (all by default)")
    o = p.parse_args()
    call_command("migrate", verbosity=0)
    rnd = random.Random(2026)
    marque = int(time.time())

    print(f"1. {o.emettre} families invoiced for the year")
    (site, grille), duree = mesurer("   data", lambda: ecole(f"lot-{marque}", o.emettre, rnd))
    apercu, duree = mesurer("   preview (lot_apercu)", lambda: lot_apercu(grille, Periode.ANNEE))
    print(
        f"   preview: {len(apercu.a_facturer)} families to invoice, {apercu.total} €, "
        f"{len(apercu.non_tarifees)} not priced"
    )
    lot = LotFacturation.objects.create(
        etablissement=site, grille=grille, periode=Periode.ANNEE, date_emission=date(2026, 10, 1)
    )
    lot, duree = mesurer("   run (lot_executer)", lambda: lot_executer(lot=lot))
    courriels = Courriel.objects.filter(etablissement=site).count()
    print(
        f"   run: {lot.factures} invoices, {lot.montant} €, {len(lot.non_tarifees)} not priced, "
        f"{len(lot.erreurs)} errors, {courriels} e-mails in the outbox; "
        f"{lot.factures / duree:.1f} invoices/s"
    )
    n, duree = mesurer("   PDF duplicates", lambda: pdfs(site, o.pdf))
    print(f"   PDF: {n} rendered, {duree / max(n, 1) * 1000:.0f} ms each")
    again = LotFacturation.objects.create(
        etablissement=site, grille=grille, periode=Periode.ANNEE, date_emission=date(2026, 10, 1)
    )
    again, duree = mesurer("   second run (nothing new)", lambda: lot_executer(lot=again))
    print(f"   second run: {again.factures} invoices")

    print(f"2. {o.tarifer} families priced")
    (site2, grille2), duree = mesurer("   data", lambda: ecole(f"lot-{marque}-b", o.tarifer, rnd))

    def tarifer():
        n, lignes = 0, 0
        for t in tarifer_familles(grille2, Periode.ANNEE):
            n += 1
            lignes += len(t.lignes)
        return n, lignes

    (n, lignes), duree = mesurer("   pricing (tarifer_familles)", tarifer)
    print(f"   pricing: {n} families, {lignes} lines, {n / duree:.0f} families/s")
    print(f"Peak resident memory of the process: {pic_rss_mo():.0f} MiB")


if __name__ == "__main__":
    main()
