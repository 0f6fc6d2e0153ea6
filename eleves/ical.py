"""A pupil's private iCal feed (RFC 5545): this year's weekly courses, written by hand."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from eleves.models import Inscription

FUSEAU = "Europe/Paris"
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{FUSEAU}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def echapper(texte: str) -> str:
    return (
        str(texte)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def plier(ligne: str) -> str:
    """Fold a content line at 75 octets without cutting a UTF-8 character."""
    morceaux, courant, taille = [], "", 0
    for caractere in ligne:
        octets = len(caractere.encode())
        limite = 75 if not morceaux else 74
        if taille + octets > limite:
            morceaux.append(courant)
            courant, taille = "", 0
        courant += caractere
        taille += octets
    morceaux.append(courant)
    return "\r\n ".join(morceaux)


def _local(jour: dt.date, heure: dt.time) -> str:
    return dt.datetime.combine(jour, heure).strftime("%Y%m%dT%H%M%S")


def premier_jour(debut: dt.date, jour_semaine: int) -> dt.date:
    """The first date on or after `debut` falling on ISO weekday `jour_semaine` (1-7)."""
    return debut + dt.timedelta(days=(jour_semaine - debut.isoweekday()) % 7)


def evenements(inscriptions: list[Inscription], domaine: str) -> list[str]:
    lignes = []
    maintenant = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for inscription in inscriptions:
        cours = inscription.cours
        heure = inscription.heure_passage or cours.heure
        if not cours.jour or heure is None:
            continue
        annee = cours.annee
        debut_periode = max(annee.debut, inscription.date_debut or annee.debut)
        fin_periode = min(annee.fin, inscription.date_fin or annee.fin)
        premier = premier_jour(debut_periode, cours.jour)
        if premier > fin_periode:
            continue
        debut = dt.datetime.combine(premier, heure)
        fin = debut + cours.duree
        jusqu_a = (
            dt.datetime.combine(fin_periode, dt.time(23, 59, 59), tzinfo=ZoneInfo(FUSEAU))
            .astimezone(dt.UTC)
            .strftime("%Y%m%dT%H%M%SZ")
        )
        resume = cours.code if not cours.discipline_id else f"{cours.discipline.nom} — {cours.code}"
        lignes += [
            "BEGIN:VEVENT",
            f"UID:inscription-{inscription.pk}@{domaine}",
            f"DTSTAMP:{maintenant}",
            f"DTSTART;TZID={FUSEAU}:{_local(debut.date(), debut.time())}",
            f"DTEND;TZID={FUSEAU}:{_local(fin.date(), fin.time())}",
            f"RRULE:FREQ=WEEKLY;UNTIL={jusqu_a}",
            f"SUMMARY:{echapper(resume)}",
        ]
        if cours.salle_id:
            lignes.append(f"LOCATION:{echapper(cours.salle)}")
        if cours.enseignant_id:
            lignes.append(f"DESCRIPTION:{echapper(cours.enseignant)}")
        lignes.append("END:VEVENT")
    return lignes


def calendrier(eleve, inscriptions: list[Inscription], nom_etablissement: str) -> str:
    domaine = settings.PORTAIL_URL.split("://", 1)[-1].split("/", 1)[0] or "portail"
    lignes = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//imuse//Portail familles//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{echapper(f'{eleve.prenom} {eleve.nom} — {nom_etablissement}')}",
        f"X-WR-TIMEZONE:{FUSEAU}",
        *VTIMEZONE,
        *evenements(inscriptions, domaine),
        "END:VCALENDAR",
    ]
    return "".join(plier(ligne) + "\r\n" for ligne in lignes)
