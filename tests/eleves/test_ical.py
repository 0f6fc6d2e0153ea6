"""The private iCal feed of a pupil (RFC 5545) and the renewal of its secret link."""

import datetime as dt

from eleves.ical import plier
from tests import factories as f


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
    r = client.get(f"/eleves/calendrier/{irina.jeton_ical}.ics")
    assert r.status_code == 200
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    assert r["Cache-Control"] == "private, no-store"
    texte = r.content.decode()
    lignes = texte.split("\r\n")
    assert lignes[0] == "BEGIN:VCALENDAR" and lignes[-2] == "END:VCALENDAR" and lignes[-1] == ""
    assert "\n" not in texte.replace("\r\n", "")
    assert all(len(ligne.encode()) <= 75 for ligne in lignes)
    assert "VERSION:2.0" in lignes and any(ligne.startswith("PRODID:") for ligne in lignes)
    assert lignes.count("BEGIN:VEVENT") == 1 and lignes.count("END:VEVENT") == 1
    assert "TZID:Europe/Paris" in lignes
    # The course: Friday 17:30 for 1h30, from the first Friday of the year to its end.
    assert "DTSTART;TZID=Europe/Paris:20260904T173000" in lignes
    assert "DTEND;TZID=Europe/Paris:20260904T190000" in lignes
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270704T215959Z" in lignes
    assert "SUMMARY:Formation musicale — FM 2C4 A" in lignes
    assert "LOCATION:Fauré (Conservatoire)" in lignes
    assert "DESCRIPTION:ASTAREL Carmen" in lignes
    assert f"UID:inscription-{fiche_irina.pk}@127.0.0.1:8000" in lignes
    assert "ANCIEN" not in texte


def test_text_is_escaped_and_long_lines_folded():
    from eleves.ical import echapper

    assert echapper("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    ligne = "SUMMARY:" + "é" * 80
    plie = plier(ligne)
    morceaux = plie.split("\r\n")
    assert all(len(m.encode()) <= 75 for m in morceaux)
    assert "".join(m[1:] if i else m for i, m in enumerate(morceaux)) == ligne


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
    assert len(six) == len(une) <= 3
