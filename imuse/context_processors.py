from django.conf import settings

from imuse.menu import menu, url_fixe


def portail(request) -> dict:
    """What base.html and the portal layout need on every page."""
    contexte = {
        "url_accessibilite": url_fixe("accessibilite:index"),
        "url_mode": url_fixe("accessibilite:mode"),
        "url_declaration": url_fixe("accessibilite:declaration"),
        "url_plan": url_fixe("accessibilite:plan"),
        "url_aide": url_fixe("accessibilite:aide"),
        "url_confidentialite": url_fixe("confidentialites"),
        # A plain lookup: {{ request.session.mode_accessible }} missing from the session
        # falls through to getattr and dir() on the session store (~30 µs each use).
        "mode_accessible": bool(request.session.get("mode_accessible"))
        if hasattr(request, "session")
        else False,
    }
    portail = getattr(request, "portail", None)
    if portail is not None:
        contexte["menu"] = menu(request)
        contexte["portail"] = portail
        contexte["duree_session"] = settings.SESSION_COOKIE_AGE
        contexte["responsable"] = portail.responsable
        contexte["etablissement"] = portail.etablissement
        contexte["url_confidentialite"] = url_fixe("confidentialite", portail.etablissement.code)
    return contexte
