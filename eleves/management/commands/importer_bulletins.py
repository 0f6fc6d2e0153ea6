"""Upload the bulletins of many pupils as one ZIP of PDFs, from the command line: the
admin's upload (eleves.saisie.bulletins_importer), with a progress bar and the report
of the files that matched no pupil.

    python manage.py importer_bulletins bulletins.zip --etablissement valognes --dry-run
    python manage.py importer_bulletins bulletins.zip --etablissement valognes \\
        --annee 2025/2026 --titre "Bulletin du 1er trimestre" [--publier]

Each PDF goes to the pupil whose number (N° élève) its name carries; stored unpublished
unless --publier is given (each family told, as from the admin).
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from eleves.saisie import SaisieErreur, bulletins_importer, bulletins_publier
from imuse.models import AnneeScolaire, Etablissement


class Command(BaseCommand):
    help = (
        "Upload a ZIP of bulletins (one PDF per pupil, N° élève in the name): "
        "importer_bulletins FILE --etablissement CODE [--annee LABEL] [--titre T] "
        "[--dry-run] [--publier]."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The ZIP archive.")
        parser.add_argument("--etablissement", required=True, help="Code of the school.")
        parser.add_argument("--annee", help="School year label (the current one by default).")
        parser.add_argument("--titre", default="Bulletin", help="Title shown to the families.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every file; store nothing."
        )
        parser.add_argument(
            "--publier", action="store_true", help="Publish the bulletins (families told)."
        )

    def handle(self, *args, file, etablissement, annee, titre, dry_run, publier, **options):
        site = Etablissement.objects.filter(code=etablissement).first()
        if site is None:
            raise CommandError(f"No school with the code {etablissement!r}.")
        annees = AnneeScolaire.objects.filter(etablissement=site)
        choisie = (
            annees.filter(libelle=annee).first() if annee else annees.filter(courante=True).first()
        )
        if choisie is None:
            raise CommandError(f"No school year {annee or '(current)'} in {site.code}.")
        chemin = Path(file)
        if not chemin.is_file():
            raise CommandError(f"No file {chemin}.")
        barre = tqdm(
            desc="bulletins", unit=" files", file=self.stderr, disable=options["verbosity"] < 1
        )

        def progression(fait, total):
            barre.total = total
            barre.update(fait - barre.n)

        with chemin.open("rb") as flux:
            archive = File(flux, name=chemin.name)
            try:
                rapport = bulletins_importer(
                    etablissement=site,
                    archive=archive,
                    annee=choisie,
                    titre=titre,
                    par=None,
                    appliquer=not dry_run,
                    progression=progression,
                )
            except SaisieErreur as erreur:
                raise CommandError(str(erreur.message)) from None
            finally:
                barre.close()
        for nom, motif in rapport.refus:
            self.stdout.write(f"Not matched: {nom}: {motif}")
        self.stdout.write(
            f"{len(rapport.documents)} bulletins matched, {len(rapport.refus)} files left out."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was stored.")
            return
        if publier:
            n = bulletins_publier(documents=rapport.documents, par=None)
            self.stdout.write(self.style.SUCCESS(f"{n} bulletins stored and published."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(rapport.documents)} bulletins stored, unpublished: publish them "
                    "from the admin (Documents) or run again with --publier."
                )
            )
