"""What the invoicing admin pages share: amount checks and the glue to the services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from facturation import services


class SansNegatifs(forms.ModelForm):
    """Refuse negative amounts (and a quantity of 0 or less) typed in the admin."""

    positifs: tuple[str, ...] = ()
    strictement_positifs: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for nom in self.positifs:
            if data.get(nom) is not None and data[nom] < 0:
                self.add_error(nom, _("Enter an amount of 0 or more."))
        for nom in self.strictement_positifs:
            if data.get(nom) is not None and data[nom] <= 0:
                self.add_error(nom, _("Enter a value greater than 0."))
        return data


def _appliquer(modeladmin, request, objets, fonction, succes) -> None:
    for objet in objets:
        try:
            resultat = fonction(objet)
        except services.FacturationError as e:
            modeladmin.message_user(request, f"{objet}: {e}", messages.ERROR)
        else:
            modeladmin.message_user(request, succes % {"objet": resultat}, messages.SUCCESS)
