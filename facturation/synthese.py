"""Balance and unpaid invoices on the staff's family overview (extension point
"synthese_famille"): two queries whatever the family's history."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from facturation.lecture import montant_du
from facturation.models import Facture


def sections(request, famille) -> list[dict]:
    impayees = (
        Facture.objects.emises()
        .non_annulees()
        .filter(famille=famille)
        .avec_paye()
        .annotate(reste=F("montant") - F("total_avoirs") - F("total_paye"))
        .filter(reste__gt=0)
        .order_by("date_echeance", "numero")
    )
    solde = montant_du(famille)
    return [
        {
            "titre": _("Balance and unpaid invoices"),
            "template": "admin/facturation/synthese.html",
            "solde": solde,
            "solde_absolu": abs(solde),
            "impayees": list(impayees),
        }
    ]
