"""The page's CSRF token (imuse/jeton.py): what Django's get_token() gives, read back by
Django's own unmasking, drawn uniformly, and accepted by the middleware on a form."""

import collections
import re

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory

from imuse.jeton import jeton, masque, masquer

JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_django_reads_the_secret_back_from_every_token():
    for _ in range(300):
        secret = _get_new_csrf_string()
        token = masquer(secret)
        assert len(token) == 2 * CSRF_SECRET_LENGTH
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
    assert len({masquer(secret) for _ in range(100)}) == 100  # a fresh mask each time


def test_the_mask_is_drawn_uniformly():
    comptes = collections.Counter("".join(masque() for _ in range(4000)))
    attendu = 4000 * CSRF_SECRET_LENGTH / len(CSRF_ALLOWED_CHARS)  # 2,064.5
    assert set(comptes) == set(CSRF_ALLOWED_CHARS)
    # ±10 % is over 4 standard deviations; a byte-modulo bias would put 8 characters out.
    assert all(0.9 * attendu < n < 1.1 * attendu for n in comptes.values())


def test_a_request_without_a_secret_is_left_to_django():
    request = RequestFactory().get("/")
    token = jeton(request)
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    # A secret the middleware would never keep: get_token() answers, as it would.
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "é" * CSRF_SECRET_LENGTH
    with pytest.raises(ValueError):
        jeton(request)


def test_the_token_of_a_portal_page_is_accepted_and_a_forged_one_refused(responsable1):
    client = Client(enforce_csrf_checks=True)
    client.force_login(responsable1.utilisateur, backend="comptes.backends.IdentifiantBackend")
    page = client.get("/famille/preferences/")
    token = JETON.search(page.content.decode()).group(1)
    assert page.cookies["csrftoken"].value  # the cookie's expiry renewed, as Django does
    assert _unmask_cipher_token(token) == page.cookies["csrftoken"].value
    faux = token[:-1] + ("a" if token[-1] != "a" else "b")
    assert client.post("/compte/deconnexion/", {"csrfmiddlewaretoken": faux}).status_code == 403
    reponse = client.post("/compte/deconnexion/", {"csrfmiddlewaretoken": token})
    assert reponse.status_code == 302
    assert client.get("/accueil/").status_code == 302  # logged out
