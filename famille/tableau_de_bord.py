"""Work waiting for staff, for the admin dashboard (extension point "tableau_de_bord"):
the requests to close an account.

    f(request) -> list[dict(libelle, nombre, url)]
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from famille.models import DemandeCloture
from imuse.tableau_de_bord import du_site, entree


def travail_en_attente(request) -> list[dict]:
    demandes = DemandeCloture.objects.filter(statut=DemandeCloture.Statut.OUVERTE)
    nombre = du_site(request, demandes, "famille__etablissement").count()
    url = reverse("admin:famille_demandecloture_changelist") + "?statut__exact=ouverte"
    return [entree(_("Requests to close an account"), nombre, url)]
