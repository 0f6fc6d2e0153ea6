"""A pupil's private iCal feed (RFC 5545), written with the `icalendar` package: this
year's weekly courses, the holidays and closures left out (EXDATE), each cancelled
session an overriding VEVENT with STATUS:CANCELLED, each replacement an event of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from eleves import calendrier
from eleves.models import Inscription

FUSEAU = "Europe/Paris"
ZONE = ZoneInfo(FUSEAU)


@functools.cache
def _vtimezone() -> Timezone:
    """Europe/Paris's VTIMEZONE, built once per process: icalendar computes it from the
    zoneinfo rules (1970-2038), most of a feed's time when rebuilt at each request."""
    return Timezone.from_tzid(FUSEAU)


@functools.cache
def _vtimezone_ical() -> bytes:
    """Its lines, serialised once: folding its 50 lines took a fifth of a feed's time."""
    return _vtimezone().to_ical()


def _avec_fuseau(ical: bytes) -> bytes:
    """The feed with Europe/Paris's VTIMEZONE before its first component, as
    `subcomponents.insert(0, ...)` would place it. A line starting "BEGIN:" or
    "END:VCALENDAR" is a component's: property values escape their line breaks and
    folded lines start with a space."""
    for repere in (b"\r\nBEGIN:", b"\r\nEND:VCALENDAR\r\n"):
        i = ical.find(repere, len(b"BEGIN:VCALENDAR"))
        if i >= 0:
            return ical[: i + 2] + _vtimezone_ical() + ical[i + 2 :]
    raise ValueError("not a VCALENDAR")


def _local(jour: dt.date, heure: dt.time) -> dt.datetime:
    return dt.datetime.combine(jour, heure, tzinfo=ZONE)


def _resume(cours) -> str:
    return cours.code if not cours.discipline_id else f"{cours.discipline.nom} — {cours.code}"


def _base(inscription: Inscription, uid: str, debut: dt.datetime, maintenant) -> Event:
    cours = inscription.cours
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", maintenant)
    event.add("dtstart", debut)
    event.add("dtend", debut + cours.duree)
    event.add("summary", _resume(cours))
    if cours.salle_id:
        event.add("location", str(cours.salle))
    if cours.enseignant_id:
        event.add("description", str(cours.enseignant))
    return event


def evenements(inscription: Inscription, fermetures, annulations, domaine: str) -> list[Event]:
    dates = calendrier.occurrences(inscription)
    if not dates:
        return []
    heure = calendrier.heure_de(inscription)
    maintenant = timezone.now().astimezone(dt.UTC)
    uid = f"inscription-{inscription.pk}@{domaine}"
    _, fin_periode = calendrier.periode(inscription)
    serie = _base(inscription, uid, _local(dates[0], heure), maintenant)
    jusqu_a = dt.datetime.combine(fin_periode, dt.time(23, 59, 59), tzinfo=ZONE)
    serie.add("rrule", {"freq": "weekly", "until": jusqu_a.astimezone(dt.UTC)})
    exclues = [_local(d, heure) for d in dates if calendrier.est_ferme(d, fermetures)]
    if exclues:
        serie.add("exdate", exclues)
    resultat = [serie]
    annulees = {a.date: a for a in annulations}
    for jour in dates:
        annulation = annulees.get(jour)
        if annulation is None or calendrier.est_ferme(jour, fermetures):
            continue
        occurrence = _base(inscription, uid, _local(jour, heure), maintenant)
        occurrence.add("recurrence-id", _local(jour, heure))
        occurrence.add("status", "CANCELLED")
        occurrence["summary"] = f"{_resume(inscription.cours)} (annulé)"
        occurrence.add("comment", annulation.motif)
        resultat.append(occurrence)
        if annulation.remplacement_date:
            debut = _local(annulation.remplacement_date, annulation.remplacement_heure or heure)
            remplacement = _base(
                inscription,
                f"remplacement-{annulation.pk}-{inscription.pk}@{domaine}",
                debut,
                maintenant,
            )
            remplacement["summary"] = f"{_resume(inscription.cours)} (séance de remplacement)"
            if annulation.remplacement_salle_id:
                remplacement["location"] = str(annulation.remplacement_salle)
            resultat.append(remplacement)
    return resultat


def calendrier_ical(eleve, lignes: list[tuple[Inscription, list, list]], nom_etablissement: str):
    """The feed as bytes: `lignes` are (sheet, closures of its year, its course's
    cancellations)."""
    # Every time of the feed is Europe/Paris's or UTC's (_local, maintenant): the one
    # VTIMEZONE is spliced in already serialised (tests/eleves/test_ical.py compares).
    return _avec_fuseau(sans_fuseau(eleve, lignes, nom_etablissement).to_ical())


def sans_fuseau(eleve, lignes, nom_etablissement: str) -> Calendar:
    """The feed's calendar, without its VTIMEZONE."""
    domaine = settings.PORTAIL_URL.split("://", 1)[-1].split("/", 1)[0] or "portail"
    cal = Calendar()
    cal.add("prodid", "-//imuse//Portail familles//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{eleve.prenom} {eleve.nom} — {nom_etablissement}")
    cal.add("x-wr-timezone", FUSEAU)
    for inscription, fermetures, annulations in lignes:
        for event in evenements(inscription, fermetures, annulations, domaine):
            cal.add_component(event)
    return cal
