"""Holidays loaded per school year, cancelled sessions and their replacement: the course
sheet, the families told, the admin."""

import datetime as dt

import pytest
from django.core import mail

from eleves.models import PeriodeFermeture, SeanceAnnulee
from eleves.services import AgendaErreur, seance_annuler, vacances_charger
from tests import factories as f
from tests.conftest import _client


def test_the_official_holidays_of_the_schools_zone_are_loaded_from_the_data_file(
    etablissement, annee
):
    assert vacances_charger(annee=annee) > 0
    # No zone: only public holidays.
    assert set(PeriodeFermeture.objects.values_list("origine", flat=True)) == {"ferie"}
    etablissement.zone_vacances = "A"
    etablissement.save()
    vacances_charger(annee=annee)
    hiver = PeriodeFermeture.objects.get(annee=annee, libelle="Vacances d'hiver")
    assert (hiver.debut, hiver.fin) == (dt.date(2027, 2, 13), dt.date(2027, 2, 28))
    assert PeriodeFermeture.objects.filter(libelle="Pont de l'Ascension").count() == 1
    # Reloading replaces the official periods and keeps the school's own closures.
    PeriodeFermeture.objects.create(
        annee=annee, libelle="Travaux", debut=dt.date(2027, 6, 1), fin=dt.date(2027, 6, 5)
    )
    n = PeriodeFermeture.objects.count()
    vacances_charger(annee=annee)
    assert PeriodeFermeture.objects.count() == n
    assert PeriodeFermeture.objects.filter(libelle="Travaux").exists()


def test_every_year_from_2021_to_2028_has_its_holidays_in_each_zone():
    from eleves.calendrier import periodes_officielles

    for an in range(2021, 2028):
        for zone in "ABC":
            libelles = {p[0] for p in periodes_officielles(f"{an}/{an + 1}", zone)}
            assert libelles == {
                "Vacances de la Toussaint",
                "Vacances de Noël",
                "Vacances d'hiver",
                "Vacances de printemps",
            }, (an, zone)
            for _, debut, fin in periodes_officielles(f"{an}/{an + 1}", zone):
                assert debut.isoweekday() == 6 and fin >= debut  # from a Saturday


def test_the_course_sheet_counts_the_real_sessions(
    client_r1, irina, fiche_irina, etablissement, annee, staff
):
    url = f"/eleves/{irina.pk}/fiches/{fiche_irina.pk}/"
    assert "44 séances" in client_r1.get(url).content.decode()
    etablissement.zone_vacances = "B"
    etablissement.save()
    vacances_charger(annee=annee)
    assert "35 séances" in client_r1.get(url).content.decode()
    seance_annuler(
        cours=fiche_irina.cours, date=dt.date(2026, 12, 4), motif="Salle fermée", par=staff
    )
    html = client_r1.get(url).content.decode()
    assert "34 séances" in html and "Salle fermée" in html and "Aucune prévue" in html
    annulation = SeanceAnnulee.objects.get()
    from eleves.services import seance_remplacer

    seance_remplacer(
        annulation=annulation,
        remplacement_date=dt.date(2026, 12, 9),
        remplacement_heure=dt.time(15, 0),
        par=staff,
    )
    html = client_r1.get(url).content.decode()
    assert "35 séances" in html and "09/12/2026 15:00" in html


def test_cancelling_a_session_tells_every_family_of_the_course(
    irina,
    fiche_irina,
    responsable1,
    responsable2,
    autre_eleve,
    autre_responsable,
    staff,
    django_capture_on_commit_callbacks,
):
    autre_responsable.email = "torre@example.org"
    autre_responsable.save()
    f.InscriptionFactory(eleve=autre_eleve, cours=fiche_irina.cours)
    with django_capture_on_commit_callbacks(execute=True):
        seance_annuler(
            cours=fiche_irina.cours,
            date=dt.date(2026, 11, 20),
            motif="Professeur absent",
            remplacement_date=dt.date(2026, 11, 25),
            remplacement_heure=dt.time(14, 0),
            par=staff,
        )
    destinataires = sorted(m.to[0] for m in mail.outbox)
    assert destinataires == ["jeremie@example.org", "sophie@example.org", "torre@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Cours FM 2C4 A du 20/11/2026 annulé"
    assert "n'aura pas lieu (Professeur absent)" in message.body
    assert "Une séance de remplacement est prévue le 25/11/2026 14:00." in message.body
    assert "Professeur absent" in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("jour", "message"),
    [
        (dt.date(2026, 11, 19), "Le cours a lieu le vendredi"),
        (dt.date(2027, 9, 3), "en dehors de l'année scolaire"),
    ],
)
def test_a_session_that_does_not_exist_cannot_be_cancelled(fiche_irina, staff, jour, message):
    with pytest.raises(AgendaErreur, match=message):
        seance_annuler(cours=fiche_irina.cours, date=jour, motif="x", par=staff)


def test_a_holiday_cannot_be_cancelled(fiche_irina, etablissement, annee, staff):
    etablissement.zone_vacances = "B"
    etablissement.save()
    vacances_charger(annee=annee)
    with pytest.raises(AgendaErreur, match="vacances"):
        seance_annuler(cours=fiche_irina.cours, date=dt.date(2026, 10, 23), motif="x", par=staff)


def test_staff_cancel_a_session_in_the_admin_and_other_schools_see_nothing(
    client_staff, staff_autre, fiche_irina, django_capture_on_commit_callbacks
):
    url = "/admin/eleves/seanceannulee/add/"
    assert client_staff.get(url).status_code == 200
    donnees = {"cours": fiche_irina.cours.pk, "date": "19/11/2026", "motif": "Grève"}
    r = client_staff.post(url, donnees)
    assert r.status_code == 200
    assert "Le cours a lieu le vendredi" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client_staff.post(url, donnees | {"date": "20/11/2026"})
    assert r.status_code == 302
    annulation = SeanceAnnulee.objects.get()
    assert annulation.annulee_par.identifiant == "gestion"
    from imuse.journal import journal_de

    assert journal_de(annulation).get().action == "seance.annuler"
    autre = _client(staff_autre)
    assert "Grève" not in autre.get("/admin/eleves/seanceannulee/").content.decode()
    assert autre.get(f"/admin/eleves/seanceannulee/{annulation.pk}/change/").status_code == 302
    # Replacement set later, from the change page.
    r = client_staff.post(
        f"/admin/eleves/seanceannulee/{annulation.pk}/change/",
        {"remplacement_date": "25/11/2026", "remplacement_heure": "14:00"},
    )
    assert r.status_code == 302
    annulation.refresh_from_db()
    assert annulation.remplacement_date == dt.date(2026, 11, 25)
