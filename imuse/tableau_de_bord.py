"""The core's part of the admin dashboard (extension point "tableau_de_bord"):
modification requests to decide, e-mails that failed. One count query each.

    f(request) -> list[dict(libelle, nombre, url)]
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from imuse.admin_base import site_du_staff
from imuse.models import Courriel, DemandeModification


def du_site(request, queryset, champ: str = "etablissement"):
    """The rows of the staff's site (all of them for a superuser)."""
    etablissement = site_du_staff(request)
    return queryset if etablissement is None else queryset.filter(**{champ: etablissement})


def entree(libelle: str, nombre: int, url: str) -> dict:
    return {"libelle": libelle, "nombre": nombre, "url": url}


def travail_en_attente(request) -> list[dict]:
    demandes = du_site(
        request, DemandeModification.objects.filter(statut=DemandeModification.Statut.OUVERTE)
    ).count()
    echecs = du_site(request, Courriel.objects.filter(etat=Courriel.Etat.ECHEC)).count()
    return [
        entree(
            _("Modification requests to decide"),
            demandes,
            reverse("admin:imuse_demandemodification_changelist"),
        ),
        entree(
            _("E-mails that failed"),
            echecs,
            reverse("admin:imuse_courriel_changelist") + "?etat__exact=echec",
        ),
    ]
