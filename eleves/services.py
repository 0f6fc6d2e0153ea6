"""State changes of the Élèves menu."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from eleves import calendrier
from eleves.models import (
    Absence,
    AbsenceSignalee,
    Cours,
    DocumentEleve,
    Eleve,
    Evaluation,
    Inscription,
    PeriodeFermeture,
    SeanceAnnulee,
    nouveau_jeton,
)
from famille.models import Famille, Responsable
from famille.notifications import TypeNotification, notifier, notifier_familles
from imuse.journal import journaliser

logger = logging.getLogger(__name__)


@transaction.atomic
def eleve_renouveler_jeton_ical(*, eleve: Eleve, par) -> Eleve:
    """Give the pupil's iCal feed a new secret link; the old one stops working."""
    eleve = Eleve.objects.select_for_update().get(pk=eleve.pk)
    eleve.jeton_ical = nouveau_jeton()
    eleve.save(update_fields=["jeton_ical"])
    journaliser(eleve, "eleve.renouveler_jeton_ical", par=par)
    return eleve


@transaction.atomic
def document_publier(*, document: DocumentEleve, visible: bool, par) -> DocumentEleve:
    """Show a document to the family in "Mes documents" (or withdraw it)."""
    document = (
        DocumentEleve.objects.select_for_update(of=("self",))
        .select_related("eleve__famille")
        .get(pk=document.pk)
    )
    if document.visible_famille == visible:
        return document
    document.visible_famille = visible
    document.publie_le = timezone.now() if visible else None
    document.save(update_fields=["visible_famille", "publie_le"])
    famille = document.eleve.famille
    journaliser(
        document,
        "document.publier" if visible else "document.retirer",
        par=par,
        famille=famille,
        etablissement=famille.etablissement_id,
        titre=document.titre,
    )
    if visible:
        notifier(
            famille=famille,
            type_notification=TypeNotification.DOCUMENT,
            modele="notification_document",
            contexte={"document": document, "eleve": document.eleve},
        )
    return document


@transaction.atomic
def inscriptions_publier(*, inscriptions, par) -> tuple[int, int]:
    """Show the family the evaluations and absences of these course sheets.

    Returns the number of evaluations published and absences made final."""
    evaluations = Evaluation.objects.filter(inscription__in=inscriptions, publiee=False)
    absences = Absence.objects.filter(inscription__in=inscriptions, definitive=False)
    publiees = [e.pk for e in evaluations.select_for_update()]
    definitives = [a.pk for a in absences.select_for_update()]
    maintenant = timezone.now()
    for evaluation in Evaluation.objects.filter(pk__in=publiees):
        evaluation.publiee = True
        evaluation.publiee_le = maintenant
        evaluation.save(update_fields=["publiee", "publiee_le"])
    for absence in Absence.objects.filter(pk__in=definitives):
        absence.definitive = True
        absence.save(update_fields=["definitive"])
    for inscription in Inscription.objects.filter(
        pk__in=[i.pk for i in inscriptions]
    ).select_related("eleve"):
        journaliser(
            inscription,
            "inscription.publier",
            par=par,
            famille=inscription.eleve.famille_id,
            evaluations=len(publiees),
            absences=len(definitives),
        )
    logger.info(
        "%d evaluations published, %d absences made final by %s",
        len(publiees),
        len(definitives),
        par,
    )
    return len(publiees), len(definitives)


class AgendaErreur(Exception):
    """A declaration or a cancellation that cannot be recorded (the message says why)."""


# Absences declared ahead by a family.


