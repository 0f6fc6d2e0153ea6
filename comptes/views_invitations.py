"""The first connection of an invited account: from the e-mail's link (14 days) or with
the code of a printed letter. The holder chooses a password and is logged in."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from comptes.forms import NouveauMotDePasseForm, SiteField, _avec_site, regles_mot_de_passe
from comptes.models import Utilisateur
from comptes.services.invitations import code_valide, invitation_accepter
from comptes.tokens import lien_invitation
from imuse.forms import Formulaire

BACKEND = "comptes.backends.IdentifiantBackend"


def _apres(request: HttpRequest, utilisateur: Utilisateur) -> HttpResponse:
    # A staff account goes to the admin, which first asks it to set up two-step login.
    login(request, utilisateur, backend=BACKEND)
    messages.success(request, _("Your password has been saved. Welcome to the portal!"))
    if utilisateur.is_staff:
        return redirect("admin:index")
    return redirect("portail:accueil")


class Invitation(auth_views.PasswordResetConfirmView):
    """The link of the invitation e-mail. As for lost passwords, Django's view moves the
    token into the session before the form shows, so it never leaks through Referer."""

    form_class = NouveauMotDePasseForm
    token_generator = lien_invitation
    template_name = "comptes/invitation.html"
    reset_url_token = "choisir"  # noqa: S105 (a URL segment, not a password)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "regles": regles_mot_de_passe()}

    def form_valid(self, form):
        utilisateur = invitation_accepter(
            utilisateur=form.user, mot_de_passe=form.cleaned_data["new_password1"]
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return _apres(self.request, utilisateur)


MESSAGE_CODE = gettext_lazy(
    "This login and code do not match, or the code is no longer valid (14 days). "
    "Check what you typed, or ask the school for a new letter."
)


MESSAGE_VERROU = gettext_lazy(
    "Too many wrong codes for this login: for your security, try again in 15 minutes."
)


class CodeInvitationForm(Formulaire, NouveauMotDePasseForm):
    """Login and printed code, then the new password twice."""

    site = SiteField()
    identifiant = forms.CharField(
        label=gettext_lazy("Login"),
        max_length=150,
        error_messages={"required": gettext_lazy("Please enter your login.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    code = forms.CharField(
        label=gettext_lazy("Code from the letter"),
        max_length=20,
        error_messages={"required": gettext_lazy("Please enter the code from the letter.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )
    field_order = ["site", "identifiant", "code", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(None, *args, **kwargs)
        _avec_site(self)
        self.order_fields(self.field_order)

    def clean(self):
        site, identifiant = self.cleaned_data.get("site"), self.cleaned_data.get("identifiant")
        code = self.cleaned_data.get("code")
        if site and identifiant and code:
            utilisateur = Utilisateur.objects.filter(
                etablissement=site, identifiant=identifiant, is_active=True
            ).first()
            if utilisateur is None or not code_valide(utilisateur, code):
                self.add_error("code", forms.ValidationError(MESSAGE_CODE, code="invalid"))
            else:
                self.user = utilisateur
        return super().clean()


@sensitive_post_parameters()
@csrf_protect
@never_cache
def code_invitation(request: HttpRequest) -> HttpResponse:
    form = CodeInvitationForm(request.POST or None)
    if request.method != "POST":
        return _page_code(request, form, 200)
    # Wrong codes count as failed logins for django-axes: the same lockout (per login and
    # address) as the login form, so codes cannot be guessed at leisure.
    essai = {k: request.POST.get(k, "") for k in ("site", "identifiant")}
    if not AxesProxyHandler.is_allowed(request, essai):
        return code_verrouille(request)
    if form.is_valid() and form.user is not None:
        utilisateur = invitation_accepter(
            utilisateur=form.user, mot_de_passe=form.cleaned_data["new_password1"]
        )
        return _apres(request, utilisateur)
    if form.has_error("code", "invalid"):
        user_login_failed.send(sender=__name__, credentials=essai, request=request)
    return _page_code(request, form, 400)


def code_verrouille(request: HttpRequest) -> HttpResponse:
    """The code page when django-axes locks its login: what was typed, and why."""
    form = CodeInvitationForm(request.POST or None)
    form.is_valid()
    form.add_error("code", forms.ValidationError(MESSAGE_VERROU, code="locked"))
    return _page_code(request, form, 429)


def _page_code(request: HttpRequest, form: CodeInvitationForm, status: int) -> HttpResponse:
    return render(
        request,
        "comptes/code_invitation.html",
        {"form": form, "regles": regles_mot_de_passe(), "action": reverse("comptes:code")},
        status=status,
    )
