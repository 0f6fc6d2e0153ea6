from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from comptes import services
from comptes.forms import (
    ChangementMotDePasseForm,
    ConnexionForm,
    MotDePassePerduForm,
    NouveauMotDePasseForm,
    regles_mot_de_passe,
)
from comptes.tokens import lien_mot_de_passe
from comptes.views_invitations import code_verrouille
from imuse.accessibilite.services import (
    mode_accessible_apres_deconnexion,
    mode_accessible_avant_connexion,
    mode_accessible_restaurer,
)
from imuse.portail import vue_portail
from imuse.suivant import chemin_suivant, est_chemin_local


def _apres_connexion(request: HttpRequest, user) -> str:
    if user.is_staff:
        return reverse("admin:index")
    if user.doit_changer_mot_de_passe:
        return reverse("comptes:premiere_connexion")
    return chemin_suivant(request)


def _suivant_affiche(request: HttpRequest) -> str:
    suivant = request.GET.get("next", "")
    return suivant if est_chemin_local(suivant, request) else ""


# The site chosen at the last login, so a family need not pick it again each time.
COOKIE_SITE = "imuse_site"


def _site_memorise(request: HttpRequest) -> dict:
    code = request.COOKIES.get(COOKIE_SITE, "")
    return {"site": code} if code and len(code) <= 50 else {}


def _memoriser_site(request: HttpRequest, response: HttpResponse, code: str) -> HttpResponse:
    response.set_cookie(
        COOKIE_SITE,
        code,
        max_age=365 * 24 * 3600,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def connexion(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_apres_connexion(request, request.user))
    form = ConnexionForm(request, data=request.POST or None, initial=_site_memorise(request))
    if request.method == "POST" and form.is_valid():
        choix_avant = mode_accessible_avant_connexion(request.session)
        login(request, form.user)
        mode_accessible_restaurer(
            session=request.session, utilisateur=form.user, choix_avant=choix_avant
        )
        response = redirect(_apres_connexion(request, form.user))
        return _memoriser_site(request, response, form.cleaned_data["site"].code)
    status = 200 if request.method == "GET" else 400
    return render(
        request,
        "comptes/connexion.html",
        {"form": form, "next": _suivant_affiche(request)},
        status=status,
    )


def verrouille(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes lockout response: the login page (or the printed code's page), with
    what was typed and a message."""
    if request.resolver_match and request.resolver_match.view_name == "comptes:code":
        return code_verrouille(request)
    form = ConnexionForm(request, data=request.POST or None, verrouille=True)
    form.is_valid()
    return render(request, "comptes/connexion.html", {"form": form}, status=429)


@require_POST
def deconnexion(request: HttpRequest) -> HttpResponse:
    mode_accessible = bool(request.session.get("mode_accessible"))
    logout(request)
    mode_accessible_apres_deconnexion(request.session, mode_accessible)
    messages.success(request, _("You are logged out. See you soon!"))
    return redirect("comptes:connexion")


@csrf_protect
@never_cache
def mot_de_passe_perdu(request: HttpRequest) -> HttpResponse:
    form = MotDePassePerduForm(request.POST or None, initial=_site_memorise(request))
    if request.method == "POST" and form.is_valid():
        services.lien_reinitialisation_envoyer(
            site=form.cleaned_data["site"].code,
            identifiant=form.cleaned_data["identifiant"],
            email=form.cleaned_data["email"],
        )
        return redirect("comptes:mot_de_passe_perdu_envoye")
    status = 200 if request.method == "GET" else 400
    return render(request, "comptes/mot_de_passe_perdu.html", {"form": form}, status=status)


def mot_de_passe_perdu_envoye(request: HttpRequest) -> HttpResponse:
    return render(request, "comptes/mot_de_passe_perdu_envoye.html")


class NouveauMotDePasse(auth_views.PasswordResetConfirmView):
    """The link from the e-mail: Django's view moves the token into the session before
    showing the form, so it never leaks through the Referer header."""

    form_class = NouveauMotDePasseForm
    token_generator = lien_mot_de_passe
    template_name = "comptes/nouveau_mot_de_passe.html"
    success_url = reverse_lazy("comptes:connexion")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "regles": regles_mot_de_passe()}

    def form_valid(self, form):
        services.mot_de_passe_definir(
            utilisateur=form.user, mot_de_passe=form.cleaned_data["new_password1"]
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(
            self.request, _("Your password has been saved. You can now log in with it.")
        )
        return redirect(self.success_url)


@sensitive_post_parameters()
@login_required
@never_cache
def premiere_connexion(request: HttpRequest) -> HttpResponse:
    if not request.user.doit_changer_mot_de_passe:
        return redirect("portail:accueil")
    form = NouveauMotDePasseForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_accepter(
            utilisateur=request.user, mot_de_passe=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been saved. Welcome to the portal!"))
        return redirect(_apres_connexion(request, request.user))
    return render(
        request,
        "comptes/premiere_connexion.html",
        {"form": form, "regles": regles_mot_de_passe()},
        status=400 if request.method == "POST" else 200,
    )


@sensitive_post_parameters()
@vue_portail
@never_cache
def mot_de_passe(request: HttpRequest) -> HttpResponse:
    form = ChangementMotDePasseForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.mot_de_passe_definir(
            utilisateur=request.user, mot_de_passe=form.cleaned_data["new_password1"]
        )
        # Keeps this session; every other session of the account ends (its hash changed).
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("comptes:mot_de_passe")
    return render(
        request,
        "comptes/mot_de_passe.html",
        {"form": form, "regles": regles_mot_de_passe()},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def session_prolonger(request: HttpRequest) -> HttpResponse:
    """The "Continue my session" button of the warning (static/js/portail.js): any request
    renews the session (SESSION_SAVE_EVERY_REQUEST); 204 when it is still open, 401 when it
    has already ended."""
    return HttpResponse(status=204 if request.user.is_authenticated else 401)
