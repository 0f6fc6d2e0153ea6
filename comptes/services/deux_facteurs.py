"""State changes of staff two-factor authentication: enrol an authenticator app (with
backup codes, shown once), verify a code at login (a backup code works once)."""

from __future__ import annotations

import logging

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes.deux_facteurs import est_code_totp, nettoyer_code
from comptes.models import Utilisateur
from imuse.journal import journaliser

log = logging.getLogger(__name__)

NOMBRE_CODES_SECOURS = 10


@transaction.atomic
def deux_facteurs_preparer(*, utilisateur: Utilisateur) -> TOTPDevice:
    """The account's authenticator app waiting for its first code: the same one on every
    visit of the enrolment page (its key stays the one the QR code showed)."""
    appareil = TOTPDevice.objects.filter(user=utilisateur, confirmed=False).first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(
            user=utilisateur, name="Application d'authentification", confirmed=False
        )
        journaliser(utilisateur, "compte.deux_facteurs_preparer", par=utilisateur)
    return appareil


def _nouveaux_codes(utilisateur: Utilisateur) -> list[str]:
    StaticDevice.objects.filter(user=utilisateur).delete()
    appareil = StaticDevice.objects.create(user=utilisateur, name="Codes de secours")
    codes = [StaticToken.random_token() for _ in range(NOMBRE_CODES_SECOURS)]
    StaticToken.objects.bulk_create([StaticToken(device=appareil, token=c) for c in codes])
    return codes


@transaction.atomic
def deux_facteurs_activer(*, utilisateur: Utilisateur, code: str) -> list[str] | None:
    """Confirm the app waiting for its first code when `code` is the one it shows: it
    becomes the account's only app, with fresh backup codes (returned to be shown once,
    never stored in clear anywhere else). None when the code is wrong (the app's
    throttle counts the failure)."""
    appareil = (
        TOTPDevice.objects.select_for_update().filter(user=utilisateur, confirmed=False).first()
    )
    code = nettoyer_code(code)
    if appareil is None or not est_code_totp(code) or not appareil.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=utilisateur).exclude(pk=appareil.pk).delete()
    appareil.confirmed = True
    appareil.save(update_fields=["confirmed"])
    codes = _nouveaux_codes(utilisateur)
    journaliser(utilisateur, "compte.deux_facteurs_activer", par=utilisateur)
    log.info("Two-factor authentication enrolled by account %s", utilisateur.pk)
    return codes


@transaction.atomic
def deux_facteurs_verifier(*, utilisateur: Utilisateur, code: str):
    """The confirmed device that accepts `code` (6 digits: the app; else a backup code,
    used up), or None. Each device throttles its own failures."""
    code = nettoyer_code(code)
    modele = TOTPDevice if est_code_totp(code) else StaticDevice
    for appareil in modele.objects.select_for_update().filter(user=utilisateur, confirmed=True):
        if appareil.verify_is_allowed()[0] and appareil.verify_token(code):
            secours = modele is StaticDevice
            journaliser(
                utilisateur,
                "compte.deux_facteurs_verifier",
                par=utilisateur,
                code_de_secours=secours,
                codes_restants=appareil.token_set.count() if secours else None,
            )
            return appareil
    return None


@transaction.atomic
def codes_de_secours_renouveler(*, utilisateur: Utilisateur) -> list[str]:
    """New backup codes for a verified account; the old ones stop working."""
    codes = _nouveaux_codes(utilisateur)
    journaliser(utilisateur, "compte.codes_de_secours_renouveler", par=utilisateur)
    return codes
