"""Accueil notice while re-enrolment is open, with its closing date."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from eleves.models import Eleve
from imuse.menu import url_entiers
from imuse.portail import Notice
from imuse.requetes import ID, ID2, RequeteFigee
from reinscription.lecture import campagne_ouverte
from reinscription.models import DemandeReinscription


def _premier_eleve(famille_id, campagne_id):
    envoyee = DemandeReinscription.objects.filter(
        eleve=OuterRef("pk"), campagne_id=campagne_id
    ).exclude(etat=DemandeReinscription.Etat.BROUILLON)
    return (
        Eleve.objects.filter(famille_id=famille_id)
        .annotate(envoyee=Exists(envoyee))
        .order_by("envoyee", "prenom", "pk")[:1]
    )


# Compiled once (imuse/requetes.py).
_PREMIER_ELEVE = RequeteFigee(_premier_eleve, ID, ID2)


def notices(request) -> list[Notice]:
    """Two queries: the open campaign, then the first pupil whose request is still to
    send (or the first pupil once all are sent)."""
    campagne = campagne_ouverte(request)
    if campagne is None:
        return []
    eleve = _PREMIER_ELEVE.premier(request.portail.famille.pk, campagne.pk)
    if eleve is None:
        return []
    texte = _(
        "Re-enrolment for %(annee)s is open until %(date)s: tick the courses on each "
        "pupil's Re-enrolment tab."
    ) % {"annee": campagne.annee.libelle, "date": date_format(campagne.cloture, "d/m/Y")}
    lien_texte = (
        _("See the re-enrolment of %(eleve)s") if eleve.envoyee else _("Re-enrol %(eleve)s")
    ) % {"eleve": eleve.prenom}
    return [
        Notice(
            texte=texte,
            lien=url_entiers("reinscription:eleve", eleve.pk),
            lien_texte=lien_texte,
            niveau="attention",
        )
    ]
