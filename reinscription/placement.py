"""Where a validated re-enrolment puts the pupil next year.

Each course sheet the family ticked goes to the class its "Admission classe" names (the
same class when the pupil is not admitted higher): the course of the target year of that
class, in the same discipline, preferring the same teacher, then the same cycle, then
the same group. No course is ever created: what finds no course, or several equally
good ones, is reported (in French) for staff to place by hand.

A course code is "<discipline> <class> [group]", as the manuals show ("FM 2C4 A" is the
class "FM 2C4", group A); an admission may name the whole class ("FM 2C5") or only its
level ("2C5", as imports often carry it).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from eleves.models import Cours, Inscription
from imuse.journal import journaliser


def _normaliser(texte: str) -> list[str]:
    """Tokens without case, accents or extra spaces: "Fm  2c4 a" -> ["fm", "2c4", "a"]."""
    sans_accents = unicodedata.normalize("NFKD", texte or "")
    sans_accents = "".join(c for c in sans_accents if not unicodedata.combining(c))
    return sans_accents.casefold().split()


def _classe(code: str) -> list[str]:
    """The class of a course code: its tokens without a trailing one-letter group."""
    jetons = _normaliser(code)
    if len(jetons) >= 2 and len(jetons[-1]) == 1 and jetons[-1].isalpha():
        return jetons[:-1]
    return jetons


def _groupe(code: str) -> str:
    jetons = _normaliser(code)
    return jetons[-1] if len(jetons) > len(_classe(code)) else ""


def _correspond(cours: Cours, classe: list[str]) -> bool:
    """Whether a course is of that class, named whole or by its end ("2C5")."""
    sienne = _classe(cours.code)
    return sienne == classe or (len(classe) < len(sienne) and sienne[-len(classe) :] == classe)


@dataclass
class LignePlacement:
    """One ticked course sheet and where it went (or why nowhere)."""

    source: Inscription
    classe: str
    fiche: Inscription | None = None
    motif: str = ""

    @property
    def placee(self) -> bool:
        return self.fiche is not None

    def __str__(self) -> str:
        if self.fiche is not None:
            return _("%(avant)s → %(apres)s") % {
                "avant": self.source.cours.code,
                "apres": self.fiche.cours.code,
            }
        return _("%(avant)s not placed: %(motif)s") % {
            "avant": self.source.cours.code,
            "motif": self.motif,
        }


@dataclass
class Placement:
    """What a validation did with each ticked course sheet."""

    lignes: list[LignePlacement] = field(default_factory=list)

    @property
    def fiches(self) -> list[Inscription]:
        return [ligne.fiche for ligne in self.lignes if ligne.fiche is not None]

    @property
    def non_placees(self) -> list[LignePlacement]:
        return [ligne for ligne in self.lignes if ligne.fiche is None]

    def __len__(self) -> int:
        return len(self.fiches)


def _choisir(source: Cours, candidats: list[Cours]) -> list[Cours]:
    """The best candidates: same code, then same teacher, cycle and group."""

    def score(cours: Cours) -> tuple:
        return (
            _normaliser(cours.code) == _normaliser(source.code),
            bool(source.enseignant_id) and cours.enseignant_id == source.enseignant_id,
            bool(source.cycle_id) and cours.cycle_id == source.cycle_id,
            _groupe(cours.code) == _groupe(source.code),
        )

    if not candidats:
        return []
    meilleur = max(score(c) for c in candidats)
    return [c for c in candidats if score(c) == meilleur]


def cours_cible(inscription: Inscription, cours_de_l_annee: list[Cours], annee) -> LignePlacement:
    """Where one course sheet goes among the courses of the target year (no write)."""
    source = inscription.cours
    admission = (inscription.admission_classe or "").strip()
    classe = _normaliser(admission) if admission else _classe(source.code)
    libelle = admission or " ".join(source.code.split()[: len(_classe(source.code))])
    ligne = LignePlacement(source=inscription, classe=libelle)
    if not classe:
        ligne.motif = _("the course code is empty.")
        return ligne
    meme_discipline = [
        c
        for c in cours_de_l_annee
        if c.discipline_id == source.discipline_id and _correspond(c, classe)
    ]
    # A whole class name may name another discipline's class ("FM 2C1" after an
    # initiation course): looked for only when the discipline has none.
    candidats = meme_discipline or [c for c in cours_de_l_annee if _classe(c.code) == classe]
    retenus = _choisir(source, candidats)
    if not retenus:
        ligne.motif = _("no course of the class “%(classe)s” in %(annee)s.") % {
            "classe": libelle,
            "annee": annee,
        }
    elif len(retenus) > 1:
        ligne.motif = _("several courses of the class “%(classe)s” in %(annee)s (%(cours)s).") % {
            "classe": libelle,
            "annee": annee,
            "cours": ", ".join(sorted(c.code for c in retenus)),
        }
    else:
        ligne.fiche = Inscription(cours=retenus[0])
    return ligne


def placement_appliquer(*, demande, par, cours_de_l_annee: list[Cours] | None = None) -> Placement:
    """Create next year's course sheets of a request being validated (called inside
    demande_valider's transaction) and journal what was placed and what was not."""
    annee = demande.campagne.annee
    if cours_de_l_annee is None:
        cours_de_l_annee = list(Cours.objects.filter(annee=annee).order_by("code"))
    placement = Placement()
    for inscription in demande.inscriptions.select_related("cours").order_by("cours__code"):
        ligne = cours_cible(inscription, cours_de_l_annee, annee)
        if ligne.fiche is not None:
            ligne.fiche, _cree = Inscription.objects.get_or_create(
                eleve=demande.eleve,
                cours=ligne.fiche.cours,
                defaults={"date_debut": annee.debut, "date_fin": annee.fin},
            )
        placement.lignes.append(ligne)
    if placement.lignes:
        journaliser(
            demande,
            "reinscription.placement",
            par=par,
            places=[str(ligne) for ligne in placement.lignes if ligne.placee],
            non_places=[str(ligne) for ligne in placement.non_placees],
        )
    return placement
