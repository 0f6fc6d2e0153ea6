"""What the reminder service (issue 12) calls to tell a family of an overdue invoice:

    notifier_relance(facture=facture, niveau=1)

Reminders cannot be turned off by the family (famille.preferences_models.OBLIGATOIRES);
the message goes to every guardian with a usable address, in their language, through
the outbox. Returns the number of messages queued."""

from __future__ import annotations

from facturation.models import Facture
from facturation.services import reste_a_payer
from famille.notifications import TypeNotification, notifier


def notifier_relance(*, facture: Facture, niveau: int = 1) -> int:
    return notifier(
        famille=facture.famille,
        type_notification=TypeNotification.RELANCE,
        modele="notification_relance",
        contexte={"facture": facture, "niveau": niveau, "reste": reste_a_payer(facture)},
    )
