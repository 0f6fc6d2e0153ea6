"""The "Réinscription" tab of a pupil's file: only while a campaign of the family's
site is active and open."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from imuse.menu import url_entiers
from imuse.portail import Onglet
from reinscription.lecture import campagne_ouverte


def onglets_eleve(request, eleve) -> list[Onglet]:
    if campagne_ouverte(request) is None:
        return []
    return [
        Onglet("reinscription", _("Re-enrolment"), url_entiers("reinscription:eleve", eleve.pk))
    ]
