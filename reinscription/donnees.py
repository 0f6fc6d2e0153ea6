"""Re-enrolment requests and their supporting documents in the family's data export."""

from __future__ import annotations

from imuse.donnees import Fichier, Table, lignes, nom_de_fichier
from reinscription.models import DemandeReinscription, PieceJointe


def _lire(fichier):
    def contenu() -> bytes:
        with fichier.open("rb") as f:
            return f.read()

    return contenu


def donnees(famille) -> list:
    pieces = list(PieceJointe.objects.filter(famille=famille))
    parts = [
        Table(
            "reinscriptions",
            lignes(DemandeReinscription.objects.filter(eleve__famille=famille)),
        ),
        Table(
            "pieces_justificatives", lignes(PieceJointe.objects.filter(famille=famille), "fichier")
        ),
    ]
    for piece in pieces:
        if piece.fichier:
            chemin = f"pieces/{piece.pk}-{nom_de_fichier(piece.nom_original)}"
            parts.append(Fichier(chemin, _lire(piece.fichier)))
    return parts
