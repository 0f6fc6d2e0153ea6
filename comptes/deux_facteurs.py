"""Reads of staff two-factor authentication (django-otp): which devices an account has,
and how its authenticator app is shown (QR code by segno, the key as text for typing)."""

from __future__ import annotations

from base64 import b32encode

import segno
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# A TOTP code is 6 digits; a backup code is 8 letters and digits (StaticToken.random_token).
CHIFFRES_TOTP = 6


def nettoyer_code(code: str) -> str:
    """What the holder typed, without the spaces or dashes an app or a sheet shows."""
    return "".join(c for c in (code or "") if c.isalnum()).lower()


def est_code_totp(code: str) -> bool:
    return len(code) == CHIFFRES_TOTP and code.isdigit()


def application_confirmee(utilisateur) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=utilisateur, confirmed=True).first()


def codes_de_secours(utilisateur) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=utilisateur, confirmed=True).first()


def a_deux_facteurs(utilisateur) -> bool:
    return TOTPDevice.objects.filter(user=utilisateur, confirmed=True).exists()


def cle_lisible(appareil: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for an app that cannot read a QR code."""
    cle = b32encode(appareil.bin_key).decode("ascii").rstrip("=")
    return " ".join(cle[i : i + 4] for i in range(0, len(cle), 4))


def qr_svg(appareil: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no script, no external file)."""
    return segno.make(appareil.config_url, error="m").svg_inline(scale=5, border=2)
