from functools import partial

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from imuse.jeton import jeton
from imuse.menu import coquille


def portail(request) -> dict:
    """What base.html and the portal layout need on every page (imuse/menu.py `coquille`:
    the links and the menu, built once per URL configuration, language and site)."""
    portail = getattr(request, "portail", None)
    etablissement = portail.etablissement if portail is not None else None
    elements = coquille(request, etablissement.code if etablissement is not None else None)
    contexte = {
        **elements.liens,
        # A plain lookup: {{ request.session.mode_accessible }} missing from the session
        # falls through to getattr and dir() on the session store (~30 µs each use).
        "mode_accessible": bool(request.session.get("mode_accessible"))
        if hasattr(request, "session")
        else False,
    }
    if portail is not None:
        contexte["menu"] = elements.menu
        contexte["coquille"] = elements.cle
        contexte["portail"] = portail
        contexte["duree_session"] = settings.SESSION_COOKIE_AGE
        contexte["responsable"] = portail.responsable
        contexte["etablissement"] = etablissement
    return contexte


def csrf(request) -> dict:
    """Django's csrf context processor (always run before this one), with the token
    masked by imuse.jeton: the same token, ~40 µs less on every page with a form."""
    return {"csrf_token": SimpleLazyObject(partial(jeton, request))}
