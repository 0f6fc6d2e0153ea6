"""Plan du site: the Facturation menu."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from imuse.portail import Lien


def entrees(request) -> list[Lien]:
    return [Lien(_("Invoicing"), reverse("facturation:index"))]
