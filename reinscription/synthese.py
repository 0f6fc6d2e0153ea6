"""Re-enrolment requests waiting for staff on the family overview (extension point
"synthese_famille"): one query."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reinscription.models import DemandeReinscription


def sections(request, famille) -> list[dict]:
    demandes = (
        DemandeReinscription.objects.de_la_famille(famille)
        .filter(etat=DemandeReinscription.Etat.EN_ATTENTE)
        .select_related("eleve", "campagne__annee")
        .order_by("eleve__prenom")
    )
    return [
        {
            "titre": _("Re-enrolment requests to decide"),
            "template": "admin/reinscription/synthese.html",
            "demandes": list(demandes),
        }
    ]
