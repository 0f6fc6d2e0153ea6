from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from importation.genres import TYPES
from importation.modeles import modele
from importation.services import importer
from imuse.models import Etablissement


class Command(BaseCommand):
    help = (
        "Import a file (XLSX or CSV) of one kind for a school: "
        "importer KIND FILE --etablissement CODE [--dry-run]. "
        "With --modele, write the template of KIND to FILE (.xlsx or .csv) instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(TYPES), help="Kind of data.")
        parser.add_argument("file", help="The file to import (or to write with --modele).")
        parser.add_argument("--etablissement", help="Code of the school.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--modele", action="store_true", help="Write the template of KIND to FILE."
        )
        parser.add_argument(
            "--details", action="store_true", help="Print every created or updated row too."
        )

    def handle(self, *args, kind, file, etablissement, dry_run, modele, details, **options):
        genre = TYPES[kind]
        chemin = Path(file)
        if modele:
            return self._modele(genre, chemin)
        if not etablissement:
            raise CommandError("--etablissement CODE is required to import.")
        site = Etablissement.objects.filter(code=etablissement).first()
        if site is None:
            raise CommandError(f"No school with the code {etablissement!r}.")
        if not chemin.is_file():
            raise CommandError(f"No file {chemin}.")
        barre = tqdm(desc=kind, unit=" rows", file=self.stderr, disable=options["verbosity"] < 1)

        def progression(fait, total):
            if total and barre.total != total:
                barre.total = total
            barre.update(fait - barre.n)

        rapport = importer(
            genre,
            chemin,
            etablissement=site,
            par=None,
            appliquer=not dry_run,
            nom_fichier=chemin.name,
            progression=progression,
        )
        barre.close()
        for entete in rapport.entetes_inconnues:
            self.stdout.write(f"Unknown column ignored: {entete}")
        if rapport.erreur:
            raise CommandError(rapport.erreur)
        for ligne in rapport.lignes:
            if (
                ligne["erreurs"]
                or ligne["avertissements"]
                or (details and ligne["statut"] != "inchange")
            ):
                self._ligne(ligne)
        c = rapport.comptes
        self.stdout.write(
            f"{rapport.total} rows: {c['cree']} created, {c['modifie']} updated, "
            f"{c['inchange']} unchanged, {c['erreur']} in error."
        )
        if not rapport.valide:
            raise CommandError("Rows in error: nothing was imported.")
        if rapport.applique:
            self.stdout.write(self.style.SUCCESS("Imported."))
        else:
            self.stdout.write("Dry run: nothing was written.")

    def _ligne(self, ligne):
        self.stdout.write(f"Line {ligne['numero']}: {ligne['statut']} {ligne['objet']}")
        for libelle, avant, apres in ligne["changements"]:
            self.stdout.write(f"    {libelle}: {avant} -> {apres}")
        for message in ligne["avertissements"] + ligne["erreurs"]:
            self.stdout.write(f"    {message}")

    def _modele(self, genre, chemin: Path):
        if chemin.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("The template's file name must end with .xlsx or .csv.")
        chemin.write_bytes(modele(genre, chemin.suffix))
        self.stdout.write(self.style.SUCCESS(f"Template of {genre.code} written to {chemin}."))
