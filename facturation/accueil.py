"""Accueil notices: the amount the family owes, and the latest payment reminder the school
sent (while its oldest invoice is left to pay), in one query."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.lecture import montant_du_annote
from facturation.models import Facture, Niveau, Relance
from facturation.suivi import dues
from facturation.templatetags.facturation import format_euros
from imuse.menu import url_entiers, url_fixe
from imuse.portail import Notice
from imuse.requetes import ID, JOUR, RequeteFigee

# A reminder shows on Accueil this long, while its oldest invoice is left to pay.
RELANCE_VISIBLE = timedelta(days=45)
CHAMPS_RELANCE = ("pk", "niveau", "date", "montant")


def _du_et_relance(famille_id, depuis):
    relances = (
        Relance.objects.filter(famille=OuterRef("pk"), date__gte=depuis)
        .filter(Exists(dues(Facture.objects.filter(pk=OuterRef("facture")))))
        .order_by("-date", "-pk")
    )
    return (
        montant_du_annote(famille_id)
        .annotate(**{f"relance_{c}": Subquery(relances.values(c)[:1]) for c in CHAMPS_RELANCE})
        .values(
            "du_factures",
            "du_avoirs",
            "du_reglements",
            *(f"relance_{c}" for c in CHAMPS_RELANCE),
        )
        .order_by("pk")[:1]
    )


_DU_ET_RELANCE = RequeteFigee(_du_et_relance, ID, JOUR)


def notices(request) -> list[Notice]:
    depuis = timezone.localdate() - RELANCE_VISIBLE
    ligne = _DU_ET_RELANCE.premier(request.portail.famille.pk, depuis)
    if ligne is None:
        return []
    resultat = []
    du = ligne["du_factures"] - ligne["du_avoirs"] - ligne["du_reglements"]
    if du > 0:
        resultat.append(
            Notice(
                texte=_("Amount due on your invoices: %(montant)s.")
                % {"montant": format_euros(du)},
                lien=url_fixe("facturation:index"),
                lien_texte=_("See the invoicing"),
                niveau="attention",
            )
        )
    if ligne["relance_pk"] is not None:
        resultat.append(
            Notice(
                texte=_("A %(niveau)s was sent to you on %(date)s: %(montant)s overdue.")
                % {
                    "niveau": Niveau(ligne["relance_niveau"]).label,
                    "date": ligne["relance_date"].strftime("%d/%m/%Y"),
                    "montant": format_euros(ligne["relance_montant"]),
                },
                lien=url_entiers("facturation:relance_pdf", ligne["relance_pk"]),
                lien_texte=_("Download the letter"),
                niveau="attention",
            )
        )
    return resultat
