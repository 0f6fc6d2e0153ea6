"""Demo of issue 13: the schools' holiday zone (Normandy is zone B) and privacy page, the
official holidays of every year, a cancelled lesson with its replacement, an absence
reported by the ABARRE family, and new items on their Accueil."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from eleves import calendrier
from eleves.models import AbsenceSignalee, DocumentEleve, Evaluation, Inscription, SeanceAnnulee
from eleves.services import absence_signaler, seance_annuler, vacances_charger
from famille.models import Preferences

RGPD = {
    "rgpd_responsable": "Commune de Valognes, représentée par son maire, "
    "place du Château, 50700 Valognes.",
    "rgpd_finalites": "Inscription et suivi pédagogique des élèves, facturation et encaissement "
    "des cotisations et locations, réinscription, information des familles. Base légale : "
    "mission de service public d'enseignement artistique.",
    "rgpd_conservation": "Dossiers des élèves : durée de la scolarité puis 3 ans. Factures et "
    "règlements : 10 ans (code de commerce, comptabilité publique). Pièces justificatives de "
    "réinscription : jusqu'à la fin de l'année scolaire visée.",
    "rgpd_contact": "Délégué à la protection des données : dpo@valognes.example, 02 33 95 82 00.",
}


def _prochaine_seance(fiche, fermetures, apres: dt.date) -> dt.date | None:
    for jour in calendrier.occurrences(fiche):
        if jour > apres and not calendrier.est_ferme(jour, fermetures):
            return jour
    return None


def charger(ctx) -> list[str]:
    lignes = []
    for etablissement in (ctx.etablissement, ctx.autre_etablissement):
        if not etablissement.zone_vacances:
            etablissement.zone_vacances = "B"
            if etablissement.code == ctx.etablissement.code:
                for champ, valeur in RGPD.items():
                    setattr(etablissement, champ, valeur)
            etablissement.save()
        for annee in ctx.annees[etablissement.code]:
            if not annee.fermetures.exists():
                vacances_charger(annee=annee)
    aujourdhui = ctx.aujourdhui
    famille = ctx.famille_demo
    fiches = list(
        Inscription.objects.filter(eleve__famille=famille, cours__annee__courante=True)
        .select_related("cours__annee", "eleve")
        .order_by("eleve__prenom", "cours__code")
    )
    if not fiches:
        return lignes
    agendas = calendrier.agendas(fiches)
    fiche = fiches[0]
    fermetures = agendas[fiche.pk][0]
    if not SeanceAnnulee.objects.filter(cours=fiche.cours).exists():
        jour = _prochaine_seance(fiche, fermetures, aujourdhui)
        if jour is not None:
            seance_annuler(
                cours=fiche.cours,
                date=jour,
                motif="Professeur absent (formation)",
                remplacement_date=jour + dt.timedelta(days=5),
                remplacement_heure=dt.time(14, 0),
                par=None,
            )
            lignes.append(f"  Cancelled lesson: {fiche.cours.code} on {jour:%d/%m/%Y}")
    autre = fiches[-1]
    if not AbsenceSignalee.objects.filter(eleve=autre.eleve).exists():
        debut = aujourdhui + dt.timedelta(days=8)
        absence_signaler(
            eleve=autre.eleve,
            debut=debut,
            fin=debut + dt.timedelta(days=2),
            inscriptions=None,
            motif="Voyage scolaire",
            par=ctx.responsable_demo.utilisateur,
        )
        lignes.append(f"  Absence reported for {autre.eleve.prenom} from {debut:%d/%m/%Y}")
    # What's new on Accueil: the previous visit a week ago, and what happened since.
    maintenant = timezone.now()
    Preferences.objects.update_or_create(
        responsable=ctx.responsable_demo,
        defaults={"derniere_visite": maintenant - dt.timedelta(days=7)},
    )
    recent = maintenant - dt.timedelta(days=2)
    document = (
        DocumentEleve.objects.filter(eleve__famille=famille, visible_famille=True)
        .order_by("-cree_le")
        .first()
    )
    if document is not None and document.publie_le is None:
        DocumentEleve.objects.filter(pk=document.pk).update(publie_le=recent)
    evaluations = Evaluation.objects.filter(
        inscription__in=fiches, publiee=True, publiee_le__isnull=True
    ).order_by("-date")[:2]
    Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]).update(
        publiee_le=recent, notifiee_le=recent
    )
    lignes.append("  Accueil of demo: What's new since a visit a week ago")
    return lignes
