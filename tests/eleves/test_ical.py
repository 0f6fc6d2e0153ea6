"""The private iCal feed of a pupil (RFC 5545) and the renewal of its secret link."""

import datetime as dt
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from tests import factories as f


def _feed(client, eleve):
    r = client.get(f"/eleves/calendrier/{eleve.jeton_ical}.ics")
    assert r.status_code == 200
    return r, Calendar.from_ical(r.content)


def test_the_feed_needs_no_login_and_lists_this_years_weekly_courses(
    client, irina, fiche_irina, etablissement, structure
):
    ancienne = f.AnneeScolaireFactory(
        etablissement=etablissement,
        debut=dt.date(2025, 9, 1),
        fin=dt.date(2026, 7, 4),
        courante=False,
    )
    f.InscriptionFactory(
        eleve=irina, cours=f.CoursFactory(annee=ancienne, code="ANCIEN", **structure)
    )
    r, cal = _feed(client, irina)
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    assert r["Cache-Control"] == "private, no-store"
    texte = r.content.decode()
    lignes = texte.split("\r\n")
    assert lignes[0] == "BEGIN:VCALENDAR" and lignes[-2] == "END:VCALENDAR" and lignes[-1] == ""
    assert all(len(ligne.encode()) <= 75 for ligne in lignes)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    # The time zone is described in the feed itself.
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    (event,) = cal.walk("VEVENT")
    # The course: Friday 17:30 for 1h30, from the first Friday of the year to its end.
    debut = event.decoded("DTSTART")
    assert debut == dt.datetime(2026, 9, 4, 17, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert event.decoded("DTEND") - debut == dt.timedelta(hours=1, minutes=30)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["UNTIL"][0] == dt.datetime(2027, 7, 4, 21, 59, 59, tzinfo=dt.UTC)
    assert str(event["SUMMARY"]) == "Formation musicale — FM 2C4 A"
    assert str(event["LOCATION"]) == "Fauré (Conservatoire)"
    assert str(event["DESCRIPTION"]) == "ASTAREL Carmen"
    assert str(event["UID"]) == f"inscription-{fiche_irina.pk}@127.0.0.1:8000"
    assert "ANCIEN" not in texte


def _seances(cal, debut=dt.date(2026, 9, 1), fin=dt.date(2027, 7, 5)):
    return recurring_ical_events.of(cal).between(debut, fin)


def test_holidays_and_public_holidays_are_left_out_of_the_feed(
    client, irina, fiche_irina, etablissement, annee
):
    from eleves.services import vacances_charger

    etablissement.zone_vacances = "B"
    etablissement.save()
    _, cal = _feed(client, irina)
    toutes = [e.decoded("DTSTART").date() for e in _seances(cal)]
    assert len(toutes) == 44  # every Friday from 4 September 2026 to 2 July 2027
    assert vacances_charger(annee=annee) > 0
    _, cal = _feed(client, irina)
    (event,) = cal.walk("VEVENT")
    assert "EXDATE" in event
    dates = [e.decoded("DTSTART").date() for e in _seances(cal)]
    # Zone B: Toussaint 17/10-01/11/2026, Noël 19/12-03/01, hiver 20/02-07/03/2027,
    # printemps 17/04-02/05/2027; Pont de l'Ascension (Friday 07/05/2027).
    for ferme in [
        "2026-10-23",
        "2026-10-30",
        "2026-12-25",
        "2027-01-01",
        "2027-02-26",
        "2027-03-05",
        "2027-04-23",
        "2027-04-30",
        "2027-05-07",
    ]:
        assert dt.date.fromisoformat(ferme) not in dates
    assert dt.date(2026, 10, 16) in dates and dt.date(2026, 11, 6) in dates
    assert dt.date(2027, 2, 19) in dates and dt.date(2027, 3, 12) in dates
    assert len(dates) == 44 - 8 - 1  # 8 Fridays in holidays, 1 in the Ascension bridge


def test_a_cancelled_session_is_marked_and_its_replacement_added(client, irina, fiche_irina, staff):
    from eleves.services import seance_annuler

    seance_annuler(
        cours=fiche_irina.cours,
        date=dt.date(2026, 11, 13),
        motif="Professeur absent",
        remplacement_date=dt.date(2026, 11, 18),
        remplacement_heure=dt.time(14, 0),
        par=staff,
    )
    _, cal = _feed(client, irina)
    annulees = [e for e in cal.walk("VEVENT") if e.get("STATUS") == "CANCELLED"]
    assert len(annulees) == 1
    assert annulees[0].decoded("RECURRENCE-ID") == dt.datetime(
        2026, 11, 13, 17, 30, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert str(annulees[0]["UID"]) == f"inscription-{fiche_irina.pk}@127.0.0.1:8000"
    seances = _seances(cal, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    par_jour = {e.decoded("DTSTART").date(): e for e in seances}
    # recurring-ical-events puts the overriding VEVENT in place of that Friday.
    assert par_jour[dt.date(2026, 11, 13)].get("STATUS") == "CANCELLED"
    assert par_jour[dt.date(2026, 11, 20)].get("STATUS") is None
    remplacement = par_jour[dt.date(2026, 11, 18)]
    assert remplacement.decoded("DTSTART").time() == dt.time(14, 0)
    assert "remplacement" in str(remplacement["SUMMARY"])


def test_renewing_the_link_voids_the_old_one(client, client_r1, irina, fiche_irina):
    ancien = irina.jeton_ical
    r = client_r1.get(f"/eleves/{irina.pk}/cours/")
    assert f"/eleves/calendrier/{ancien}.ics" in r.content.decode()
    r = client_r1.post(f"/eleves/{irina.pk}/calendrier/renouveler/", follow=True)
    html = r.content.decode()
    assert "Le lien du calendrier a été renouvelé" in html
    irina.refresh_from_db()
    assert irina.jeton_ical != ancien
    assert f"/eleves/calendrier/{irina.jeton_ical}.ics" in html
    assert client.get(f"/eleves/calendrier/{ancien}.ics").status_code == 404
    assert client.get(f"/eleves/calendrier/{irina.jeton_ical}.ics").status_code == 200


def test_renewal_is_a_post_only(client_r1, irina):
    assert client_r1.get(f"/eleves/{irina.pk}/calendrier/renouveler/").status_code == 405


def test_an_unknown_or_other_familys_token_answers_404(client, client_autre, irina, autre_eleve):
    assert client.get("/eleves/calendrier/pas-un-jeton.ics").status_code == 404
    # Logged in as another family changes nothing: only the secret opens the feed.
    assert client_autre.get(f"/eleves/calendrier/{autre_eleve.jeton_ical}x.ics").status_code == 404
    assert client_autre.post(f"/eleves/{irina.pk}/calendrier/renouveler/").status_code == 404


def test_the_feed_runs_the_same_few_queries_for_one_course_or_many(
    client, irina, fiche_irina, annee, structure
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/eleves/calendrier/{irina.jeton_ical}.ics"
    with CaptureQueriesContext(connection) as une:
        assert client.get(url).status_code == 200
    for _ in range(5):
        f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, **structure))
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).content.decode().count("BEGIN:VEVENT") == 6
    assert len(six) == len(une) <= 5


def test_the_time_zone_is_described_once_before_the_events_and_built_once(
    client, irina, fiche_irina, monkeypatch
):
    from icalendar import Timezone

    _r, cal = _feed(client, irina)
    assert [c.name for c in cal.subcomponents][:2] == ["VTIMEZONE", "VEVENT"]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]

    def refuse(*args, **kwargs):
        raise AssertionError("the VTIMEZONE is built again")

    monkeypatch.setattr(Timezone, "from_tzid", refuse)
    monkeypatch.setattr(Timezone, "from_tzinfo", refuse)
    _r2, cal2 = _feed(client, irina)
    assert cal2.walk("VTIMEZONE")[0].to_ical() == cal.walk("VTIMEZONE")[0].to_ical()


