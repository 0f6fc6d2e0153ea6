"""E-mails from Django templates (text and HTML), sent once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def envoyer_email(modele: str, destinataires: Iterable[str], contexte: dict) -> None:
    """Render emails/<modele>_sujet.txt, .txt and .html and send after commit.

    Nothing is sent if the transaction rolls back, so a failed change never mails.
    """
    destinataires = [d for d in destinataires if d]
    if not destinataires:
        return
    contexte = {"portail_url": settings.PORTAIL_URL, **contexte}
    langue = translation.get_language() or settings.LANGUAGE_CODE

    def envoyer() -> None:
        with translation.override(langue):
            sujet = render_to_string(f"emails/{modele}_sujet.txt", contexte)
            texte = render_to_string(f"emails/{modele}.txt", contexte)
            html = render_to_string(f"emails/{modele}.html", contexte)
        message = EmailMultiAlternatives(
            subject=" ".join(sujet.split()),
            body=texte,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=destinataires,
        )
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(envoyer)
