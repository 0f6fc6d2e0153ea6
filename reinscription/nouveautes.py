"""Accueil's "What's new": the re-enrolment campaign opened since the previous visit."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from imuse.portail import Nouveaute


def nouveautes(portail, depuis) -> list[Nouveaute]:
    campagne = portail.campagne
    if campagne is None or campagne.ouverture < timezone.localtime(depuis).date():
        return []
    if not portail.eleves:
        return []
    return [
        Nouveaute(
            campagne.ouverture,
            _("Re-enrolment for %(annee)s is open until %(cloture)s")
            % {"annee": campagne.annee, "cloture": campagne.cloture.strftime("%d/%m/%Y")},
            reverse("reinscription:eleve", args=[portail.eleves[0].pk]),
            _("Re-enrol"),
        )
    ]