def test_only_the_pupils_own_courses_bring_their_cancellations(
    client, irina, fiche_irina, autre_eleve, annee, structure, staff
):
    from eleves.services import seance_annuler

    # A course of the same year Irina does not follow, followed by another family's pupil.
    autre_cours = f.CoursFactory(annee=annee, code="AUTRE", **structure)
    f.InscriptionFactory(eleve=autre_eleve, cours=autre_cours)
    seance_annuler(cours=autre_cours, date=dt.date(2026, 11, 13), motif="Salle inondée", par=staff)
    r, cal = _feed(client, irina)
    assert "Salle inondée" not in r.content.decode()
    assert [e for e in cal.walk("VEVENT") if e.get("STATUS") == "CANCELLED"] == []
    r = client.get(f"/eleves/calendrier/{'x' * 300}.ics")
    assert r.status_code == 404


def test_the_spliced_time_zone_gives_the_bytes_icalendar_itself_writes(
    irina, fiche_irina, staff, autre_eleve
):
    """The VTIMEZONE is serialised once and spliced in: byte for byte what inserting the
    component and asking icalendar for the missing zones gives, with and without events."""
    from eleves import ical
    from eleves.lecture_portail import agenda
    from eleves.services import seance_annuler

    seance_annuler(
        cours=fiche_irina.cours,
        date=dt.date(2026, 11, 13),
        motif="Professeur absent\r\nBEGIN:VEVENT",
        remplacement_date=dt.date(2026, 11, 18),
        par=staff,
    )
    avec = [(fiche_irina, *agenda(fiche_irina))]
    for eleve, lignes in ((irina, avec), (autre_eleve, [])):
        cal = ical.sans_fuseau(eleve, lignes, "École de musique")
        obtenu = ical._avec_fuseau(cal.to_ical())
        cal.subcomponents.insert(0, ical._vtimezone())
        cal.add_missing_timezones()
        assert obtenu == cal.to_ical()
        assert (b"STATUS:CANCELLED" in obtenu) is bool(lignes)
        assert [tz["TZID"] for tz in Calendar.from_ical(obtenu).walk("VTIMEZONE")] == [
            "Europe/Paris"
        ]
