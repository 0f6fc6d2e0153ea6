"""Pupils and this year's courses on the staff's family overview (extension point
"synthese_famille"): two queries whatever the family's size."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from eleves.models import Eleve, Inscription


def sections(request, famille) -> list[dict]:
    fiches = Inscription.objects.de_l_annee_courante(famille.etablissement_id).select_related(
        "cours__discipline", "cours__enseignant", "cours__cycle"
    )
    eleves = (
        Eleve.objects.filter(famille=famille)
        .order_by("prenom")
        .prefetch_related(Prefetch("inscriptions", queryset=fiches.order_by("cours__code")))
    )
    return [{"titre": _("Pupils"), "template": "admin/eleves/synthese.html", "eleves": eleves}]
