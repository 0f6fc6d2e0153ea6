"""Notifications: who is told of what, in which language, and what the Préférences page
lets a guardian turn off."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from famille.models import Preferences
from famille.services import preferences_enregistrer, rebond_enregistrer
from tests import factories as f
from tests.facturation.factories import facture, reglement


@pytest.fixture
def tout_envoyer(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        yield rappels


def _a(adresse):
    return [m for m in mail.outbox if m.to == [adresse]]


def test_an_issued_invoice_and_a_recorded_payment_are_told_to_both_guardians(
    famille, responsable1, responsable2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        emise = facture(famille)
    assert sorted(m.to[0] for m in mail.outbox) == ["jeremie@example.org", "sophie@example.org"]
    assert mail.outbox[0].subject == f"La facture {emise.numero} est disponible"
    assert "de 84,00 € a été émise" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recu = reglement(famille)
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == f"Règlement {recu.numero} enregistré"
    assert "(Chèque)" in mail.outbox[0].body


def test_a_guardian_turns_documents_off_but_cannot_turn_invoices_off(
    client_r1, famille, responsable1, responsable2, irina, django_capture_on_commit_callbacks
):
    page = client_r1.get("/famille/preferences/")
    html = page.content.decode()
    assert page.status_code == 200
    # Compulsory kinds: ticked, disabled, with the reason.
    assert (
        '<input type="checkbox" name="type_facture" disabled '
        'aria-describedby="id_type_facture_helptext" id="id_type_facture" checked>'
    ) in html
    assert '<input type="checkbox" name="type_document" id="id_type_document" checked>' in html
    assert "Une facture est un document légal que vous devez recevoir." in html
    r = client_r1.post(
        "/famille/preferences/",
        {"langue": "fr", "type_reglement": "on", "type_evaluations": "on", "type_campagne": "on"},
        follow=True,
    )
    assert "Vos préférences ont été enregistrées." in r.content.decode()
    assert Preferences.objects.get(responsable=responsable1).types_refuses == ["document"]
    from eleves.services import document_publier

    document = f.DocumentEleveFactory(eleve=irina, visible_famille=False)
    with django_capture_on_commit_callbacks(execute=True):
        document_publier(document=document, visible=True, par=None)
        facture(famille)
    (seul,) = _a("jeremie@example.org")  # the invoice only
    assert seul.subject.startswith("La facture")
    assert len(_a("sophie@example.org")) == 2  # the document and the invoice
    # Posting a compulsory kind off changes nothing.
    client_r1.post("/famille/preferences/", {"langue": "fr"})
    assert Preferences.objects.get(responsable=responsable1).recoit("facture")


def test_the_preferences_page_shows_the_saved_choices(client_r1, responsable1):
    preferences_enregistrer(
        responsable=responsable1, types_refuses=["campagne"], langue="en", par=None
    )
    html = client_r1.get("/famille/preferences/").content.decode()
    assert '<input type="checkbox" name="type_campagne" id="id_type_campagne">' in html
    assert 'value="en" required id="id_langue_1" checked' in html


def test_e_mails_go_out_in_the_guardians_language(
    famille, responsable1, responsable2, django_capture_on_commit_callbacks
):
    preferences_enregistrer(responsable=responsable2, types_refuses=[], langue="en", par=None)
    with django_capture_on_commit_callbacks(execute=True):
        emise = facture(famille)
    assert _a("jeremie@example.org")[0].subject == f"La facture {emise.numero} est disponible"
    assert _a("sophie@example.org")[0].subject == f"Invoice {emise.numero} is available"
    assert "Hello," in _a("sophie@example.org")[0].body


def test_a_bounced_address_gets_no_more_mail_until_it_changes(
    tmp_path, famille, responsable1, responsable2, django_capture_on_commit_callbacks
):
    dsn = tmp_path / "rebond.eml"
    dsn.write_bytes(
        b"From: MAILER-DAEMON@mx.example.org\r\n"
        b"To: noreply@localhost\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example.org\r\n\r\n"
        b"Final-Recipient: rfc822; Sophie@example.org\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\n"
        b"Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example.org\r\n\r\n"
        b"Final-Recipient: rfc822; jeremie@example.org\r\n"
        b"Action: delayed\r\nStatus: 4.2.2\r\n\r\n"
        b"--B--\r\n"
    )
    sortie = io.StringIO()
    call_command("traiter_rebonds", str(dsn), stdout=sortie)
    assert "1 message(s) read, 1 guardian(s)." in sortie.getvalue()
    preferences = Preferences.objects.get(responsable=responsable2)
    assert preferences.email_rejete == "sophie@example.org"
    assert "User unknown" in preferences.email_rejet_motif
    assert not Preferences.objects.filter(responsable=responsable1, email_rejete__gt="").exists()
    with django_capture_on_commit_callbacks(execute=True):
        facture(famille)
    assert [m.to for m in mail.outbox] == [["jeremie@example.org"]]
    # A new address is written to again.
    responsable2.email = "sophie.abarre@example.org"
    responsable2.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        facture(famille)
    assert len(mail.outbox) == 2


def test_the_guardian_is_told_on_the_preferences_page_that_the_address_bounced(
    client_r1, responsable1
):
    rebond_enregistrer(email="jeremie@example.org", motif="550 User unknown")
    html = client_r1.get("/famille/preferences/").content.decode()
    assert "sont revenus non distribués" in html


def test_staff_see_bounced_addresses_and_restore_one(client_staff, staff_autre, responsable1):
    from tests.conftest import _client

    rebond_enregistrer(email="jeremie@example.org", motif="550 User unknown")
    preferences = Preferences.objects.get(responsable=responsable1)
    url = "/admin/famille/preferences/"
    assert "550 User unknown" in client_staff.get(url).content.decode()
    assert "550 User unknown" not in _client(staff_autre).get(url).content.decode()
    client_staff.post(url, {"action": "retablir", "_selected_action": [preferences.pk]})
    preferences.refresh_from_db()
    assert preferences.email_rejete == ""


def test_the_daily_digest_groups_the_evaluations_and_sends_once(
    famille, responsable1, irina, annee, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from eleves.services import evaluations_notifier

    fiche = f.InscriptionFactory(eleve=irina, cours=f.CoursFactory(annee=annee, code="FM 1C1"))
    hier = timezone.now() - dt.timedelta(days=1)
    for _ in range(3):
        f.EvaluationFactory(inscription=fiche, publiee=True, publiee_le=hier)
    f.EvaluationFactory(inscription=fiche, publiee=True, publiee_le=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluations_notifier() == 1
        assert evaluations_notifier() == 0
    (message,) = mail.outbox
    assert message.subject == "Nouvelles évaluations sur le portail"
    assert "Irina — FM 1C1 : 3" in message.body


def test_the_reminder_service_can_tell_every_guardian_even_who_turned_things_off(
    famille, responsable1, responsable2, django_capture_on_commit_callbacks
):
    from facturation.notifications import notifier_relance

    preferences_enregistrer(
        responsable=responsable1, types_refuses=["relance", "reglement"], langue="fr", par=None
    )
    emise = facture(famille)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifier_relance(facture=emise, niveau=1) == 2
    assert mail.outbox[0].subject == f"Rappel : la facture {emise.numero} n'est pas réglée"
    assert "il reste 84,00 € à payer" in mail.outbox[0].body


def test_the_daily_commands_report_what_they_did(etablissement, annee):
    sortie = io.StringIO()
    etablissement.zone_vacances = "C"
    etablissement.save()
    call_command("charger_vacances", "--etablissement", "valognes", stdout=sortie)
    assert "valognes 2026/2027: zone C" in sortie.getvalue()
    call_command("notifier_campagnes", stdout=sortie)
    assert "0 mailing(s) started." in sortie.getvalue()
    call_command("notifier_evaluations", stdout=sortie)
    assert "0 family(ies) told." in sortie.getvalue()
