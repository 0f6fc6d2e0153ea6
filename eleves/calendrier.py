"""The real sessions of a weekly course: its weekdays in the sheet's period, less the
holidays and closures of its year, with cancelled sessions marked and their replacements.

Reads only: the feed (eleves/ical.py) and the course sheet use the same computation.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import holidays

FICHIER_VACANCES = Path(__file__).resolve().parent / "donnees" / "vacances_scolaires.json"


@cache
def vacances_officielles() -> dict:
    """The shipped data file (eleves/donnees/vacances_scolaires.json)."""
    return json.loads(FICHIER_VACANCES.read_text(encoding="utf-8"))


def periodes_officielles(libelle_annee: str, zone: str) -> list[tuple[str, dt.date, dt.date]]:
    """School holidays of a year ("2025/2026") in a zone (A, B, C), empty if unknown."""
    annee = vacances_officielles()["annees"].get(libelle_annee)
    if annee is None or zone not in ("A", "B", "C"):
        return []
    return [
        (libelle, dt.date.fromisoformat(debut), dt.date.fromisoformat(fin))
        for libelle, debut, fin in annee["toutes_zones"] + annee[zone]
    ]


def jours_feries(debut: dt.date, fin: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """French public holidays between two dates, and the Ascension bridge (the Friday
    and Saturday after Ascension Day have no school either)."""
    feries = holidays.France(years=range(debut.year, fin.year + 1), language="fr")
    resultat = []
    for jour, nom in sorted(feries.items()):
        if not debut <= jour <= fin:
            continue
        if jour.isoweekday() == 4 and "Ascension" in nom:
            resultat.append(("Pont de l'Ascension", jour, jour + dt.timedelta(days=3)))
        else:
            resultat.append((str(nom), jour, jour))
    return resultat


def premier_jour(debut: dt.date, jour_semaine: int) -> dt.date:
    """The first date on or after `debut` falling on ISO weekday `jour_semaine` (1-7)."""
    return debut + dt.timedelta(days=(jour_semaine - debut.isoweekday()) % 7)


@dataclass(frozen=True)
class Seance:
    date: dt.date
    heure: dt.time
    statut: str  # "prevue", "annulee" or "remplacement"
    motif: str = ""
    salle: str = ""
    annulation: object = None


def periode(inscription) -> tuple[dt.date, dt.date]:
    annee = inscription.cours.annee
    return (
        max(annee.debut, inscription.date_debut or annee.debut),
        min(annee.fin, inscription.date_fin or annee.fin),
    )


def heure_de(inscription) -> dt.time | None:
    return inscription.heure_passage or inscription.cours.heure


def occurrences(inscription) -> list[dt.date]:
    """Every weekday of the course in the sheet's period (before holidays)."""
    cours = inscription.cours
    if not cours.jour or heure_de(inscription) is None:
        return []
    debut, fin = periode(inscription)
    jour = premier_jour(debut, cours.jour)
    dates = []
    while jour <= fin:
        dates.append(jour)
        jour += dt.timedelta(days=7)
    return dates


def est_ferme(jour: dt.date, fermetures) -> object | None:
    return next((f for f in fermetures if f.debut <= jour <= f.fin), None)


def seances(inscription, fermetures, annulations) -> list[Seance]:
    """The sessions of a sheet: planned ones outside closures, cancelled ones marked, and
    each replacement, by date. `fermetures` and `annulations` are rows of its course's
    year and course (lists, fetched once by the caller)."""
    heure = heure_de(inscription)
    debut, fin = periode(inscription)
    par_date = {a.date: a for a in annulations}
    resultat = []
    for jour in occurrences(inscription):
        if est_ferme(jour, fermetures):
            continue
        annulation = par_date.get(jour)
        if annulation is None:
            resultat.append(Seance(jour, heure, "prevue"))
        else:
            resultat.append(Seance(jour, heure, "annulee", annulation.motif, "", annulation))
    for annulation in annulations:
        if annulation.remplacement_date and debut <= annulation.remplacement_date <= fin:
            salle = annulation.remplacement_salle or inscription.cours.salle or ""
            resultat.append(
                Seance(
                    annulation.remplacement_date,
                    annulation.remplacement_heure or heure,
                    "remplacement",
                    annulation.motif,
                    str(salle),
                    annulation,
                )
            )
    return sorted(resultat, key=lambda s: (s.date, s.heure or dt.time()))


def nombre_de_seances(liste: list[Seance]) -> int:
    """Sessions that take place: planned and replacements, not the cancelled ones."""
    return sum(1 for s in liste if s.statut != "annulee")


def agendas(inscriptions) -> dict[int, tuple[list, list]]:
    """Per sheet, (closures of its year, cancellations of its course): two queries."""
    from eleves.models import PeriodeFermeture, SeanceAnnulee

    inscriptions = list(inscriptions)
    fermetures = PeriodeFermeture.objects.filter(
        annee__in={i.cours.annee_id for i in inscriptions}
    ).order_by("debut")
    annulations = SeanceAnnulee.objects.filter(
        cours__in={i.cours_id for i in inscriptions}
    ).select_related("remplacement_salle")
    return par_fiche(inscriptions, fermetures, annulations)


def par_fiche(inscriptions, fermetures, annulations) -> dict[int, tuple[list, list]]:
    """Per sheet, the closures of its year and the cancellations of its course."""
    par_annee: dict[int, list] = {}
    for f in fermetures:
        par_annee.setdefault(f.annee_id, []).append(f)
    par_cours: dict[int, list] = {}
    for a in annulations:
        par_cours.setdefault(a.cours_id, []).append(a)
    return {
        i.pk: (par_annee.get(i.cours.annee_id, []), par_cours.get(i.cours_id, []))
        for i in inscriptions
    }
