"""Accueil's "What's new" from the pupils' records (extension point "nouveautes"):
documents published, evaluations published (one line per course sheet), sessions
cancelled, since the previous visit."""

from __future__ import annotations

from django.db.models import CharField, Count, DateField, F, IntegerField, Max, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eleves.models import DocumentEleve, Evaluation, Inscription
from imuse.portail import Nouveaute
from imuse.requetes import ID, INSTANT, RequeteFigee

DOCUMENT, EVALUATIONS, ANNULATION = 1, 2, 3
# The columns of the three parts of the query, in this order.
COLONNES = ("genre", "quand", "eleve", "prenom", "objet", "texte", "n", "jour")


# Typed, or PostgreSQL reads a bound NULL as text and refuses the union with a date.
_AUCUN_JOUR = Cast(Value(None), DateField())


def _genre(n: int):
    return Value(n, output_field=IntegerField())


def _documents(famille_id, depuis):
    return (
        DocumentEleve.objects.filter(
            eleve__famille_id=famille_id, visible_famille=True, publie_le__gt=depuis
        )
        .annotate(
            genre=_genre(DOCUMENT),
            quand=F("publie_le"),
            eleve_ref=F("eleve_id"),
            prenom=F("eleve__prenom"),
            objet=F("pk"),
            texte=F("titre"),
            n=Value(0, output_field=IntegerField()),
            jour=_AUCUN_JOUR,
        )
        .values_list("genre", "quand", "eleve_ref", "prenom", "objet", "texte", "n", "jour")
        .order_by()
    )


def _evaluations(famille_id, depuis):
    return (
        Evaluation.objects.filter(
            inscription__eleve__famille_id=famille_id, publiee=True, publiee_le__gt=depuis
        )
        .values("inscription", "inscription__eleve_id", "inscription__eleve__prenom")
        .annotate(
            genre=_genre(EVALUATIONS),
            quand=Max("publiee_le"),
            texte=Max("inscription__cours__code"),
            n=Count("pk"),
            jour=_AUCUN_JOUR,
        )
        .values_list(
            "genre",
            "quand",
            "inscription__eleve_id",
            "inscription__eleve__prenom",
            "inscription",
            "texte",
            "n",
            "jour",
        )
        .order_by()
    )


def _annulations(famille_id, depuis):
    # One line per cancelled session and sheet of the family (a join on the same rows the
    # filter used).
    return (
        Inscription.objects.filter(
            eleve__famille_id=famille_id, cours__annulations__annulee_le__gt=depuis
        )
        .annotate(
            genre=_genre(ANNULATION),
            quand=F("cours__annulations__annulee_le"),
            eleve_ref=F("eleve_id"),
            prenom=Value("", output_field=CharField()),
            objet=F("pk"),
            texte=F("cours__code"),
            n=Value(0, output_field=IntegerField()),
            jour=F("cours__annulations__date"),
        )
        .values_list("genre", "quand", "eleve_ref", "prenom", "objet", "texte", "n", "jour")
        .order_by()
    )


# On Accueil, every visit: the three in one query, compiled once (imuse/requetes.py).
_NOUVEAUTES = RequeteFigee(
    # Newest first, then the latest row: ties keep one order (Accueil shows 15).
    lambda famille_id, depuis: (
        _documents(famille_id, depuis)
        .union(_evaluations(famille_id, depuis), _annulations(famille_id, depuis), all=True)
        .order_by("-quand", "-objet")
    ),
    ID,
    INSTANT,
)


def _ligne(genre, quand, eleve, prenom, objet, texte, n, jour) -> Nouveaute:
    if genre == DOCUMENT:
        return Nouveaute(
            quand,
            _("New document for %(eleve)s: %(titre)s") % {"eleve": prenom, "titre": texte},
            reverse("eleves:documents", args=[eleve]),
            _("See My documents"),
        )
    if genre == EVALUATIONS:
        return Nouveaute(
            quand,
            ngettext(
                "%(n)d new evaluation for %(eleve)s in %(cours)s",
                "%(n)d new evaluations for %(eleve)s in %(cours)s",
                n,
            )
            % {"n": n, "eleve": prenom, "cours": texte},
            reverse("eleves:inscription", args=[eleve, objet]),
            _("See the course sheet"),
        )
    return Nouveaute(
        quand,
        _("Lesson %(cours)s of %(date)s cancelled")
        % {"cours": texte, "date": jour.strftime("%d/%m/%Y")},
        reverse("eleves:inscription", args=[eleve, objet]),
        _("See the course sheet"),
    )


def nouveautes(portail, depuis) -> list[Nouveaute]:
    return [_ligne(*ligne) for ligne in _NOUVEAUTES.lister(portail.famille.pk, depuis)]
