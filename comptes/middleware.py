from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from comptes.deux_facteurs import a_deux_facteurs

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


class DeuxFacteursMiddleware:
    """No page of the administration opens for a staff account before it has enrolled an
    authenticator app and typed one of its codes (or a backup code) in this session.

    After django_otp.middleware.OTPMiddleware (which gives `request.user.is_verified()`).
    The admin's login and logout stay reachable; family accounts are left to the admin's
    own refusal (imuse.views.admin_connexion)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        admin = reverse("admin:index")
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(admin)
            and request.path not in (reverse("admin:login"), reverse("admin:logout"))
            and not user.is_verified()
        ):
            nom = "comptes:deux_facteurs_verifier"
            if not a_deux_facteurs(user):
                nom = "comptes:deux_facteurs_activer"
            suivant = request.get_full_path() if request.method == "GET" else admin
            return redirect(f"{reverse(nom)}?{urlencode({'next': suivant})}")
        return self.get_response(request)
