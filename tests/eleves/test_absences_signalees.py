"""Absences a family reports ahead: the portal form, the course sheet, withdrawal, and
the staff's list of the day and week."""

import datetime as dt

import pytest
from django.utils import timezone

from eleves.models import AbsenceSignalee
from tests import factories as f
from tests.conftest import _client
from tests.eleves.conftest import cours


def _jour(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def deux_fiches(irina, annee, structure, fiche_irina):
    piano = f.InscriptionFactory(eleve=irina, cours=cours(annee, structure, code="PIANO 1C2"))
    return fiche_irina, piano


def test_a_guardian_reports_an_absence_for_all_courses_and_sees_it_on_each_sheet(
    client_r1, irina, deux_fiches
):
    fm, piano = deux_fiches
    page = client_r1.get(f"/eleves/{irina.pk}/absences/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Signaler une absence" in html and 'type="date"' in html
    r = client_r1.post(
        f"/eleves/{irina.pk}/absences/",
        {
            "debut": _jour(3).isoformat(),
            "fin": _jour(5).isoformat(),
            "portee": "tous",
            "motif": "Voyage scolaire",
        },
        follow=True,
    )
    html = r.content.decode()
    assert "L&#x27;absence a été signalée à l&#x27;école" in html
    assert "Voyage scolaire" in html and "Tous les cours" in html
    absence = AbsenceSignalee.objects.get()
    assert (absence.debut, absence.fin, absence.tous_les_cours) == (_jour(3), _jour(5), True)
    assert absence.signalee_par.identifiant == "abarre1"
    for fiche in (fm, piano):
        html = client_r1.get(f"/eleves/{irina.pk}/fiches/{fiche.pk}/").content.decode()
        assert "Voyage scolaire" in html and "signalée par la famille" in html
        assert "pas encore examinée" in html


def test_an_absence_for_chosen_courses_shows_only_on_their_sheets(client_r1, irina, deux_fiches):
    fm, piano = deux_fiches
    r = client_r1.post(
        f"/eleves/{irina.pk}/absences/",
        {
            "debut": _jour(2).isoformat(),
            "portee": "certains",
            "inscriptions": [piano.pk],
            "motif": "Rendez-vous médical",
        },
    )
    assert r.status_code == 302
    absence = AbsenceSignalee.objects.get()
    assert absence.fin == absence.debut == _jour(2)
    assert (
        "Rendez-vous médical"
        in client_r1.get(f"/eleves/{irina.pk}/fiches/{piano.pk}/").content.decode()
    )
    assert (
        "Rendez-vous médical"
        not in client_r1.get(f"/eleves/{irina.pk}/fiches/{fm.pk}/").content.decode()
    )


def test_bad_input_is_explained_next_to_the_field_and_kept(client_r1, irina, deux_fiches):
    r = client_r1.post(
        f"/eleves/{irina.pk}/absences/",
        {
            "debut": _jour(-1).isoformat(),
            "fin": _jour(-3).isoformat(),
            "portee": "certains",
            "motif": "Trop tard",
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "choisissez aujourd&#x27;hui ou une date ultérieure" in html
    assert "Le dernier jour doit être le premier jour ou après." in html
    assert "Cochez au moins un cours" in html
    assert 'id="resume-erreurs"' in html and 'value="Trop tard"' in html
    assert not AbsenceSignalee.objects.exists()


def test_the_family_withdraws_a_future_absence_but_not_a_past_one(client_r1, irina, responsable1):
    future = AbsenceSignalee.objects.create(
        eleve=irina, debut=_jour(1), fin=_jour(1), motif="Concert"
    )
    passee = AbsenceSignalee.objects.create(
        eleve=irina, debut=_jour(-2), fin=_jour(-2), motif="Grippe"
    )
    html = client_r1.get(f"/eleves/{irina.pk}/absences/").content.decode()
    assert f"/eleves/{irina.pk}/absences/{future.pk}/retirer/" in html
    assert f"/eleves/{irina.pk}/absences/{passee.pk}/retirer/" not in html
    r = client_r1.post(f"/eleves/{irina.pk}/absences/{future.pk}/retirer/", follow=True)
    assert "L&#x27;absence signalée a été retirée." in r.content.decode()
    future.refresh_from_db()
    assert future.statut == AbsenceSignalee.Statut.RETIREE
    r = client_r1.post(f"/eleves/{irina.pk}/absences/{passee.pk}/retirer/", follow=True)
    assert "ne peut plus être retirée" in r.content.decode()
    passee.refresh_from_db()
    assert passee.statut == AbsenceSignalee.Statut.SIGNALEE
    assert client_r1.get(f"/eleves/{irina.pk}/absences/{future.pk}/retirer/").status_code == 405


def test_another_familys_pupil_and_absence_answer_404(client_autre, irina):
    absence = AbsenceSignalee.objects.create(
        eleve=irina, debut=_jour(1), fin=_jour(1), motif="Concert"
    )
    assert client_autre.get(f"/eleves/{irina.pk}/absences/").status_code == 404
    assert (
        client_autre.post(
            f"/eleves/{irina.pk}/absences/",
            {"debut": _jour(1).isoformat(), "portee": "tous", "motif": "x"},
        ).status_code
        == 404
    )
    assert (
        client_autre.post(f"/eleves/{irina.pk}/absences/{absence.pk}/retirer/").status_code == 404
    )
    absence.refresh_from_db()
    assert absence.statut == AbsenceSignalee.Statut.SIGNALEE


def test_a_course_of_another_pupil_cannot_be_chosen(client_r1, irina, hugo, annee, structure):
    fiche_hugo = f.InscriptionFactory(eleve=hugo, cours=cours(annee, structure, code="GUIT"))
    r = client_r1.post(
        f"/eleves/{irina.pk}/absences/",
        {
            "debut": _jour(1).isoformat(),
            "portee": "certains",
            "inscriptions": [fiche_hugo.pk],
            "motif": "x",
        },
    )
    assert r.status_code == 400
    assert not AbsenceSignalee.objects.exists()


def test_the_page_runs_few_queries_whatever_the_number_of_absences(client_r1, irina, deux_fiches):
    from tests.eleves.test_fiche import nombre_requetes

    url = f"/eleves/{irina.pk}/absences/"
    client_r1.get(url)
    premiere = AbsenceSignalee.objects.create(
        eleve=irina, debut=_jour(1), fin=_jour(1), motif="a", tous_les_cours=False
    )
    premiere.inscriptions.set(deux_fiches[:1])
    une = nombre_requetes(client_r1, url)
    for n in range(8):
        absence = AbsenceSignalee.objects.create(
            eleve=irina,
            debut=_jour(n + 2),
            fin=_jour(n + 2),
            motif=f"m{n}",
            tous_les_cours=False,
        )
        absence.inscriptions.set(deux_fiches)
    assert nombre_requetes(client_r1, url) == une <= 15


def test_staff_see_the_day_and_week_and_mark_absences_justified(
    client_staff, staff_autre, irina, autre_eleve
):
    aujourd_hui = AbsenceSignalee.objects.create(
        eleve=irina, debut=_jour(0), fin=_jour(0), motif="Malade"
    )
    lointaine = AbsenceSignalee.objects.create(
        eleve=autre_eleve, debut=_jour(30), fin=_jour(31), motif="Vacances en famille"
    )
    url = "/admin/eleves/absencesignalee/"
    html = client_staff.get(url + "?periode=jour").content.decode()
    assert "Malade" in html and "Vacances en famille" not in html
    html = client_staff.get(url + "?periode=semaine").content.decode()
    assert "Malade" in html and "Vacances en famille" not in html
    assert "Vacances en famille" in client_staff.get(url + "?periode=avenir").content.decode()
    r = client_staff.post(
        url, {"action": "justifier", "_selected_action": [aujourd_hui.pk]}, follow=True
    )
    assert "1 absence mise à jour." in r.content.decode()
    aujourd_hui.refresh_from_db()
    assert aujourd_hui.statut == AbsenceSignalee.Statut.JUSTIFIEE
    client_staff.post(url, {"action": "ne_pas_justifier", "_selected_action": [lointaine.pk]})
    lointaine.refresh_from_db()
    assert lointaine.statut == AbsenceSignalee.Statut.NON_JUSTIFIEE
    autre = _client(staff_autre)
    assert "Malade" not in autre.get(url).content.decode()
    assert autre.get(f"{url}{aujourd_hui.pk}/change/").status_code == 302


def test_the_family_sees_the_staffs_decision_on_the_course_sheet(
    client_r1, irina, fiche_irina, staff
):
    from eleves.services import absence_statuer

    absence = AbsenceSignalee.objects.create(
        eleve=irina, debut=_jour(1), fin=_jour(1), motif="Audition au conservatoire"
    )
    absence_statuer(absence=absence, justifiee=True, par=staff)
    html = client_r1.get(f"/eleves/{irina.pk}/fiches/{fiche_irina.pk}/").content.decode()
    assert "Audition au conservatoire" in html and "pas encore examinée" not in html
