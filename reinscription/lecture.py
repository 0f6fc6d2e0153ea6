"""Reads the portal pages share: the open campaign, the documents a pupil must provide."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from imuse.portail import ABSENT, lu_avec_le_compte
from imuse.requetes import ID, ID2, ID3, JOUR, RequeteFigee
from reinscription.models import Campagne, DemandeReinscription, PieceAFournir, PieceJointe


def campagne_ouverte(request) -> Campagne | None:
    """The open campaign of the family's site (computed once by the portal object)."""
    return request.portail.campagne


# On most portal pages: compiled once (imuse/requetes.py); today is a parameter.
_CAMPAGNE = RequeteFigee(
    lambda etablissement_id, jour: (
        Campagne.objects.ouvertes(etablissement_id, jour)
        .select_related("annee")
        .order_by("cloture", "pk")[:1]
    ),
    ID,
    JOUR,
)


def campagne_du_portail(portail) -> Campagne | None:
    """PORTAIL_FOURNISSEURS["campagne"]: the campaign open now on the family's site."""
    if _id_du_compte(portail) is None:
        return None
    return _CAMPAGNE.premier(portail.etablissement.pk, timezone.localdate())


def campagne_du_compte(jour):
    """settings.COMPTES_ANNOTE_AVEC: the id of the campaign open on `jour` on the
    account's site, read with the account (None when there is none)."""
    ouvertes = Campagne.objects.ouvertes(OuterRef("etablissement_id"), jour)
    return {"campagne_ouverte_id": Subquery(ouvertes.order_by("cloture", "pk").values("pk")[:1])}


def _id_du_compte(portail):
    """The open campaign's id read with the account (None: none open), or ABSENT."""
    lu = lu_avec_le_compte(portail, "campagne_ouverte_id")
    return lu if lu is ABSENT else lu[0]


def campagne_est_ouverte(request) -> bool:
    """Whether a campaign is open to the family now, without loading it when the account
    said so (the pupil's tabs of every page ask only this)."""
    cle = _id_du_compte(request.portail)
    return campagne_ouverte(request) is not None if cle is ABSENT else cle is not None


# The Réinscription tab's reads, compiled once (imuse/requetes.py).
_PIECES = RequeteFigee(
    lambda campagne_id: PieceAFournir.objects.filter(campagne=campagne_id).select_related(
        "type_piece", "discipline", "departement"
    ),
    ID,
)
_FICHIERS = RequeteFigee(
    lambda eleve_id, campagne_id, famille_id: PieceJointe.objects.filter(
        Q(eleve__isnull=True) | Q(eleve=eleve_id),
        piece__campagne=campagne_id,
        famille_id=famille_id,
    ),
    ID,
    ID2,
    ID3,
)


@dataclass
class LignePiece:
    """A row of "Pièces à fournir": the document asked and the file given, if any."""

    piece: PieceAFournir
    fichier: PieceJointe | None

    @property
    def etat(self) -> str:
        return self.fichier.etat if self.fichier else PieceJointe.Etat.A_FOURNIR

    @property
    def etat_libelle(self) -> str:
        return self.fichier.get_etat_display() if self.fichier else PieceJointe.Etat.A_FOURNIR.label


def cours_coches(demande: DemandeReinscription | None) -> set[int]:
    """The pks of the course sheets `demande` ticks (its `inscriptions_cochees` when read
    with them, as the portal's tab does)."""
    return set() if demande is None else demande.coches()


def pieces_de(
    campagne: Campagne, eleve, demande: DemandeReinscription | None, inscriptions: list
) -> tuple[list[LignePiece], list[LignePiece]]:
    """The family's and the pupil's rows. A document restricted to a discipline or a
    department concerns the pupil when a course ticked (or, nothing ticked yet, a current
    course) is of it."""
    ticks = cours_coches(demande)
    retenues = [i for i in inscriptions if i.pk in ticks] or inscriptions
    disciplines = {i.cours.discipline_id for i in retenues}
    departements = {i.cours.discipline.departement_id for i in retenues}
    pieces = [p for p in _PIECES.lister(campagne.pk) if p.concerne(disciplines, departements)]
    fichiers = _FICHIERS.lister(eleve.pk, campagne.pk, eleve.famille_id)
    par_piece = {f.piece_id: f for f in fichiers}
    famille = [LignePiece(p, par_piece.get(p.pk)) for p in pieces if p.portee == p.Portee.FAMILLE]
    propres = [LignePiece(p, par_piece.get(p.pk)) for p in pieces if p.portee == p.Portee.ELEVE]
    return famille, propres
