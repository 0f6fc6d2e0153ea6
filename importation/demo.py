"""Demo: sample files of every kind written for the demo school's current year, and the
families file uploaded and previewed, waiting in the admin for the office account
`gestion` to read and confirm."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files import File

from comptes.models import Utilisateur
from importation import echantillons as e
from importation.models import Importation
from importation.services import importation_analyser, importation_creer
from imuse.models import AnneeScolaire


def dossier_exemples() -> Path:
    return Path(settings.PRIVATE_ROOT) / "exemples-import"


def _familles(chemin: Path) -> Path:
    """Two families the demo already has (ABARRE with changes, one of them asked by the
    family and waiting; MARTIN as it is), ten new ones, and a column the portal ignores."""
    lignes = e.lignes_familles(10, premier=3001)
    entetes = next(lignes)

    def rangee(numero, nom, *responsables, observations=""):
        """A row of the file, each value under its header (whatever the columns' order)."""
        valeurs = {"N° famille": numero, "Nom famille": nom, "Observations": observations}
        for rang, champs in enumerate(responsables, start=1):
            for champ, valeur in zip(e.CHAMPS_RESPONSABLE, champs, strict=True):
                valeurs[f"{champ} R{rang}"] = valeur
        return [valeurs.get(entete, "") for entete in [*entetes, "Observations"]]

    jeremie = ["M", "ABARRE", "Jérémie", "19 rue de Paris", "50700", "VALOGNES"]
    jeremie += ["02 33 55 02 40", "06 99 88 77 66", "", "jeremie.abarre@example.org"]
    jeremie += ["Marié(e)", "Apiculteur"]
    sophie = ["Mme", "ABARRE", "Sophie", "19 rue de Paris", "50700", "VALOGNES"]
    sophie += ["02 33 55 02 40", "06 11 22 33 44", "02 33 40 50 60", "sophie.abarre@example.org"]
    sophie += ["Marié(e)", "Professeure des écoles"]
    claire = ["Mme", "MARTIN", "Claire", "4 place du Château", "50700", "VALOGNES", ""]
    claire += ["06 45 67 89 01", "", "claire.martin@example.org", "Célibataire", "Ingénieure"]
    rangees = [
        [*entetes, "Observations"],
        rangee(1001, "ABARRE", jeremie, sophie, observations="Déménagement prévu"),
        rangee(1002, "MARTIN", claire),
    ]
    rangees += [[*ligne, ""] for ligne in lignes]
    return e.ecrire(rangees, chemin)


def ecrire_exemples(annee: str) -> Path:
    dossier = dossier_exemples()
    dossier.mkdir(parents=True, exist_ok=True)
    _familles(dossier / "familles.csv")
    e.ecrire(e.lignes_eleves(14, 10, premier=7001, premiere_famille=3001), dossier / "eleves.xlsx")
    e.ecrire(e.lignes_structure(), dossier / "structure.csv")
    e.ecrire(e.lignes_cours(12, annee), dossier / "cours.xlsx")
    e.ecrire(e.lignes_inscriptions(20, 14, 12, annee, premier=7001), dossier / "inscriptions.csv")
    e.ecrire(
        [
            ["N° famille", "Type", "Date", "Montant", "Libellé", "Mode", "Référence"],
            [3001, "Solde", "31/08/2026", "45,00", "Solde antérieur", "", ""],
            [3002, "Facture", "15/10/2025", "1 234,56", "Cotisation 2025/2026", "", "F-812"],
            [3002, "Règlement", "20/10/2025", "234,56", "", "Chèque", "0012345"],
        ],
        dossier / "soldes.csv",
    )
    return dossier


def charger(ctx) -> list[str]:
    etablissement = ctx.etablissement
    annee = AnneeScolaire.objects.courante(etablissement)
    dossier = ecrire_exemples(annee.libelle if annee else "2026/2027")
    gestion = Utilisateur.objects.filter(etablissement=etablissement, identifiant="gestion").first()
    importation = Importation.objects.filter(
        etablissement=etablissement, nom_original="familles.csv"
    ).first()
    if importation is None:
        with open(dossier / "familles.csv", "rb") as flux:
            importation = importation_creer(
                etablissement=etablissement,
                type_import="familles",
                fichier=File(flux, name="familles.csv"),
                par=gestion,
            )
        importation_analyser(importation=importation, par=gestion)
    return [
        "",
        "Import: a families file waits as a preview for `gestion` at "
        f"/admin/importation/importation/{importation.pk}/change/ ; sample files of every "
        f"kind (for {annee}) are in {dossier}, to upload at /admin/importation/importation/add/.",
    ]
