"""Accueil notices of instalments and reminders: the family's next instalment due, and
the reminders the school sent about unpaid invoices (a bounded number of queries)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.models import Echeance, Facture, Relance
from facturation.suivi import dues
from facturation.templatetags.facturation import format_euros
from imuse.portail import Notice
from imuse.requetes import ID, RequeteFigee

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

# A reminder shows on Accueil this long, while its oldest invoice is left to pay.
RELANCE_VISIBLE = timedelta(days=45)


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
    relance = Relance.objects.de_la_famille(famille).order_by("-date", "-pk").first()
    recente = relance is not None and relance.date >= timezone.localdate() - RELANCE_VISIBLE
    if recente and dues(Facture.objects.filter(pk=relance.facture_id)).exists():
        resultat.append(
            Notice(
                texte=_("A %(niveau)s was sent to you on %(date)s: %(montant)s overdue.")
                % {
                    "niveau": relance.get_niveau_display(),
                    "date": relance.date.strftime("%d/%m/%Y"),
                    "montant": format_euros(relance.montant),
                },
                lien=reverse("facturation:relance_pdf", args=[relance.pk]),
                lien_texte=_("Download the letter"),
                niveau="attention",
            )
        )
    return resultat
