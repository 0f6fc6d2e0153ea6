"""Nothing typed is lost when the session ends (WCAG 2.2.1, 2.2.5), even without JavaScript.

A portal form sent after 30 idle minutes reaches `vue_portail` logged out: `conserver`
keeps its fields (never the files, never the CSRF token) in the new anonymous session with
the path and the account the expired session belonged to, then the guardian logs in again
and comes back to that path. There `reprendre` hands the fields back once, to the same
account only, within two hours: the view receives them as the POST it never processed, so
the submission goes on (saved, or shown again with its errors and everything typed).
Portal layouts also warn two minutes before the end (static/js/portail.js) and offer to go on.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

CLE = "formulaire_conserve"
DUREE_MAXIMALE = 2 * 3600  # seconds a kept form waits for the guardian to log in again
EXCLUS = {"csrfmiddlewaretoken"}


def _compte_de_la_session_expiree(request) -> str | None:
    """The account of the expired session the browser still names, if its row is still
    there (expired rows stay until `clearsessions`); None otherwise."""
    cle = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not cle or settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return None
    from django.contrib.sessions.models import Session

    ligne = Session.objects.filter(session_key=cle).first()
    if ligne is None:
        return None
    try:
        return ligne.get_decoded().get("_auth_user_id")
    except Exception:  # a tampered or undecodable row: treat as unknown
        return None


def conserver(request) -> dict | None:
    """Keep a logged-out POST's fields for after the next login and return what was kept
    (the caller says so), None if nothing. Whether files were attached is kept, not them."""
    if request.method != "POST":
        return None
    champs = {k: v for k, v in request.POST.lists() if k not in EXCLUS}
    if not champs:
        return None
    conserve = request.session[CLE] = {
        "chemin": request.path,
        "champs": champs,
        "compte": _compte_de_la_session_expiree(request),
        "quand": time.time(),
        "fichiers": bool(request.FILES),
    }
    return conserve


def reprendre(request) -> QueryDict | None:
    """On the first logged-in GET of the kept path, turn the request into the POST that was
    kept (once); None when nothing is kept for this path and account."""
    conserve = request.session.get(CLE)
    if not conserve or request.method != "GET" or conserve.get("chemin") != request.path:
        return None
    del request.session[CLE]
    compte = conserve.get("compte")
    if compte is None or str(compte) != str(request.user.pk):
        return None
    if time.time() - conserve.get("quand", 0) > DUREE_MAXIMALE:
        return None
    donnees = QueryDict(mutable=True)
    for nom, valeurs in conserve["champs"].items():
        donnees.setlist(nom, valeurs)
    donnees._mutable = False
    request.method = "POST"
    request.POST = donnees
    request._files = MultiValueDict()
    return donnees
