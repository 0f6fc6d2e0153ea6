"""Re-enrolment's part of the admin dashboard (extension point "tableau_de_bord"):
requests to decide, documents to check. One count query each.

    f(request) -> list[dict(libelle, nombre, url)]
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from imuse.tableau_de_bord import du_site, entree
from reinscription.models import DemandeReinscription, PieceJointe


def travail_en_attente(request) -> list[dict]:
    liste = reverse("admin:reinscription_demandereinscription_changelist")
    demandes = DemandeReinscription.objects.filter(etat=DemandeReinscription.Etat.EN_ATTENTE)
    pieces = PieceJointe.objects.filter(etat=PieceJointe.Etat.FOURNIE)
    return [
        entree(
            _("Re-enrolment requests to decide"),
            du_site(request, demandes, "campagne__etablissement").count(),
            f"{liste}?etat__exact={DemandeReinscription.Etat.EN_ATTENTE}",
        ),
        entree(
            _("Documents to check"),
            du_site(request, pieces, "piece__campagne__etablissement").count(),
            f"{liste}?pieces=a_verifier",
        ),
    ]
