"""E-mail through a durable outbox (DESIGN, Mechanisms).

`envoyer_email(modele, destinataires, contexte)` renders emails/<modele>_sujet.txt,
.txt and .html now, in the language of the moment, and writes one `Courriel` row per
recipient in the caller's transaction (guardians may be separated: nobody sees another's
address). Once the transaction commits, a task (django-tasks; the `db_worker` runs it)
sends each row; a failure is recorded on the row and retried later with an exponential
backoff, up to settings.EMAIL_MAX_ATTEMPTS, then the row stays "failed" for staff to see
and resend from the admin. Nothing is sent if the transaction rolls back, and an SMTP
failure never reaches the request that caused the mail.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from imuse.models import Courriel

log = logging.getLogger(__name__)


def _etablissement_id(contexte: dict) -> int | None:
    etablissement = contexte.get("etablissement")
    return getattr(etablissement, "pk", None)


def envoyer_email(modele: str, destinataires: Iterable[str], contexte: dict) -> list[Courriel]:
    """Record one message per recipient and have it sent after commit."""
    adresses = list(dict.fromkeys(d.strip() for d in destinataires if d and d.strip()))
    if not adresses:
        return []
    contexte = {"portail_url": settings.PORTAIL_URL, **contexte}
    langue = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(langue):
        sujet = " ".join(render_to_string(f"emails/{modele}_sujet.txt", contexte).split())
        texte = render_to_string(f"emails/{modele}.txt", contexte)
        html = render_to_string(f"emails/{modele}.html", contexte)
    courriels = Courriel.objects.bulk_create(
        [
            Courriel(
                etablissement_id=_etablissement_id(contexte),
                modele=modele,
                destinataire=adresse,
                expediteur=settings.DEFAULT_FROM_EMAIL,
                sujet=sujet[:255],
                texte=texte,
                html=html,
                langue=langue,
            )
            for adresse in adresses
        ]
    )
    for courriel in courriels:
        mettre_en_file(courriel)
    return courriels


def mettre_en_file(courriel: Courriel, *, apres=None) -> None:
    """Enqueue the sending task once the current transaction commits."""
    pk = courriel.pk

    def enfiler() -> None:
        tache = envoyer_courriel
        if apres is not None and default_task_backend.supports_defer:
            tache = tache.using(run_after=apres)
        elif apres is not None:
            # A backend that cannot defer (tests, immediate) leaves the retry to staff.
            return
        tache.enqueue(pk)

    transaction.on_commit(enfiler, robust=True)


def delai_avant_essai(tentatives: int) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base… after the 1st, 2nd, 3rd failure."""
    return timedelta(seconds=settings.EMAIL_RETRY_DELAY_SECONDS * 2 ** max(tentatives - 1, 0))


def _message(courriel: Courriel) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=courriel.sujet,
        body=courriel.texte,
        from_email=courriel.expediteur or settings.DEFAULT_FROM_EMAIL,
        to=[courriel.destinataire],
    )
    if courriel.html:
        message.attach_alternative(courriel.html, "text/html")
    return message


@task()
def envoyer_courriel(courriel_id: int) -> str:
    """Send one outbox row; on failure record the error and schedule the next attempt."""
    with transaction.atomic():
        courriel = (
            Courriel.objects.select_for_update().filter(pk=courriel_id, etat="en_attente").first()
        )
        if courriel is None:
            return "déjà traité"
        courriel.tentatives += 1
        try:
            _message(courriel).send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001  (any backend failure is recorded, not raised)
            courriel.derniere_erreur = f"{type(exc).__name__}: {exc}"[:2000]
            if courriel.tentatives >= settings.EMAIL_MAX_ATTEMPTS:
                courriel.etat = Courriel.Etat.ECHEC
                courriel.prochain_essai = None
                log.error("E-mail %s failed for good: %s", courriel.pk, courriel.derniere_erreur)
            else:
                courriel.prochain_essai = timezone.now() + delai_avant_essai(courriel.tentatives)
                mettre_en_file(courriel, apres=courriel.prochain_essai)
                log.warning("E-mail %s failed, retry at %s", courriel.pk, courriel.prochain_essai)
            courriel.save(update_fields=["tentatives", "derniere_erreur", "etat", "prochain_essai"])
            return courriel.etat
        courriel.etat = Courriel.Etat.ENVOYE
        courriel.envoye_le = timezone.now()
        courriel.prochain_essai = None
        courriel.save(update_fields=["tentatives", "etat", "envoye_le", "prochain_essai"])
        return courriel.etat
