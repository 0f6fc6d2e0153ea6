"""Reading bounces: delivery status notifications (RFC 3464) that mail servers send back
to the envelope sender when an address does not exist or refuses mail.

Only permanent failures count (Action: failed, Status 5.x.x): a full mailbox or a
greylisting delay (4.x.x) is not a reason to stop writing to a family.
"""

from __future__ import annotations

import email
from email import policy
from email.message import Message


def echecs_permanents(message: Message) -> list[tuple[str, str]]:
    """(address, diagnostic) of each recipient a DSN reports as permanently failed."""
    resultat = []
    for partie in message.walk():
        if partie.get_content_type() != "message/delivery-status":
            continue
        blocs = partie.get_payload()
        if not isinstance(blocs, list):
            continue
        for bloc in blocs[1:] if len(blocs) > 1 else blocs:
            action = str(bloc.get("Action", "")).strip().lower()
            statut = str(bloc.get("Status", "")).strip()
            destinataire = str(bloc.get("Final-Recipient") or bloc.get("Original-Recipient") or "")
            if action != "failed" or not statut.startswith("5") or ";" not in destinataire:
                continue
            adresse = destinataire.split(";", 1)[1].strip().strip("<>")
            diagnostic = " ".join(str(bloc.get("Diagnostic-Code", statut)).split())
            if adresse:
                resultat.append((adresse, diagnostic))
    return resultat


def lire(octets: bytes) -> Message:
    return email.message_from_bytes(octets, policy=policy.compat32)
