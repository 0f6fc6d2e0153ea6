"""Staff two-factor authentication pages: enrol an authenticator app, see the backup
codes once, verify a code before the administration opens (comptes/middleware.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from comptes import services
from comptes.deux_facteurs import a_deux_facteurs, cle_lisible, qr_svg
from comptes.forms import CodeDeuxFacteursForm
from imuse.suivant import chemin_suivant

CODES_A_MONTRER = "comptes_codes_de_secours"


def _suivant(request: HttpRequest) -> str:
    return chemin_suivant(request, defaut="admin:index")


def _reserve_au_personnel(vue):
    def enveloppe(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_staff:
            return redirect("portail:accueil")
        return vue(request, *args, **kwargs)

    enveloppe.__name__ = vue.__name__
    enveloppe.__doc__ = vue.__doc__
    return login_required(enveloppe)


@sensitive_post_parameters("code")
@never_cache
@_reserve_au_personnel
def activer(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key), then type the first code the app shows."""
    if a_deux_facteurs(request.user) and not request.user.is_verified():
        return redirect(f"{_url('comptes:deux_facteurs_verifier')}?{_next(request)}")
    appareil = services.deux_facteurs_preparer(utilisateur=request.user)
    form = CodeDeuxFacteursForm(
        request.POST or None,
        verifier=lambda code: services.deux_facteurs_activer(utilisateur=request.user, code=code),
    )
    if request.method == "POST" and form.is_valid():
        appareil.refresh_from_db()
        otp_login(request, appareil)
        request.session[CODES_A_MONTRER] = form.resultat
        return redirect(f"{_url('comptes:deux_facteurs_codes')}?{_next(request)}")
    return render(
        request,
        "comptes/deux_facteurs_activer.html",
        {
            "form": form,
            "qr": qr_svg(appareil),
            "cle": cle_lisible(appareil),
            "next": _suivant(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@_reserve_au_personnel
def codes(request: HttpRequest) -> HttpResponse:
    """The backup codes, shown once: a reload shows them no more."""
    codes_de_secours = request.session.pop(CODES_A_MONTRER, None)
    if not codes_de_secours:
        return redirect(_suivant(request))
    return render(
        request,
        "comptes/deux_facteurs_codes.html",
        {"codes": codes_de_secours, "next": _suivant(request)},
    )


@never_cache
@_reserve_au_personnel
def renouveler_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes (POST), for a verified account only."""
    if not request.user.is_verified():
        return redirect(f"{_url('comptes:deux_facteurs_verifier')}?{_next(request)}")
    if request.method == "POST":
        request.session[CODES_A_MONTRER] = services.codes_de_secours_renouveler(
            utilisateur=request.user
        )
        return redirect(f"{_url('comptes:deux_facteurs_codes')}?{_next(request)}")
    return render(request, "comptes/deux_facteurs_renouveler.html", {"next": _suivant(request)})


@sensitive_post_parameters("code")
@never_cache
@_reserve_au_personnel
def verifier(request: HttpRequest) -> HttpResponse:
    """The second step of a staff login: a code of the app, or a backup code."""
    if not a_deux_facteurs(request.user):
        return redirect(f"{_url('comptes:deux_facteurs_activer')}?{_next(request)}")
    if request.user.is_verified():
        return redirect(_suivant(request))
    form = CodeDeuxFacteursForm(
        request.POST or None,
        verifier=lambda code: services.deux_facteurs_verifier(utilisateur=request.user, code=code),
    )
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.resultat)
        restants = getattr(form.resultat, "token_set", None)
        if restants is not None:
            nombre = restants.count()
            messages.warning(
                request,
                _("Backup code used: %(nombre)d left. Renew them from “Backup codes”.")
                % {"nombre": nombre},
            )
        return redirect(_suivant(request))
    return render(
        request,
        "comptes/deux_facteurs_verifier.html",
        {"form": form, "next": _suivant(request)},
        status=400 if request.method == "POST" else 200,
    )


def _url(nom: str) -> str:
    return reverse(nom)


def _next(request: HttpRequest) -> str:
    return urlencode({"next": _suivant(request)})
