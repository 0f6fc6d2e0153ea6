"""Load the official school holidays (the school's zone) and public holidays of school
years from the shipped data file (eleves/donnees/vacances_scolaires.json)."""

from django.core.management.base import BaseCommand

from eleves.services import vacances_charger
from imuse.models import AnneeScolaire


class Command(BaseCommand):
    help = "Load the official holidays of every school year (or of one school)."

    def add_arguments(self, parser):
        parser.add_argument("--etablissement", help="code of one school")

    def handle(self, *args, etablissement=None, **options):
        annees = AnneeScolaire.objects.select_related("etablissement")
        if etablissement:
            annees = annees.filter(etablissement__code=etablissement)
        for annee in annees:
            n = vacances_charger(annee=annee)
            zone = annee.etablissement.zone_vacances or "-"
            self.stdout.write(f"{annee.etablissement.code} {annee}: zone {zone}, {n} periods")
