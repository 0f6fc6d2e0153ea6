from django.shortcuts import redirect
from django.urls import reverse

# Pages an account that must choose its password can still open.
OUVERTES = ("comptes:premiere_connexion", "comptes:deconnexion")
PREFIXES_LIBRES = ("/static/", "/i18n/", "/accessibilite/mode")


class PremiereConnexionMiddleware:
    """An account created by staff chooses its password before any other page opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.doit_changer_mot_de_passe
            and not request.path.startswith(PREFIXES_LIBRES)
            and request.path not in {reverse(nom) for nom in OUVERTES}
        ):
            return redirect("comptes:premiere_connexion")
        return self.get_response(request)