@transaction.atomic
def absence_signaler(
    *,
    eleve: Eleve,
    debut: dt.date,
    fin: dt.date | None,
    inscriptions: list[Inscription] | None,
    motif: str,
    par,
) -> AbsenceSignalee:
    """A guardian tells the school that a pupil will miss all courses (`inscriptions`
    None) or some, on a date or a range from today on."""
    fin = fin or debut
    if fin < debut:
        raise AgendaErreur(_("The last day must be on or after the first day."))
    if debut < timezone.localdate():
        raise AgendaErreur(_("An absence is reported ahead: choose today or a later date."))
    if inscriptions is not None:
        if not inscriptions:
            raise AgendaErreur(_("Choose at least one course, or all courses."))
        if any(i.eleve_id != eleve.pk for i in inscriptions):
            raise AgendaErreur(_("Choose among the pupil's courses."))
    absence = AbsenceSignalee.objects.create(
        eleve=eleve,
        debut=debut,
        fin=fin,
        tous_les_cours=inscriptions is None,
        motif=motif.strip(),
        signalee_par=par,
    )
    if inscriptions:
        absence.inscriptions.set(inscriptions)
    journaliser(
        absence,
        "absence.signaler",
        par=par,
        famille=eleve.famille_id,
        etablissement=eleve.famille.etablissement_id,
        debut=debut,
        fin=fin,
        cours=[i.cours.code for i in inscriptions or []],
        motif=absence.motif,
    )
    return absence


def _verrouiller(absence: AbsenceSignalee) -> AbsenceSignalee:
    return (
        AbsenceSignalee.objects.select_for_update(of=("self",))
        .select_related("eleve__famille")
        .get(pk=absence.pk)
    )


@transaction.atomic
def absence_retirer(*, absence: AbsenceSignalee, par) -> AbsenceSignalee:
    """The family withdraws a declaration whose first day has not passed."""
    absence = _verrouiller(absence)
    if not absence.retirable(timezone.localdate()):
        raise AgendaErreur(
            _("This absence can no longer be withdrawn: its date has passed or it was processed.")
        )
    absence.statut = AbsenceSignalee.Statut.RETIREE
    absence.save(update_fields=["statut"])
    journaliser(
        absence,
        "absence.retirer",
        par=par,
        famille=absence.eleve.famille_id,
        etablissement=absence.eleve.famille.etablissement_id,
    )
    return absence


@transaction.atomic
def absence_statuer(*, absence: AbsenceSignalee, justifiee: bool, par) -> AbsenceSignalee:
    """Staff mark a declared absence justified or not."""
    absence = _verrouiller(absence)
    if absence.statut == AbsenceSignalee.Statut.RETIREE:
        raise AgendaErreur(_("The family withdrew this absence."))
    absence.statut = (
        AbsenceSignalee.Statut.JUSTIFIEE if justifiee else AbsenceSignalee.Statut.NON_JUSTIFIEE
    )
    absence.traitee_par = par
    absence.traitee_le = timezone.now()
    absence.save(update_fields=["statut", "traitee_par", "traitee_le"])
    journaliser(
        absence,
        "absence.statuer",
        par=par,
        famille=absence.eleve.famille_id,
        etablissement=absence.eleve.famille.etablissement_id,
        justifiee=justifiee,
    )
    return absence


# Holidays and cancelled sessions.


@transaction.atomic
def vacances_charger(*, annee, par=None) -> int:
    """(Re)load a school year's official holidays (the school's zone) and public
    holidays from the shipped data; the school's own closures stay as they are."""
    officielles = [PeriodeFermeture.Origine.VACANCES, PeriodeFermeture.Origine.FERIE]
    PeriodeFermeture.objects.filter(annee=annee, origine__in=officielles).delete()
    zone = annee.etablissement.zone_vacances
    lignes = [
        PeriodeFermeture(
            annee=annee,
            libelle=libelle,
            debut=debut,
            fin=fin,
            origine=PeriodeFermeture.Origine.VACANCES,
        )
        for libelle, debut, fin in calendrier.periodes_officielles(annee.libelle, zone)
    ]
    lignes += [
        PeriodeFermeture(
            annee=annee,
            libelle=libelle,
            debut=debut,
            fin=fin,
            origine=PeriodeFermeture.Origine.FERIE,
        )
        for libelle, debut, fin in calendrier.jours_feries(annee.debut, annee.fin)
        if not any(v.debut <= debut and fin <= v.fin for v in lignes)
    ]
    PeriodeFermeture.objects.bulk_create(lignes)
    journaliser(
        annee,
        "vacances.charger",
        par=par,
        etablissement=annee.etablissement_id,
        zone=zone,
        periodes=len(lignes),
    )
    return len(lignes)


