from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from imuse.copie_champs import CopieRapide
from imuse.forms import Formulaire
from imuse.models import Etablissement

MESSAGE_IDENTIFIANTS = _("Incorrect login or password. Please check what you typed.")
MESSAGE_VERROUILLE = _(
    "Too many failed attempts: this login is locked on this connection for %(minutes)d "
    "minutes. Try again later or use “Lost password”."
)


class SiteField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Etablissement.objects.order_by("nom"),
            to_field_name="code",
            label=_("Site"),
            empty_label=None,
            error_messages={"required": _("Please choose your site.")},
            **kwargs,
        )


def _avec_site(form: forms.Form) -> None:
    """Show the site select only when the installation serves several schools. The
    schools are read once: the select's options come from that list (Django's iterator
    would run the query again, through a server-side cursor, each time it lists them)."""
    sites = list(Etablissement.objects.order_by("nom"))
    champ = form.fields["site"]
    if len(sites) == 1:
        champ.widget = forms.HiddenInput()
        champ.initial = sites[0].code
        form.initial.pop("site", None)  # a remembered site cannot override the only one
    else:
        champ.widget.choices = [(s.code, champ.label_from_instance(s)) for s in sites]


class ConnexionForm(Formulaire):
    site = SiteField()
    identifiant = forms.CharField(
        label=_("Login"),
        max_length=150,
        error_messages={"required": _("Please enter your login.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Please enter your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, verrouille: bool = False, **kwargs):
        self.request = request
        self.verrouille = verrouille
        self.user = None
        super().__init__(*args, **kwargs)
        _avec_site(self)

    def clean(self):
        cleaned = super().clean()
        site, identifiant, password = (
            cleaned.get("site"),
            cleaned.get("identifiant"),
            cleaned.get("password"),
        )
        if self.verrouille:
            # Shown by django-axes' lockout response: never try the password again.
            raise forms.ValidationError(message_verrouillage(), code="locked")
        if site is None or not identifiant or not password:
            return cleaned
        self.user = authenticate(
            self.request, site=site.code, identifiant=identifiant, password=password
        )
        if self.user is None:
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(message_verrouillage(), code="locked")
            raise forms.ValidationError(MESSAGE_IDENTIFIANTS, code="invalid_login")
        return cleaned


def message_verrouillage() -> str:
    from django.conf import settings

    return MESSAGE_VERROUILLE % {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}


class MotDePassePerduForm(Formulaire):
    site = SiteField()
    identifiant = forms.CharField(
        label=_("Login"),
        max_length=150,
        error_messages={"required": _("Please enter your login.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, such as nom@exemple.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _avec_site(self)


class _ChampAvecRegles(forms.BoundField):
    """A new password's field: described by its own error (when there is one) and the
    password rules shown above the form, in that order."""

    @property
    def aria_describedby(self):
        return " ".join(filter(None, [super().aria_describedby, "regles-mot-de-passe"]))


def _regles(field: forms.Field) -> None:
    field.help_text = ""
    field.bound_field_class = _ChampAvecRegles


# Module constants: a lazy text made in __init__ would be a new one on every form
# (imuse/traduits.py keeps each one's translation by its identity).
NOUVEAU = _("Enter the new password")
ENCORE = _("Type the new password again")
ACTUEL = _("Current password")


class NouveauMotDePasseForm(CopieRapide, SetPasswordForm):
    """Choose a password (lost-password link, first connection)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = NOUVEAU
        self.fields["new_password2"].label = ENCORE
        for name in ("new_password1", "new_password2"):
            _regles(self.fields[name])
        self.error_messages["password_mismatch"] = _("The two passwords do not match.")


class ChangementMotDePasseForm(CopieRapide, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = ACTUEL
        self.fields["old_password"].error_messages["required"] = _(
            "Please enter your current password."
        )
        self.fields["new_password1"].label = NOUVEAU
        self.fields["new_password2"].label = ENCORE
        for name in ("new_password1", "new_password2"):
            _regles(self.fields[name])
            self.fields[name].error_messages["required"] = _("Please enter the new password.")
        self.error_messages["password_mismatch"] = _("The two passwords do not match.")
        self.error_messages["password_incorrect"] = _("Your current password is incorrect.")


def regles_mot_de_passe() -> list[str]:
    return password_validation.password_validators_help_texts()


MESSAGE_CODE_FAUX = _(
    "This code is not valid. Type the 6 digits your app shows now, or one of your backup "
    "codes (each works once)."
)


class CodeDeuxFacteursForm(Formulaire):
    """A code of the authenticator app, or (on verification) a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        error_messages={"required": _("Please enter the code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, verifier=None, **kwargs):
        # verifier(code) -> truthy when the code is accepted (it runs the service).
        self.verifier = verifier
        self.resultat = None
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.verifier is not None:
            self.resultat = self.verifier(code)
            if not self.resultat:
                raise forms.ValidationError(MESSAGE_CODE_FAUX, code="invalid")
        return code
