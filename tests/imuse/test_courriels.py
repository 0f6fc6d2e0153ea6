"""The outbox (imuse/emails.py): one row per recipient in the caller's transaction, sent
by a task with retries and backoff, failures visible to staff, never a 500."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from imuse.emails import delai_avant_essai, envoyer_email
from imuse.models import Courriel

PORT_SMTP = 8023  # this branch's ports are 8020-8024
PORT_FERME = 8024
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def _contexte(responsable):
    user = responsable.utilisateur
    return {
        "utilisateur": user,
        "responsable": responsable,
        "chemin": "/compte/nouveau-mot-de-passe/x/y/",
        "etablissement": user.etablissement,
    }


class Boite:
    """An aiosmtpd handler keeping what it receives."""

    def __init__(self):
        self.recus = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.recus.append(envelope)
        return "250 OK"


@pytest.fixture
def serveur_smtp(settings):
    boite = Boite()
    controller = Controller(boite, hostname="127.0.0.1", port=PORT_SMTP)
    controller.start()
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = PORT_SMTP
    settings.EMAIL_TIMEOUT = 5
    yield boite
    controller.stop()


@pytest.fixture
def smtp_injoignable(settings):
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", PORT_FERME)) != 0, "port expected closed"
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = PORT_FERME
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def file_en_base(settings):
    """The production backend: rows in the database, run by `db_worker`."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def _worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_one_row_and_one_message_per_recipient(
    responsable1, responsable2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        envoyer_email(
            "mot_de_passe_perdu",
            ["jeremie@example.org", "autre@example.org", "jeremie@example.org", ""],
            _contexte(responsable1),
        )
    assert sorted(m.to for m in mail.outbox) == [["autre@example.org"], ["jeremie@example.org"]]
    rows = Courriel.objects.order_by("destinataire")
    assert [c.destinataire for c in rows] == ["autre@example.org", "jeremie@example.org"]
    assert {c.etat for c in rows} == {Courriel.Etat.ENVOYE}
    assert all(c.etablissement == responsable1.famille.etablissement for c in rows)
    assert all(c.tentatives == 1 and c.envoye_le for c in rows)


def test_nothing_recorded_nor_sent_when_the_transaction_rolls_back(
    responsable1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            envoyer_email("mot_de_passe_perdu", ["jeremie@example.org"], _contexte(responsable1))
            raise RuntimeError
    assert Courriel.objects.count() == 0
    assert mail.outbox == []


def test_rendered_in_the_language_of_the_call(responsable1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        envoyer_email("mot_de_passe_perdu", ["jeremie@example.org"], _contexte(responsable1))
    courriel = Courriel.objects.get()
    assert courriel.langue == "en"
    assert "mot de passe" not in courriel.sujet.lower()
    assert mail.outbox[0].subject == courriel.sujet


def test_real_smtp_server_receives_the_message(
    serveur_smtp, responsable1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        envoyer_email("mot_de_passe_perdu", ["jeremie@example.org"], _contexte(responsable1))
    assert len(serveur_smtp.recus) == 1
    enveloppe = serveur_smtp.recus[0]
    assert enveloppe.rcpt_tos == ["jeremie@example.org"]
    assert b"/compte/nouveau-mot-de-passe/x/y/" in enveloppe.content
    assert Courriel.objects.get().etat == Courriel.Etat.ENVOYE


def test_smtp_down_the_request_succeeds_and_the_failure_is_recorded(
    client, smtp_injoignable, responsable1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/compte/mot-de-passe-perdu/",
            {"site": "valognes", "identifiant": "abarre1", "email": "jeremie@example.org"},
        )
    assert response.status_code == 302
    courriel = Courriel.objects.get()
    assert courriel.etat == Courriel.Etat.EN_ATTENTE
    assert courriel.tentatives == 1
    assert "ConnectionRefused" in courriel.derniere_erreur
    assert courriel.prochain_essai > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_worker_retries_with_backoff_until_the_server_answers(
    settings, file_en_base, smtp_injoignable, responsable1
):
    # A real worker (it opens and closes its own connections): committed transactions.
    from django_tasks_db.models import DBTaskResult

    envoyer_email("mot_de_passe_perdu", ["jeremie@example.org"], _contexte(responsable1))
    assert Courriel.objects.get().tentatives == 0  # only queued: the worker sends
    _worker()
    courriel = Courriel.objects.get()
    assert (courriel.etat, courriel.tentatives) == (Courriel.Etat.EN_ATTENTE, 1)
    attente = DBTaskResult.objects.filter(status="READY").get()
    assert attente.run_after == courriel.prochain_essai
    assert courriel.prochain_essai - timezone.now() > timedelta(seconds=50)
    # Not yet due: the worker leaves it.
    _worker()
    assert Courriel.objects.get().tentatives == 1

    # The server is back and the retry is due.
    boite = Boite()
    controller = Controller(boite, hostname="127.0.0.1", port=PORT_SMTP)
    controller.start()
    try:
        settings.EMAIL_PORT = PORT_SMTP
        DBTaskResult.objects.filter(pk=attente.pk).update(run_after=timezone.now())
        _worker()
    finally:
        controller.stop()
    courriel.refresh_from_db()
    assert (courriel.etat, courriel.tentatives) == (Courriel.Etat.ENVOYE, 2)
    assert [e.rcpt_tos for e in boite.recus] == [["jeremie@example.org"]]


def test_backoff_doubles(settings):
    settings.EMAIL_RETRY_DELAY_SECONDS = 60
    assert [delai_avant_essai(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_after_the_last_attempt_the_row_is_failed(
    settings, smtp_injoignable, responsable1, django_capture_on_commit_callbacks
):
    settings.EMAIL_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        envoyer_email("mot_de_passe_perdu", ["jeremie@example.org"], _contexte(responsable1))
    courriel = Courriel.objects.get()
    assert (courriel.etat, courriel.tentatives, courriel.prochain_essai) == ("echec", 1, None)


def test_staff_see_failures_of_their_site_and_resend_them(
    settings,
    smtp_injoignable,
    responsable1,
    client_staff,
    staff_autre,
    django_capture_on_commit_callbacks,
):
    from tests.conftest import _client

    settings.EMAIL_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        envoyer_email("mot_de_passe_perdu", ["jeremie@example.org"], _contexte(responsable1))
    courriel = Courriel.objects.get()
    page = client_staff.get("/admin/imuse/courriel/").content.decode()
    assert "jeremie@example.org" in page
    assert "Échec" in page or "échec" in page
    detail = client_staff.get(f"/admin/imuse/courriel/{courriel.pk}/change/").content.decode()
    assert "ConnectionRefused" in detail

    autre = _client(staff_autre)
    assert "jeremie@example.org" not in autre.get("/admin/imuse/courriel/").content.decode()
    assert autre.get(f"/admin/imuse/courriel/{courriel.pk}/change/").status_code == 302

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_staff.post(
            "/admin/imuse/courriel/",
            {"action": "renvoyer", "_selected_action": [courriel.pk]},
            follow=True,
        )
    assert "remis en file" in response.content.decode()
    courriel.refresh_from_db()
    assert (courriel.etat, courriel.tentatives) == ("envoye", 2)
    assert [m.to for m in mail.outbox] == [["jeremie@example.org"]]
