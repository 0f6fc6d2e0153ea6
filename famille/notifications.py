"""Telling families (issue 13): one helper every app's services call.

    notifier(famille=facture.famille, type_notification=TypeNotification.FACTURE,
             modele="notification_facture", contexte={"facture": facture})

Each guardian of the family with an e-mail gets the message in their language, unless
they turned that kind off (invoices, reminders and cancelled lessons cannot be) or their
address bounced. Sending goes through imuse.emails.envoyer_email (the outbox), after the
caller's transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from famille.models import Famille, Preferences, Responsable, TypeNotification
from famille.preferences_models import OBLIGATOIRES
from imuse.emails import envoyer_email

__all__ = ["OBLIGATOIRES", "TypeNotification", "destinataires", "notifier"]


def destinataires(
    familles: Iterable[Famille], type_notification: str
) -> dict[int, list[tuple[Responsable, str]]]:
    """Per family id, the guardians to tell and their language (two queries in all)."""
    familles = list(familles)
    responsables = list(
        Responsable.objects.filter(famille__in=familles).exclude(email="").order_by("rang")
    )
    preferences = {
        p.responsable_id: p
        for p in Preferences.objects.filter(responsable__in=[r.pk for r in responsables])
    }
    resultat: dict[int, list[tuple[Responsable, str]]] = {f.pk: [] for f in familles}
    for responsable in responsables:
        pref = preferences.get(responsable.pk)
        if pref is not None and (
            not pref.recoit(type_notification) or pref.rejete(responsable.email)
        ):
            continue
        langue = pref.langue if pref is not None else settings.LANGUAGE_CODE
        resultat[responsable.famille_id].append((responsable, langue))
    return resultat


def envoyer(modele: str, guardiens: list[tuple[Responsable, str]], contexte: dict) -> int:
    """Send one message to each (guardian, language); the number sent."""
    for responsable, langue in guardiens:
        with translation.override(langue):
            envoyer_email(modele, [responsable.email], {**contexte, "responsable": responsable})
    return len(guardiens)


def notifier(*, famille: Famille, type_notification: str, modele: str, contexte: dict) -> int:
    """Tell the guardians of one family; returns the number of messages queued."""
    guardiens = destinataires([famille], type_notification)[famille.pk]
    contexte = {"etablissement": famille.etablissement, "famille": famille, **contexte}
    return envoyer(modele, guardiens, contexte)


def notifier_familles(
    *, familles: Iterable[Famille], type_notification: str, modele: str, contexte: dict
) -> int:
    """The same message to several families (a cancelled lesson), in bounded queries."""
    familles = list(familles)
    par_famille = destinataires(familles, type_notification)
    total = 0
    for famille in familles:
        total += envoyer(
            modele,
            par_famille[famille.pk],
            {"etablissement": famille.etablissement, "famille": famille, **contexte},
        )
    return total
