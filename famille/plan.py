"""Plan du site: the Famille menu (settings.EXTENSIONS["plan_du_site"])."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from imuse.portail import Lien


def entrees(request) -> list[Lien]:
    return [Lien(_("Family"), reverse("famille:fiche"))]
