"""The page's CSRF token, masked as Django masks it, without its 32 draws.

django.middleware.csrf.get_token() masks the secret anew on each call with 32
`secrets.choice` draws: ~490 function calls, ~40 µs, and every portal page pays it once
for its log-out form. `jeton(request)` makes the same kind of token, a fresh uniform mask
of 32 characters of CSRF_ALLOWED_CHARS followed by the secret shifted by it (what
Django's `_unmask_cipher_token` reads back), the mask taken from one urandom read. Like
get_token() it marks the cookie to be sent again; a request without a secret yet is left
to get_token(), which makes one. tests/imuse/test_jeton.py unmasks the tokens with
Django's own function, checks the draw is uniform and posts forms with them."""

from __future__ import annotations

import os
from operator import add

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_TAILLE = len(CSRF_ALLOWED_CHARS)
_UTILES = 256 - 256 % _TAILLE  # 248: each character from 4 byte values, the rest dropped
_OCTETS = bytes(ord(CSRF_ALLOWED_CHARS[o % _TAILLE]) if o < _UTILES else 0 for o in range(256))
_REJETES = bytes(range(_UTILES, 256))
# A secret's character and the mask's, side by side → their sum's character.
_SOMMES = {
    a + b: CSRF_ALLOWED_CHARS[(i + j) % _TAILLE]
    for i, a in enumerate(CSRF_ALLOWED_CHARS)
    for j, b in enumerate(CSRF_ALLOWED_CHARS)
}


def masque() -> str:
    """CSRF_SECRET_LENGTH characters of CSRF_ALLOWED_CHARS, each uniform and independent."""
    texte = ""
    while len(texte) < CSRF_SECRET_LENGTH:
        texte += os.urandom(CSRF_SECRET_LENGTH + 8).translate(_OCTETS, _REJETES).decode()
    return texte[:CSRF_SECRET_LENGTH]


def masquer(secret: str) -> str:
    """django.middleware.csrf._mask_cipher_secret(secret)."""
    cache = masque()
    return cache + "".join(map(_SOMMES.__getitem__, map(add, secret, cache)))


def jeton(request) -> str:
    """django.middleware.csrf.get_token(request)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)
    try:
        valeur = masquer(secret)
    except KeyError:  # not a secret the middleware accepts: Django decides
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return valeur
