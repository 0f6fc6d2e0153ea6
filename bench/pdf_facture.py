"""Benchmark (not a test): warm render time of a one-page invoice duplicate.

    DEBUG=1 .venv/bin/python bench/pdf_facture.py [runs]

Builds an unsaved invoice of three lines in memory (no database needed), renders it once
to warm caches (fonts, templates, static files), then times `runs` renders (default 30)
and prints the median and the 90th percentile. Target: 80 ms median.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imuse.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from facturation.models import Echeance, Facture, LigneFacture  # noqa: E402
from imuse.models import Etablissement  # noqa: E402
from imuse.pdf import rendre_pdf  # noqa: E402


def contexte() -> dict:
    etablissement = Etablissement(
        nom="École municipale de musique de Valognes",
        adresse="12 rue des Religieuses",
        code_postal="50700",
        ville="Valognes",
        telephone="02 33 95 82 00",
        email="ecole.musique@valognes.example",
        siret="21500615400017",
        mentions_facture="Régie de recettes de l'école de musique.",
    )
    facture = Facture(
        etablissement=etablissement,
        numero="26FC00042",
        libelle="AVIS DES SOMMES A PAYER",
        nature="cotisation",
        date_emission=date(2026, 10, 11),
        date_echeance=date(2026, 11, 10),
        destinataire={
            "civilite": "Monsieur",
            "nom": "ABARRE",
            "prenom": "Jérémie",
            "adresse": "19 rue de Paris",
            "code_postal": "50700",
            "ville": "VALOGNES",
            "famille": 1001,
        },
        total_brut=Decimal("504.00"),
        total_remise=Decimal("33.60"),
        montant=Decimal("470.40"),
    )
    # The template lists the invoice's instalments (facture.echeances) and looks at its
    # credit note: a primary key, an empty prefetched list and no credit note cached let
    # it do so without a database.
    facture.pk = 42
    facture._prefetched_objects_cache = {"echeances": Echeance.objects.none()}
    facture._state.fields_cache["avoir"] = None
    lignes = [
        LigneFacture(
            eleve_nom=f"ABARRE {prenom}",
            designation="Cotisation 2026/2027 — formation musicale et instrument",
            quantite=Decimal("1"),
            prix_unitaire=Decimal("168.00"),
            remise=remise,
            montant=Decimal("168.00") - remise,
        )
        for prenom, remise in (
            ("Irina", Decimal("0")),
            ("Hugo", Decimal("16.80")),
            ("Léa", Decimal("16.80")),
        )
    ]
    return {
        "etablissement": etablissement,
        "paiement_en_ligne": True,
        "facture": facture,
        "lignes": lignes,
        "paye": Decimal("0"),
        "reste": Decimal("470.40"),
        "duplicata": True,
    }


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    translation.activate("fr")
    ctx = contexte()
    rendre_pdf("pdf/facture.html", ctx, "Facture 26FC00042")  # warm-up
    temps = []
    for _ in range(runs):
        debut = time.perf_counter()
        rendre_pdf("pdf/facture.html", ctx, "Facture 26FC00042")
        temps.append((time.perf_counter() - debut) * 1000)
    temps.sort()
    p90 = temps[int(len(temps) * 0.9) - 1]
    mediane = statistics.median(temps)
    print(f"{runs} warm renders: median {mediane:.1f} ms, p90 {p90:.1f} ms, min {temps[0]:.1f} ms")


if __name__ == "__main__":
    main()
