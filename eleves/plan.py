"""Plan du site: the Élèves menu, each pupil with the tabs of their file."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from eleves.views import onglets_fiche
from imuse.portail import Lien


def entrees(request) -> list[Lien]:
    eleves = Lien(_("Pupils"), reverse("eleves:index"))
    for eleve in request.portail.eleves:
        lien = Lien(str(eleve), reverse("eleves:fiche", args=[eleve.pk]))
        lien.enfants = [Lien(str(o.libelle), o.url) for o in onglets_fiche(request, eleve)]
        eleves.enfants.append(lien)
    return [eleves]
