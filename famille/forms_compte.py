"""Forms of the guardian's account pages: preferences, closing request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from famille.preferences_models import OBLIGATOIRES, Langue, TypeNotification
from imuse.forms import Formulaire


class PreferencesForm(Formulaire):
    """One checkbox per kind of e-mail; the compulsory ones are shown ticked and disabled
    (a disabled field keeps its initial value whatever is posted)."""

    langue = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=Langue.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["langue"].initial = preferences.langue
        for type_notification in TypeNotification:
            obligatoire = type_notification in OBLIGATOIRES
            self.fields[f"type_{type_notification.value}"] = forms.BooleanField(
                label=type_notification.label,
                required=False,
                disabled=obligatoire,
                initial=preferences.recoit(type_notification.value),
                help_text=OBLIGATOIRES.get(type_notification, ""),
            )

    def champs_types(self):
        return [self[f"type_{t.value}"] for t in TypeNotification]

    def types_refuses(self) -> list[str]:
        return [
            t.value
            for t in TypeNotification
            if t not in OBLIGATOIRES and not self.cleaned_data[f"type_{t.value}"]
        ]


class ClotureForm(Formulaire):
    motif = forms.CharField(
        label=_("Message to the school (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirmer = forms.BooleanField(
        label=_("I ask the school to close our family account and erase our data"),
        error_messages={"required": _("Tick the box to confirm the request.")},
    )
