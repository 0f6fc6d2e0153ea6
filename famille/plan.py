"""Plan du site: the Famille menu (settings.EXTENSIONS["plan_du_site"])."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from imuse.portail import Lien


def entrees(request) -> list[Lien]:
    famille = Lien(_("Family"), reverse("famille:fiche"))
    famille.enfants = [
        Lien(_("Preferences"), reverse("famille:preferences")),
        Lien(_("My data"), reverse("famille:donnees")),
    ]
    return [famille]
