"""Where to go after a form that takes `next`: one rule for every view that reads it.

Only a local path ("/…", not "//host" nor "/\\host", no control character) of this site
is followed; anything else (a URL name, a relative word, another host) goes to Accueil.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def est_chemin_local(valeur: str, request: HttpRequest) -> bool:
    if not valeur or len(valeur) > 2000 or not valeur.startswith("/"):
        return False
    if valeur.startswith(("//", "/\\")) or any(ord(c) < 32 or ord(c) == 127 for c in valeur):
        return False
    return url_has_allowed_host_and_scheme(
        valeur, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def chemin_suivant(request: HttpRequest, defaut: str = "portail:accueil") -> str:
    """The `next` of the request (POST first, then GET) when it is a local path."""
    valeur = request.POST.get("next") or request.GET.get("next") or ""
    return valeur if est_chemin_local(valeur, request) else reverse(defaut)
