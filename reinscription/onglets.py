"""The "Réinscription" tab of a pupil's file: only while a campaign of the family's
site is active and open."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from imuse.menu import url_entiers
from imuse.portail import Onglet
from imuse.traduits import traduit
from reinscription.lecture import campagne_est_ouverte

LIBELLE = _("Re-enrolment")


def onglets_eleve(request, eleve) -> list[Onglet]:
    if not campagne_est_ouverte(request):
        return []
    url = url_entiers("reinscription:eleve", eleve.pk)
    return [Onglet("reinscription", traduit(LIBELLE), url)]
