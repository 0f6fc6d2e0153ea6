from imuse.menu import ACCESSKEY_DECONNEXION, menu, url_ou_vide


def portail(request) -> dict:
    """What base.html and the portal layout need on every page."""
    contexte = {
        "accesskey_deconnexion": ACCESSKEY_DECONNEXION,
        "url_accessibilite": url_ou_vide("accessibilite:index"),
        "url_mode": url_ou_vide("accessibilite:mode"),
        "url_declaration": url_ou_vide("accessibilite:declaration"),
        "url_plan": url_ou_vide("accessibilite:plan"),
        "url_aide": url_ou_vide("accessibilite:aide"),
    }
    if hasattr(request, "responsable"):
        contexte["menu"] = menu(request)
        contexte["responsable"] = request.responsable
        contexte["etablissement"] = request.etablissement
    return contexte
