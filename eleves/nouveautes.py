"""Accueil's "What's new" from the pupils' records (extension point "nouveautes"):
documents published, evaluations published (one line per course sheet), sessions
cancelled, since the previous visit."""

from __future__ import annotations

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eleves.models import DocumentEleve, Evaluation, Inscription
from imuse.portail import Nouveaute
from imuse.requetes import ID, INSTANT, RequeteFigee

# On Accueil, every visit: compiled once (imuse/requetes.py).
_DOCUMENTS = RequeteFigee(
    lambda famille_id, depuis: DocumentEleve.objects.filter(
        eleve__famille_id=famille_id, visible_famille=True, publie_le__gt=depuis
    ).select_related("eleve"),
    ID,
    INSTANT,
)
_EVALUATIONS = RequeteFigee(
    lambda famille_id, depuis: (
        Evaluation.objects.filter(
            inscription__eleve__famille_id=famille_id, publiee=True, publiee_le__gt=depuis
        )
        .values("inscription", "inscription__eleve_id", "inscription__eleve__prenom")
        .annotate(n=Count("pk"), quand=Max("publiee_le"), cours=Max("inscription__cours__code"))
        .order_by()
    ),
    ID,
    INSTANT,
)
# One line per cancelled session and sheet of the family (a join on the same rows the
# filter used).
_ANNULATIONS = RequeteFigee(
    lambda famille_id, depuis: Inscription.objects.filter(
        eleve__famille_id=famille_id, cours__annulations__annulee_le__gt=depuis
    ).values(
        "pk",
        "eleve_id",
        "cours__code",
        "cours__annulations__date",
        "cours__annulations__annulee_le",
    ),
    ID,
    INSTANT,
)


def nouveautes(portail, depuis) -> list[Nouveaute]:
    famille_id = portail.famille.pk
    resultat = []
    for doc in _DOCUMENTS.lister(famille_id, depuis):
        resultat.append(
            Nouveaute(
                doc.publie_le,
                _("New document for %(eleve)s: %(titre)s")
                % {"eleve": doc.eleve.prenom, "titre": doc.titre},
                reverse("eleves:documents", args=[doc.eleve_id]),
                _("See My documents"),
            )
        )
    for g in _EVALUATIONS.lister(famille_id, depuis):
        resultat.append(
            Nouveaute(
                g["quand"],
                ngettext(
                    "%(n)d new evaluation for %(eleve)s in %(cours)s",
                    "%(n)d new evaluations for %(eleve)s in %(cours)s",
                    g["n"],
                )
                % {"n": g["n"], "eleve": g["inscription__eleve__prenom"], "cours": g["cours"]},
                reverse("eleves:inscription", args=[g["inscription__eleve_id"], g["inscription"]]),
                _("See the course sheet"),
            )
        )
    for a in _ANNULATIONS.lister(famille_id, depuis):
        resultat.append(
            Nouveaute(
                a["cours__annulations__annulee_le"],
                _("Lesson %(cours)s of %(date)s cancelled")
                % {
                    "cours": a["cours__code"],
                    "date": a["cours__annulations__date"].strftime("%d/%m/%Y"),
                },
                reverse("eleves:inscription", args=[a["eleve_id"], a["pk"]]),
                _("See the course sheet"),
            )
        )
    return resultat
