"""Work waiting for staff, for the admin dashboard (extension point "tableau_de_bord"):
invitations never used. One count query.

    f(request) -> list[dict(libelle, nombre, url)]
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from comptes.admin_invitations import JAMAIS_UTILISEE, invitations_jamais_utilisees
from comptes.models import Utilisateur
from imuse.tableau_de_bord import du_site, entree


def travail_en_attente(request) -> list[dict]:
    nombre = invitations_jamais_utilisees(du_site(request, Utilisateur.objects.all())).count()
    url = reverse("admin:comptes_utilisateur_changelist") + f"?invitation={JAMAIS_UTILISEE}"
    return [entree(_("Invitations never used"), nombre, url)]
