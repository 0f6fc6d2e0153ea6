"""What the reminder service (facturation/services/relances.py) calls to tell a family of
its overdue invoices:

    relance_notifier(relance=relance)          # the outbox rows, one per guardian
    notifier_relance(facture=facture, niveau=1)  # the same without a Relance row

Reminders cannot be turned off by the family (famille.preferences_models.OBLIGATOIRES);
the message goes to every guardian with a usable address, in their language, through
the outbox."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from facturation.models import Facture, Relance
from facturation.services.factures import reste_a_payer
from famille.notifications import TypeNotification, destinataires
from imuse.emails import envoyer_email


def _envoyer(famille, contexte: dict) -> list:
    courriels = []
    contexte = {"etablissement": famille.etablissement, "famille": famille, **contexte}
    for responsable, langue in destinataires([famille], TypeNotification.RELANCE)[famille.pk]:
        with translation.override(langue):
            courriels += envoyer_email(
                "notification_relance",
                [responsable.email],
                {**contexte, "responsable": responsable},
            )
    return courriels


def relance_notifier(*, relance: Relance) -> list:
    """Queue the reminder's e-mail to each guardian; the Courriel rows (none: no
    usable address, the letter is to be printed)."""
    return _envoyer(
        relance.famille,
        {
            "facture": relance.facture,
            "niveau": relance.niveau,
            "reste": relance.montant,
            "relance": relance,
            "chemin_lettre": reverse("facturation:relance_pdf", args=[relance.pk]),
        },
    )


def notifier_relance(*, facture: Facture, niveau: int = 1) -> int:
    """Tell the family of one overdue invoice; the number of messages queued."""
    return len(
        _envoyer(
            facture.famille,
            {"facture": facture, "niveau": niveau, "reste": reste_a_payer(facture)},
        )
    )
