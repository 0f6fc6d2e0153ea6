"""Work waiting for staff, for the admin dashboard (extension point "tableau_de_bord",
issue 11 part B). Not declared on main yet: the function is ready for that point.

    f(request) -> list[dict(libelle, nombre, url)]
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from famille.models import DemandeCloture
from imuse.admin_base import site_du_staff


def travail_en_attente(request) -> list[dict]:
    demandes = DemandeCloture.objects.filter(statut=DemandeCloture.Statut.OUVERTE)
    etablissement = site_du_staff(request)
    if etablissement is not None:
        demandes = demandes.filter(famille__etablissement=etablissement)
    nombre = demandes.count()
    if not nombre:
        return []
    url = reverse("admin:famille_demandecloture_changelist") + "?statut__exact=ouverte"
    return [{"libelle": _("Requests to close an account"), "nombre": nombre, "url": url}]