def _familles_du_cours(cours: Cours) -> list[Famille]:
    return list(
        Famille.objects.filter(
            eleves__inscriptions__cours=cours,
            eleves__inscriptions__situation_activite=Inscription.Situation.ACTIF,
        )
        .select_related("etablissement")
        .distinct()
    )


def seance_verifier(cours: Cours, jour: dt.date) -> None:
    if not cours.jour or jour.isoweekday() != cours.jour:
        raise AgendaErreur(
            _("The course takes place on %(jour)s: choose a date on that day.")
            % {"jour": str(cours.get_jour_display() or "—").lower()}
        )
    if not cours.annee.debut <= jour <= cours.annee.fin:
        raise AgendaErreur(_("The date is outside the course's school year."))
    if PeriodeFermeture.objects.de_l_annee(cours.annee).contient(jour).exists():
        raise AgendaErreur(_("There is no lesson that day: it falls in holidays or a closure."))


@transaction.atomic
def seance_annuler(
    *,
    cours: Cours,
    date: dt.date,
    motif: str,
    remplacement_date: dt.date | None = None,
    remplacement_heure: dt.time | None = None,
    remplacement_salle=None,
    par,
) -> SeanceAnnulee:
    """Cancel one session of a course (teacher absent, room closed) and tell every
    family of the course; a replacement session can be set at once or later."""
    cours = Cours.objects.select_related("annee__etablissement").get(pk=cours.pk)
    seance_verifier(cours, date)
    if SeanceAnnulee.objects.filter(cours=cours, date=date).exists():
        raise AgendaErreur(_("This session is already cancelled."))
    if remplacement_heure and not remplacement_date:
        raise AgendaErreur(_("Give the date of the replacement session."))
    annulation = SeanceAnnulee.objects.create(
        cours=cours,
        date=date,
        motif=motif.strip(),
        remplacement_date=remplacement_date,
        remplacement_heure=remplacement_heure,
        remplacement_salle=remplacement_salle,
        annulee_par=par,
    )
    familles = _familles_du_cours(cours)
    envoyes = notifier_familles(
        familles=familles,
        type_notification=TypeNotification.ANNULATION,
        modele="notification_annulation",
        contexte={"annulation": annulation, "cours": cours},
    )
    journaliser(
        annulation,
        "seance.annuler",
        par=par,
        etablissement=cours.annee.etablissement_id,
        cours=cours.code,
        date=date,
        motif=annulation.motif,
        remplacement=remplacement_date,
        familles=len(familles),
        messages=envoyes,
    )
    return annulation


@transaction.atomic
def seance_remplacer(
    *,
    annulation: SeanceAnnulee,
    remplacement_date: dt.date,
    remplacement_heure: dt.time | None,
    remplacement_salle=None,
    par,
) -> SeanceAnnulee:
    """Set (or change) the replacement of a cancelled session; the families are told."""
    annulation = (
        SeanceAnnulee.objects.select_for_update(of=("self",))
        .select_related("cours__annee__etablissement")
        .get(pk=annulation.pk)
    )
    cours = annulation.cours
    if not cours.annee.debut <= remplacement_date <= cours.annee.fin:
        raise AgendaErreur(_("The date is outside the course's school year."))
    annulation.remplacement_date = remplacement_date
    annulation.remplacement_heure = remplacement_heure
    annulation.remplacement_salle = remplacement_salle
    annulation.save(update_fields=["remplacement_date", "remplacement_heure", "remplacement_salle"])
    envoyes = notifier_familles(
        familles=_familles_du_cours(cours),
        type_notification=TypeNotification.ANNULATION,
        modele="notification_annulation",
        contexte={"annulation": annulation, "cours": cours},
    )
    journaliser(
        annulation,
        "seance.remplacer",
        par=par,
        etablissement=cours.annee.etablissement_id,
        remplacement=remplacement_date,
        messages=envoyes,
    )
    return annulation


