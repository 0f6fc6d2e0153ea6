"""The reads of a pupil's tab pages, compiled once per process (imuse/requetes.py): the
course sheets with their 8-table select_related (course, year, discipline, department,
teacher, cycle, room) took longer to build as SQL than PostgreSQL took to run them.
Each builder is the one the views used; a search text keeps the plain queryset."""

from __future__ import annotations

from eleves.calendrier import par_fiche
from imuse.requetes import ID, ID2, JOUR, JOUR2, TEXTE, RequeteFigee


def _inscriptions():
    from eleves.models import Inscription

    return Inscription.objects


def anterieures(lignes, debut_actuelle):
    """The sheets of the years before the current one (starting `debut_actuelle`, or
    none), newest first. A next year's course (a validated re-enrolment) stays out."""
    lignes = lignes.exclude(cours__annee__courante=True)
    if debut_actuelle is not None:
        lignes = lignes.filter(cours__annee__debut__lt=debut_actuelle)
    return lignes.order_by(
        "-cours__annee__debut", "cours__discipline__departement__nom", "cours__code"
    )


FICHE = RequeteFigee(
    lambda eleve_id, pk: _inscriptions().de_l_eleve(eleve_id).filter(pk=pk), ID, ID2
)
COURS_DE_L_ANNEE = RequeteFigee(
    lambda eleve_id, etablissement_id: (
        _inscriptions()
        .de_l_eleve(eleve_id)
        .de_l_annee_courante(etablissement_id)
        .order_by("cours__code")
    ),
    ID,
    ID2,
)
# The Historique tab's columns, read as tuples (eleves/rendu_fiche.py `lignes_historique`):
# building the 7 model instances of each sheet was a quarter of the page.
COLONNES_HISTORIQUE = (
    "pk",
    "cours__code",
    "cours__annee__libelle",
    "cours__discipline__departement__nom",
    "cours__cycle__code",
    "cours__enseignant__nom",
    "cours__enseignant__prenom",
)


def lignes_anterieures(lignes, debut_actuelle):
    """`anterieures` as the Historique tab's rows (COLONNES_HISTORIQUE)."""
    return anterieures(lignes, debut_actuelle).values_list(*COLONNES_HISTORIQUE)


ANTERIEURES = RequeteFigee(
    lambda eleve_id, debut: lignes_anterieures(_inscriptions().de_l_eleve(eleve_id), debut),
    ID,
    JOUR,
)
IDS_ANNEE = RequeteFigee(
    lambda eleve_id, annee_id: (
        _inscriptions()
        .filter(eleve_id=eleve_id, cours__annee=annee_id)
        .order_by("cours__code")
        .values_list("pk", flat=True)
    ),
    ID,
    ID2,
)
IDS_ANTERIEURES = RequeteFigee(
    lambda eleve_id, debut: anterieures(
        _inscriptions().filter(eleve_id=eleve_id), debut
    ).values_list("pk", flat=True),
    ID,
    JOUR,
)


def _evaluations(inscription_id):
    from eleves.models import Evaluation

    return Evaluation.objects.filter(inscription_id=inscription_id, publiee=True)


def _absences(inscription_id):
    from eleves.models import Absence

    return Absence.objects.filter(inscription_id=inscription_id, definitive=True)


def _signalees(eleve_id, inscription_id, debut, fin):
    from django.db.models import Q

    from eleves.models import AbsenceSignalee

    # AbsenceSignalee.objects.pour_inscription(fiche).order_by("-debut"), by values.
    return (
        AbsenceSignalee.objects.en_cours()
        .filter(eleve_id=eleve_id)
        .filter(Q(tous_les_cours=True) | Q(inscriptions=inscription_id))
        .chevauchant(debut, fin)
        .distinct()
        .order_by("-debut")
    )


def _fermetures(annee_id):
    from eleves.models import PeriodeFermeture

    return PeriodeFermeture.objects.filter(annee=annee_id).order_by("debut")


def _annulations(cours_id):
    from eleves.models import SeanceAnnulee

    return SeanceAnnulee.objects.filter(cours=cours_id).select_related("remplacement_salle")


EVALUATIONS = RequeteFigee(_evaluations, ID)
ABSENCES = RequeteFigee(_absences, ID)
SIGNALEES = RequeteFigee(_signalees, ID, ID2, JOUR, JOUR2)
FERMETURES = RequeteFigee(_fermetures, ID)
ANNULATIONS = RequeteFigee(_annulations, ID)


def _eleve_du_jeton(jeton):
    from eleves.models import Eleve

    return Eleve.objects.select_related("famille__etablissement").filter(jeton_ical=jeton)[:1]


def _fermetures_annee_courante(etablissement_id):
    from eleves.models import PeriodeFermeture

    return PeriodeFermeture.objects.filter(
        annee__etablissement_id=etablissement_id, annee__courante=True
    ).order_by("debut")


def _annulations_du_flux(eleve_id, etablissement_id):
    from eleves.models import SeanceAnnulee

    cours = _inscriptions().filter(eleve_id=eleve_id).de_l_annee_courante(etablissement_id)
    return SeanceAnnulee.objects.filter(cours__in=cours.values("cours")).select_related(
        "remplacement_salle"
    )


# The calendar feed (eleves.views.ical_flux), fetched by calendar apps again and again:
# its four queries took 6.5 ms to build as SQL, more than the rest of the feed.
ELEVE_DU_JETON = RequeteFigee(_eleve_du_jeton, TEXTE)
COURS_DU_FLUX = RequeteFigee(
    lambda eleve_id, etablissement_id: (
        _inscriptions().de_l_eleve(eleve_id).de_l_annee_courante(etablissement_id)
    ),
    ID,
    ID2,
)
FERMETURES_ANNEE_COURANTE = RequeteFigee(_fermetures_annee_courante, ID)
ANNULATIONS_DU_FLUX = RequeteFigee(_annulations_du_flux, ID, ID2)


def agendas_du_flux(eleve_id, etablissement_id, lignes) -> dict[int, tuple[list, list]]:
    """calendrier.agendas(lignes) for COURS_DU_FLUX's sheets (the current year's of one
    pupil): per sheet, the closures of its year and the cancellations of its course."""
    if not lignes:
        return {}
    return par_fiche(
        lignes,
        FERMETURES_ANNEE_COURANTE.lister(etablissement_id),
        ANNULATIONS_DU_FLUX.lister(eleve_id, etablissement_id),
    )


def agenda(fiche) -> tuple[list, list]:
    """calendrier.agendas([fiche])[fiche.pk]: the closures of its year, the
    cancellations of its course."""
    return FERMETURES.lister(fiche.cours.annee_id), ANNULATIONS.lister(fiche.cours_id)


def repertoire(eleve_id):
    from eleves.models import PieceRepertoire

    return (
        PieceRepertoire.objects.filter(eleve=eleve_id)
        .select_related("discipline", "annee")
        .order_by("-annee__debut", "-date", "titre")
    )


def _annees_repertoire(eleve_id):
    from eleves.models import PieceRepertoire
    from imuse.models import AnneeScolaire

    return AnneeScolaire.objects.filter(
        pk__in=PieceRepertoire.objects.filter(eleve=eleve_id).values("annee")
    ).order_by("-debut")


def documents(eleve_id):
    from eleves.models import DocumentEleve

    return DocumentEleve.objects.filter(eleve=eleve_id, visible_famille=True).select_related(
        "annee"
    )


REPERTOIRE = RequeteFigee(repertoire, ID)
ANNEES_REPERTOIRE = RequeteFigee(_annees_repertoire, ID)
DOCUMENTS = RequeteFigee(documents, ID)
