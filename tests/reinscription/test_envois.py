"""Telling every family of a school that a campaign opens, or closes in 7 days: a
background task with progress and a report, started once."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from famille.services import preferences_enregistrer, rebond_enregistrer
from reinscription.envois import EnvoiErreur, campagnes_notifier, envoi_lancer
from reinscription.models import Campagne, EnvoiCampagne
from tests import factories as f
from tests.conftest import _client


@pytest.fixture
def familles(
    etablissement, famille, responsable1, responsable2, irina, autre_eleve, autre_responsable
):
    """Three families with a pupil: ABARRE (two guardians), TORRE (no e-mail), and a
    third whose only guardian turned campaign e-mails off."""
    troisieme = f.FamilleFactory(etablissement=etablissement, nom="MARTIN", numero=3001)
    f.EleveFactory(famille=troisieme)
    r = f.ResponsableFactory(
        famille=troisieme,
        email="martin@example.org",
        utilisateur=f.UtilisateurFactory(etablissement=etablissement, identifiant="martin"),
    )
    preferences_enregistrer(responsable=r, types_refuses=["campagne"], langue="fr", par=None)
    autre_responsable.email = ""
    autre_responsable.save()
    f.FamilleFactory(etablissement=etablissement, nom="SANSELEVE", numero=4001)
    return [famille, troisieme]


def test_the_daily_run_announces_an_opened_campaign_once(
    campagne, familles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (envoi,) = campagnes_notifier()
    envoi.refresh_from_db()
    assert envoi.statut == EnvoiCampagne.Statut.TERMINE
    assert (envoi.total, envoi.traitees, envoi.messages, envoi.sans_adresse) == (3, 3, 2, 2)
    assert envoi.progression == 100
    assert sorted(m.to[0] for m in mail.outbox) == ["jeremie@example.org", "sophie@example.org"]
    assert mail.outbox[0].subject.startswith("Les réinscriptions pour 2027/2028 sont ouvertes")
    campagne.refresh_from_db()
    assert campagne.ouverture_notifiee_le is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert campagnes_notifier() == []
    assert mail.outbox == []
    with pytest.raises(EnvoiErreur):
        envoi_lancer(campagne=campagne, nature="ouverture", par=None)


def test_the_closing_reminder_goes_7_days_before_and_not_the_day_of_the_opening(
    campagne, familles, django_capture_on_commit_callbacks
):
    Campagne.objects.filter(pk=campagne.pk).update(
        cloture=timezone.localdate() + dt.timedelta(days=6)
    )
    with django_capture_on_commit_callbacks(execute=True):
        lances = campagnes_notifier()
    assert [e.nature for e in lances] == ["ouverture"]
    Campagne.objects.filter(pk=campagne.pk).update(
        ouverture_notifiee_le=timezone.now() - dt.timedelta(days=2)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (rappel,) = campagnes_notifier()
        assert campagnes_notifier() == []
    assert rappel.nature == "cloture"
    assert mail.outbox[0].subject.startswith("Les réinscriptions ferment le")
    assert len(mail.outbox) == 2


def test_a_bounced_guardian_is_counted_without_an_address(
    campagne, familles, django_capture_on_commit_callbacks
):
    rebond_enregistrer(email="jeremie@example.org", motif="550")
    rebond_enregistrer(email="sophie@example.org", motif="550")
    with django_capture_on_commit_callbacks(execute=True):
        (envoi,) = campagnes_notifier()
    envoi.refresh_from_db()
    assert (envoi.messages, envoi.sans_adresse) == (0, 3)


def test_staff_start_the_opening_from_the_admin_and_follow_its_progress(
    client_staff, staff_autre, campagne, familles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = client_staff.post(
            "/admin/reinscription/campagne/",
            {"action": "annoncer_ouverture", "_selected_action": [campagne.pk]},
        )
    assert r.status_code == 302
    assert r["Location"] == "/admin/reinscription/envoicampagne/"
    html = client_staff.get("/admin/reinscription/envoicampagne/").content.decode()
    assert '<progress max="100" value="100"' in html and "3 / 3" in html
    envoi = EnvoiCampagne.objects.get()
    assert (
        client_staff.get(f"/admin/reinscription/envoicampagne/{envoi.pk}/change/").status_code
        == 200
    )
    autre = _client(staff_autre)
    assert "3 / 3" not in autre.get("/admin/reinscription/envoicampagne/").content.decode()
    # A second start is refused with a message.
    r = client_staff.post(
        "/admin/reinscription/campagne/",
        {"action": "annoncer_ouverture", "_selected_action": [campagne.pk]},
        follow=True,
    )
    assert "Les familles ont déjà été prévenues de cette campagne." in r.content.decode()
