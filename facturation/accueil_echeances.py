"""Accueil notices of instalments and reminders: the family's next instalment due, and
the reminders the school sent about unpaid invoices (a bounded number of queries)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from facturation.models import Echeance
from facturation.templatetags.facturation import format_euros
from imuse.portail import Notice
from imuse.requetes import ID, RequeteFigee

# On Accueil, every visit: compiled once (imuse/requetes.py).
_PROCHAINE = RequeteFigee(
    lambda famille_id: (
        Echeance.objects.de_la_famille(famille_id)
        .a_payer()
        .filter(facture__annulee=False)
        .select_related("facture")
        .order_by("date", "pk")[:1]
    ),
    ID,
)


def notices(request) -> list[Notice]:
    famille = request.portail.famille
    resultat: list[Notice] = []
    prochaine = _PROCHAINE.premier(famille.pk)
    if prochaine is not None:
        resultat.append(
            Notice(
                texte=_(
                    "Next instalment: %(montant)s on %(date)s (invoice %(numero)s, "
                    "instalment %(rang)s of %(nombre)s)."
                )
                % {
                    "montant": format_euros(prochaine.montant),
                    "date": prochaine.date.strftime("%d/%m/%Y"),
                    "numero": prochaine.facture.numero,
                    "rang": prochaine.rang,
                    "nombre": prochaine.nombre,
                },
                lien=reverse("facturation:index"),
                lien_texte=_("See the due dates"),
            )
        )
    return resultat
