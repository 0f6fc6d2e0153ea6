"""Validate the waiting re-enrolment requests of a campaign at once, from the command
line (hosting providers, big schools): the admin's bulk validation
(reinscription.validation_groupee), run here with a progress bar.

    python manage.py valider_reinscriptions 2026/2027 --etablissement valognes --dry-run
    python manage.py valider_reinscriptions 2026/2027 --etablissement valognes

CAMPAIGN is the campaign's target school year (its label) or its number in the admin.
Requests whose documents are not all accepted are left out unless --incompletes is given
(the admin's explicit confirmation). --dry-run says where each sheet would go.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from eleves.models import Cours
from imuse.models import Etablissement
from reinscription.models import Campagne, DemandeReinscription
from reinscription.placement import cours_cible
from reinscription.validation_groupee import (
    etat_des_pieces,
    validation_executer,
    validation_lancer,
)


class Command(BaseCommand):
    help = (
        "Validate the waiting requests of a re-enrolment campaign: "
        "valider_reinscriptions CAMPAIGN --etablissement CODE [--dry-run] [--incompletes]."
    )

    def add_arguments(self, parser):
        parser.add_argument("campagne", help="Target school year (2026/2027) or campaign id.")
        parser.add_argument("--etablissement", required=True, help="Code of the school.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show where each sheet would go; write nothing."
        )
        parser.add_argument(
            "--incompletes",
            action="store_true",
            help="Validate too the requests whose documents are not all accepted.",
        )

    def handle(self, *args, campagne, etablissement, dry_run, incompletes, **options):
        site = Etablissement.objects.filter(code=etablissement).first()
        if site is None:
            raise CommandError(f"No school with the code {etablissement!r}.")
        campagnes = Campagne.objects.filter(etablissement=site).select_related("annee")
        trouvees = list(
            campagnes.filter(pk=int(campagne))
            if campagne.isdigit()
            else campagnes.filter(annee__libelle=campagne)
        )
        if len(trouvees) != 1:
            raise CommandError(
                f"No campaign {campagne!r} in {site.code}."
                if not trouvees
                else f"Several campaigns for {campagne!r}: give the campaign's id."
            )
        (choisie,) = trouvees
        etats = etat_des_pieces(DemandeReinscription.objects.filter(campagne=choisie))
        a_part = [e for e in etats if not e.complete]
        for etat in a_part:
            manque = ", ".join(
                [f"missing {x}" for x in etat.manquantes]
                + [f"refused {x}" for x in etat.refusees]
                + [f"to check {x}" for x in etat.a_verifier]
            )
            verbe = "validated anyway" if incompletes else "left out"
            self.stdout.write(
                f"{etat.demande.eleve}: documents not all accepted ({manque}), {verbe}."
            )
        retenues = etats if incompletes else [e for e in etats if e.complete]
        self.stdout.write(
            f"{len(etats)} requests waiting, {len(a_part)} with documents not all accepted, "
            f"{len(retenues)} to validate."
        )
        if not retenues:
            return
        if dry_run:
            return self._essai(choisie, retenues)
        validation = validation_lancer(
            etablissement=site, demandes=[e.demande for e in retenues], par=None, en_tache=False
        )
        barre = tqdm(
            total=validation.total,
            desc="validation",
            unit=" requests",
            file=self.stderr,
            disable=options["verbosity"] < 1,
        )
        validation = validation_executer(
            validation=validation, progression=lambda fait, total: barre.update(fait - barre.n)
        )
        barre.close()
        for entree in validation.rapport:
            for texte in entree["non_places"]:
                self.stdout.write(f"{entree['eleve']}: {texte}")
            if entree.get("erreur"):
                self.stdout.write(f"{entree['eleve']}: not validated, {entree['erreur']}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{validation.traitees} requests processed: {validation.fiches} course sheets "
                f"placed, {validation.non_placees} not placed (run {validation.pk})."
            )
        )

    def _essai(self, campagne, retenues):
        cours = list(Cours.objects.filter(annee=campagne.annee).order_by("code"))
        places = non_places = 0
        for etat in retenues:
            for inscription in etat.demande.inscriptions.all():
                ligne = cours_cible(inscription, cours, campagne.annee)
                self.stdout.write(f"{etat.demande.eleve}: {ligne}")
                places += ligne.placee
                non_places += not ligne.placee
        self.stdout.write(
            f"Dry run: {places} course sheets would be placed, {non_places} not placed; "
            "nothing was written."
        )
