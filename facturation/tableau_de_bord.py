"""Billing's part of the admin dashboard (extension point "tableau_de_bord"): online
payments still pending after 20 minutes (the family left the bank page, or the bank's
notification never came); families with an invoice past its due date left to pay
(facturation/suivi.py). One count query each.

    f(request) -> list[dict(libelle, nombre, url)]
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.models import Facture, PaiementEnLigne
from facturation.suivi import dues
from imuse.tableau_de_bord import du_site, entree


def travail_en_attente(request) -> list[dict]:
    nombre = du_site(
        request, PaiementEnLigne.objects.en_souffrance(), "facture__etablissement"
    ).count()
    url = reverse("admin:facturation_paiementenligne_changelist") + "?attente=longue"
    echues = dues(Facture.objects.filter(date_echeance__lt=timezone.localdate()))
    debitrices = du_site(request, echues, "etablissement").values("famille").distinct().count()
    return [
        entree(_("Online payments pending for over 20 minutes"), nombre, url),
        entree(
            _("Families with an invoice past due"),
            debitrices,
            reverse("admin:facturation_debitrices") + "?tri=-age",
        ),
    ]
