"""Telling every family of a school that a re-enrolment campaign opens, or closes in 7
days: a background task (django-tasks) with progress and a report (EnvoiCampagne).

`campagnes_notifier()` is run daily (command notifier_campagnes): it starts each mailing
once, whatever the number of runs; staff can also start the opening's from the admin.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from famille.models import Famille
from famille.notifications import TypeNotification, notifier_familles
from imuse.journal import journaliser
from reinscription.models import Campagne, EnvoiCampagne

logger = logging.getLogger(__name__)

LOT = 50
RAPPEL_AVANT_CLOTURE = dt.timedelta(days=7)
MODELES = {
    EnvoiCampagne.Nature.OUVERTURE: "notification_campagne_ouverture",
    EnvoiCampagne.Nature.CLOTURE: "notification_campagne_cloture",
}


class EnvoiErreur(Exception):
    """A mailing that cannot start (the message says why)."""


def familles_concernees(campagne: Campagne):
    """The families of the school with at least one pupil."""
    return (
        Famille.objects.filter(etablissement=campagne.etablissement_id, eleves__isnull=False)
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def envoi_lancer(*, campagne: Campagne, nature: str, par) -> EnvoiCampagne:
    """Start the mailing of a campaign (once per kind: a second start is refused)."""
    campagne = Campagne.objects.select_for_update().get(pk=campagne.pk)
    deja = campagne.envois.filter(nature=nature).exclude(statut=EnvoiCampagne.Statut.ECHEC)
    if deja.exists():
        raise EnvoiErreur(_("The families have already been told of this campaign."))
    if not campagne.active:
        raise EnvoiErreur(_("The campaign is not active."))
    envoi = EnvoiCampagne.objects.create(
        campagne=campagne, nature=nature, total=familles_concernees(campagne).count()
    )
    journaliser(envoi, "campagne.envoyer", par=par, nature=nature, familles=envoi.total)
    transaction.on_commit(lambda: envoyer_campagne.enqueue(envoi.pk))
    return envoi


def envoi_executer(*, envoi: EnvoiCampagne) -> EnvoiCampagne:
    """Send the mailing by batches, saving the progress after each (run by the task)."""
    campagne = envoi.campagne
    EnvoiCampagne.objects.filter(pk=envoi.pk).update(statut=EnvoiCampagne.Statut.EN_COURS)
    modele = MODELES[envoi.nature]
    ids = list(familles_concernees(campagne).values_list("pk", flat=True))
    erreurs = []
    for debut in range(0, len(ids), LOT):
        lot = list(
            Famille.objects.filter(pk__in=ids[debut : debut + LOT])
            .select_related("etablissement")
            .order_by("pk")
        )
        envoyes, sans_adresse = 0, 0
        try:
            with transaction.atomic():
                for famille in lot:
                    n = notifier_familles(
                        familles=[famille],
                        type_notification=TypeNotification.CAMPAGNE,
                        modele=modele,
                        contexte={"campagne": campagne},
                    )
                    envoyes += n
                    sans_adresse += 0 if n else 1
        except Exception as erreur:  # noqa: BLE001 (reported, the next batch goes on)
            logger.exception("Mailing %s: batch from %s failed", envoi.pk, debut)
            erreurs.append({"familles": [f.numero for f in lot], "erreur": str(erreur)[:200]})
        EnvoiCampagne.objects.filter(pk=envoi.pk).update(
            traitees=F("traitees") + len(lot),
            messages=F("messages") + envoyes,
            sans_adresse=F("sans_adresse") + sans_adresse,
        )
    maintenant = timezone.now()
    with transaction.atomic():
        envoi = EnvoiCampagne.objects.select_for_update().get(pk=envoi.pk)
        envoi.erreurs = erreurs
        envoi.statut = EnvoiCampagne.Statut.ECHEC if erreurs else EnvoiCampagne.Statut.TERMINE
        envoi.termine_le = maintenant
        envoi.save(update_fields=["erreurs", "statut", "termine_le"])
        champ = (
            "ouverture_notifiee_le"
            if envoi.nature == EnvoiCampagne.Nature.OUVERTURE
            else "cloture_notifiee_le"
        )
        Campagne.objects.filter(pk=campagne.pk).update(**{champ: maintenant})
        journaliser(
            envoi,
            "campagne.envoi_termine",
            par=None,
            messages=envoi.messages,
            sans_adresse=envoi.sans_adresse,
            erreurs=len(erreurs),
        )
    return envoi


@task()
def envoyer_campagne(envoi_id: int) -> int:
    envoi = EnvoiCampagne.objects.select_related("campagne__annee").get(pk=envoi_id)
    return envoi_executer(envoi=envoi).messages


def campagnes_notifier(*, jour: dt.date | None = None) -> list[EnvoiCampagne]:
    """Start what is due today: the opening of each active campaign open since its
    opening date, the reminder of each closing within 7 days. Idempotent."""
    jour = jour or timezone.localdate()
    lances = []
    actives = Campagne.objects.filter(active=True, ouverture__lte=jour, cloture__gte=jour)
    for campagne in actives.filter(ouverture_notifiee_le__isnull=True):
        if not campagne.envois.filter(nature=EnvoiCampagne.Nature.OUVERTURE).exists():
            lances.append(
                envoi_lancer(campagne=campagne, nature=EnvoiCampagne.Nature.OUVERTURE, par=None)
            )
    # Not on the day the opening was announced: one message a day is enough.
    minuit = timezone.make_aware(dt.datetime.combine(jour, dt.time()))
    rappels = actives.filter(
        cloture_notifiee_le__isnull=True,
        cloture__lte=jour + RAPPEL_AVANT_CLOTURE,
        ouverture_notifiee_le__lt=minuit,
    )
    for campagne in rappels:
        if not campagne.envois.filter(nature=EnvoiCampagne.Nature.CLOTURE).exists():
            lances.append(
                envoi_lancer(campagne=campagne, nature=EnvoiCampagne.Nature.CLOTURE, par=None)
            )
    return lances
