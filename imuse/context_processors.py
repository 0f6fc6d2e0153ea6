from django.conf import settings
from django.urls import reverse

from imuse.menu import menu


def portail(request) -> dict:
    """What base.html and the portal layout need on every page."""
    contexte = {
        "url_accessibilite": reverse("accessibilite:index"),
        "url_mode": reverse("accessibilite:mode"),
        "url_declaration": reverse("accessibilite:declaration"),
        "url_plan": reverse("accessibilite:plan"),
        "url_aide": reverse("accessibilite:aide"),
        "url_confidentialite": reverse("confidentialites"),
    }
    portail = getattr(request, "portail", None)
    if portail is not None:
        contexte["menu"] = menu(request)
        contexte["portail"] = portail
        contexte["duree_session"] = settings.SESSION_COOKIE_AGE
        contexte["responsable"] = portail.responsable
        contexte["etablissement"] = portail.etablissement
        contexte["url_confidentialite"] = reverse(
            "confidentialite", args=[portail.etablissement.code]
        )
    return contexte