# The daily digest of published evaluations.


def evaluations_notifier(*, maintenant: dt.datetime | None = None) -> int:
    """Tell each family, in one message, of the evaluations published before today and
    not yet told (run daily: at most one message a day per family). Returns the number
    of families told."""
    maintenant = maintenant or timezone.now()
    minuit = timezone.localtime(maintenant).replace(hour=0, minute=0, second=0, microsecond=0)
    en_attente = (
        Evaluation.objects.filter(publiee=True, notifiee_le__isnull=True, publiee_le__lt=minuit)
        .select_related("inscription__eleve__famille__etablissement", "inscription__cours")
        .order_by("inscription__eleve__famille_id", "inscription__eleve__prenom", "date")
    )
    par_famille: dict[int, list[Evaluation]] = {}
    for evaluation in en_attente:
        par_famille.setdefault(evaluation.inscription.eleve.famille_id, []).append(evaluation)
    for evaluations in par_famille.values():
        with transaction.atomic():
            famille = evaluations[0].inscription.eleve.famille
            groupes: dict[tuple, int] = {}
            for e in evaluations:
                cle = (e.inscription.eleve, e.inscription.cours.code, e.inscription.pk)
                groupes[cle] = groupes.get(cle, 0) + 1
            Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]).update(
                notifiee_le=maintenant
            )
            notifier(
                famille=famille,
                type_notification=TypeNotification.EVALUATIONS,
                modele="notification_evaluations",
                contexte={
                    "groupes": [
                        {"eleve": eleve, "cours": code, "inscription": pk, "nombre": n}
                        for (eleve, code, pk), n in groupes.items()
                    ]
                },
            )
            journaliser(famille, "evaluations.notifier", par=None, evaluations=len(evaluations))
    return len(par_famille)


def prochain_numero_famille(etablissement) -> int:
    """The next free family number of a site (the add page's suggestion)."""
    dernier = Famille.objects.filter(etablissement=etablissement).aggregate(m=Max("numero"))["m"]
    return (dernier or 0) + 1


@transaction.atomic
def famille_creer(
    *, etablissement, numero: int, nom: str, responsables: list[dict], eleves: list[dict], par
) -> Famille:
    """A family, its guardians (ranks in order: R1, R2) and its pupils, at once (the
    admin's one-page creation). The family's name defaults to R1's, a pupil's to the
    family's; a pupil without a number gets the site's next free ones."""
    nom = nom or (responsables[0]["nom"] if responsables else "")
    famille = Famille.objects.create(etablissement=etablissement, numero=numero, nom=nom)
    crees_r = [
        Responsable.objects.create(famille=famille, rang=rang, **champs)
        for rang, champs in enumerate(responsables, start=1)
    ]
    tapes = [e["numero"] for e in eleves if e.get("numero") is not None]
    suivant = (
        max(
            [
                Eleve.objects.filter(famille__etablissement=etablissement).aggregate(
                    m=Max("numero")
                )["m"]
            ]
            + tapes,
            key=lambda n: n or 0,
        )
        or 0
    )
    crees_e = []
    for champs in eleves:
        champs = {**champs, "nom": champs.get("nom") or nom}
        if champs.get("numero") is None:
            suivant += 1
            champs["numero"] = suivant
        crees_e.append(Eleve.objects.create(famille=famille, **champs))
    journaliser(
        famille,
        "famille.creer",
        par=par,
        responsables=[str(r) for r in crees_r],
        eleves=[f"{e} ({e.numero})" for e in crees_e],
    )
    return famille
