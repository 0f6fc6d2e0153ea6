"""The pupils' records in the family's data export (extension point "donnees_famille"):
identity, course sheets, published evaluations, final absences, declared absences,
repertoire, and every published document as a file."""

from __future__ import annotations

import os

from eleves.models import (
    Absence,
    AbsenceSignalee,
    DocumentEleve,
    Eleve,
    Evaluation,
    Inscription,
    PieceRepertoire,
)
from imuse.donnees import Fichier, Table, lignes, nom_de_fichier


def _lire(fichier):
    def contenu() -> bytes:
        with fichier.open("rb") as f:
            return f.read()

    return contenu


def donnees(famille) -> list:
    eleves = Eleve.objects.filter(famille=famille)
    fiches = Inscription.objects.filter(eleve__famille=famille)
    documents = list(
        DocumentEleve.objects.filter(eleve__famille=famille, visible_famille=True).select_related(
            "eleve"
        )
    )
    parts = [
        Table("eleves", lignes(eleves, "jeton_ical")),
        Table("fiches_cours", lignes(fiches)),
        Table(
            "evaluations",
            lignes(Evaluation.objects.filter(inscription__in=fiches, publiee=True)),
        ),
        Table("absences", lignes(Absence.objects.filter(inscription__in=fiches, definitive=True))),
        Table("absences_signalees", lignes(AbsenceSignalee.objects.filter(eleve__famille=famille))),
        Table("repertoire", lignes(PieceRepertoire.objects.filter(eleve__famille=famille))),
        Table(
            "documents",
            lignes(DocumentEleve.objects.filter(pk__in=[d.pk for d in documents]), "fichier"),
        ),
    ]
    for document in documents:
        if not document.fichier:
            continue
        nom = document.nom_original or os.path.basename(document.fichier.name)
        chemin = f"documents/{nom_de_fichier(document.eleve.prenom)}/{nom_de_fichier(nom)}"
        parts.append(Fichier(chemin, _lire(document.fichier)))
    return parts
