"""Billing's part of the admin dashboard (extension point "tableau_de_bord"): online
payments still pending after 20 minutes (the family left the bank page, or the bank's
notification never came). One count query.

    f(request) -> list[dict(libelle, nombre, url)]
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from facturation.models import PaiementEnLigne
from imuse.tableau_de_bord import du_site, entree


def travail_en_attente(request) -> list[dict]:
    nombre = du_site(
        request, PaiementEnLigne.objects.en_souffrance(), "facture__etablissement"
    ).count()
    url = reverse("admin:facturation_paiementenligne_changelist") + "?attente=longue"
    return [entree(_("Online payments pending for over 20 minutes"), nombre, url)]
