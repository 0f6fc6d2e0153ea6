"""The "Élèves" menu: the family's pupils and each pupil's file, one URL per tab."""

from __future__ import annotations

import os

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from eleves import calendrier, ical, lecture_portail
from eleves.forms import EleveForm, RechercheForm
from eleves.models import Eleve, Inscription
from eleves.services import eleve_renouveler_jeton_ical
from famille.views import message_resultat
from imuse import extensions
from imuse.fichiers import reponse_fichier_prive
from imuse.menu import url_entiers
from imuse.models import AnneeScolaire
from imuse.portail import Onglet, vue_portail
from imuse.services import demande_ouverte, demande_soumettre
from imuse.traduits import traduit

# (cle, libelle, URL name) of the tabs this app provides, in the manual's order.
ONGLETS = [
    ("identite", _("Identity"), "eleves:identite"),
    ("cours", _("Courses"), "eleves:cours"),
    ("historique", _("History"), "eleves:historique"),
    ("repertoire", _("Repertoire"), "eleves:repertoire"),
    ("documents", _("My documents"), "eleves:documents"),
]


def onglets_fiche(request: HttpRequest, eleve: Eleve) -> list[Onglet]:
    onglets = [
        Onglet(cle, traduit(libelle), url_entiers(nom, eleve.pk)) for cle, libelle, nom in ONGLETS
    ]
    return onglets + extensions.appeler("onglets_eleve", request, eleve)


def eleves_famille(request: HttpRequest) -> list[Eleve]:
    return request.portail.eleves


def eleve_de_la_famille(request: HttpRequest, pk: int) -> Eleve:
    """The family's pupil `pk`, or 404. A GET takes it from the portal's list of the
    family's pupils (the same rows, already read for the picker): no query."""
    if request.method == "GET":
        for eleve in request.portail.eleves:
            if eleve.pk == pk:
                return eleve
        raise Http404
    return get_object_or_404(Eleve.objects.de_la_famille(request.portail.famille), pk=pk)


def contexte_fiche(request: HttpRequest, eleve: Eleve, cle: str) -> dict:
    """The context every tab page of a pupil's file passes to eleves/fiche_layout.html:
    eleve, eleves_famille (the picker), onglets, onglet_actif (cle), onglet_libelle."""
    onglets = onglets_fiche(request, eleve)
    libelle = next((o.libelle for o in onglets if o.cle == cle), "")
    return {
        "eleve": eleve,
        "eleves_famille": eleves_famille(request),
        "onglets": onglets,
        "onglet_actif": cle,
        "onglet_libelle": libelle,
    }


def recherche(request: HttpRequest, prefixe: str = "") -> tuple[RechercheForm, str]:
    form = RechercheForm(request.GET, prefix=prefixe or None)
    texte = form.cleaned_data["q"].strip() if form.is_valid() else ""
    return form, texte


def annee_courante(request: HttpRequest) -> AnneeScolaire | None:
    return request.portail.annee_courante


def inscriptions(eleve: Eleve):
    return Inscription.objects.de_l_eleve(eleve)


def _debut_actuelle(request: HttpRequest):
    actuelle = annee_courante(request)
    return actuelle.debut if actuelle is not None else None


def lignes_anterieures(request: HttpRequest, eleve: Eleve):
    """The sheets of the years before the current one, newest first, as the Historique
    tab's rows. A next year's course (a validated re-enrolment) is not history: it stays
    out."""
    return lecture_portail.lignes_anterieures(inscriptions(eleve), _debut_actuelle(request))


def est_anterieure(request: HttpRequest, fiche: Inscription) -> bool:
    annee = fiche.cours.annee
    if annee.courante:
        return False
    actuelle = annee_courante(request)
    return actuelle is None or annee.debut < actuelle.debut


def filtre_cours(texte: str) -> Q:
    if not texte:
        return Q()
    return (
        Q(cours__code__icontains=texte)
        | Q(cours__discipline__nom__icontains=texte)
        | Q(cours__discipline__departement__nom__icontains=texte)
        | Q(cours__enseignant__nom__icontains=texte)
        | Q(cours__enseignant__prenom__icontains=texte)
        | Q(cours__cycle__code__icontains=texte)
        | Q(cours__salle__nom__icontains=texte)
        | Q(cours__annee__libelle__icontains=texte)
    )


@vue_portail
def index(request: HttpRequest) -> HttpResponse:
    eleves = eleves_famille(request)
    choix = request.GET.get("eleve", "")
    if choix.isdigit():
        eleve = eleve_de_la_famille(request, int(choix))
        # The picker of a file keeps the tab open when it switches to another pupil.
        cle = request.GET.get("onglet", "")
        onglet = next((o for o in onglets_fiche(request, eleve) if o.cle == cle), None)
        if onglet is not None:
            return redirect(onglet.url)
        return redirect("eleves:identite", eleve.pk)
    if len(eleves) == 1:
        return redirect("eleves:identite", eleves[0].pk)
    return render(request, "eleves/index.html", {"eleves": eleves})


@vue_portail
def fiche(request: HttpRequest, pk: int) -> HttpResponse:
    eleve = eleve_de_la_famille(request, pk)
    return redirect("eleves:identite", eleve.pk)


@vue_portail
def identite(request: HttpRequest, pk: int) -> HttpResponse:
    eleve = eleve_de_la_famille(request, pk)
    demande = demande_ouverte(eleve)
    statut = 200
    if request.method == "POST":
        form = EleveForm(request.POST, objet=eleve, demande=demande)
        if form.is_valid():
            demande = demande_soumettre(objet=eleve, valeurs=form.valeurs_texte(), par=request.user)
            message_resultat(request, demande)
            return redirect("eleves:identite", eleve.pk)
        statut = 400
    else:
        form = EleveForm(objet=eleve, demande=demande)
    contexte = contexte_fiche(request, eleve, "identite") | {"form": form, "demande": demande}
    return render(request, "eleves/identite.html", contexte, status=statut)


@vue_portail
def cours(request: HttpRequest, pk: int) -> HttpResponse:
    eleve = eleve_de_la_famille(request, pk)
    form, texte = recherche(request)
    annee = annee_courante(request)
    if texte:
        lignes = list(
            inscriptions(eleve)
            .de_l_annee_courante(request.portail.etablissement.pk)
            .filter(filtre_cours(texte))
            .order_by("cours__code")
        )
    else:
        lignes = lecture_portail.COURS_DE_L_ANNEE.lister(eleve.pk, request.portail.etablissement.pk)
    url_ical = request.build_absolute_uri(reverse("eleves:ical", args=[eleve.jeton_ical]))
    contexte = contexte_fiche(request, eleve, "cours") | {
        "inscriptions": lignes,
        "recherche": form,
        "texte": texte,
        "annee": annee,
        "url_ical": url_ical,
    }
    return render(request, "eleves/cours.html", contexte)


@vue_portail
def historique(request: HttpRequest, pk: int) -> HttpResponse:
    eleve = eleve_de_la_famille(request, pk)
    form, texte = recherche(request)
    if texte:
        lignes = list(lignes_anterieures(request, eleve).filter(filtre_cours(texte)))
    else:
        lignes = lecture_portail.ANTERIEURES.lister(eleve.pk, _debut_actuelle(request))
    contexte = contexte_fiche(request, eleve, "historique") | {
        "inscriptions": lignes,
        "recherche": form,
        "texte": texte,
    }
    return render(request, "eleves/historique.html", contexte)


@vue_portail
def inscription(request: HttpRequest, pk: int, inscription_pk: int) -> HttpResponse:
    """A course sheet: the course, its published evaluations and final absences, with
    links to the previous and next sheet (this year's courses, or earlier years)."""
    eleve = eleve_de_la_famille(request, pk)
    fiche = lecture_portail.FICHE.premier(eleve.pk, inscription_pk)
    if fiche is None:
        raise Http404
    courante = not est_anterieure(request, fiche)
    if courante:
        ids = lecture_portail.IDS_ANNEE.lister(eleve.pk, fiche.cours.annee_id)
    else:
        ids = lecture_portail.IDS_ANTERIEURES.lister(eleve.pk, _debut_actuelle(request))
    rang = ids.index(fiche.pk)
    precedente = ids[rang - 1] if rang > 0 else None
    suivante = ids[rang + 1] if rang + 1 < len(ids) else None
    form_e, texte_e = recherche(request, "eval")
    form_a, texte_a = recherche(request, "abs")
    evaluations = lecture_portail.EVALUATIONS.lister(fiche.pk)
    if texte_e:
        evaluations = fiche.evaluations.filter(publiee=True)
        evaluations = evaluations.filter(
            Q(type_evaluation__icontains=texte_e)
            | Q(critere__icontains=texte_e)
            | Q(appreciation__icontains=texte_e)
            | Q(mention__icontains=texte_e)
            | Q(lettre__iexact=texte_e)
        )
    toutes = lecture_portail.ABSENCES.lister(fiche.pk)
    annee = fiche.cours.annee
    signalees = lecture_portail.SIGNALEES.lister(fiche.eleve_id, fiche.pk, annee.debut, annee.fin)
    if texte_a:
        signalees = [a for a in signalees if texte_a.casefold() in a.motif.casefold()]
    fermetures, annulations = lecture_portail.agenda(fiche)
    seances = calendrier.seances(fiche, fermetures, annulations)
    absences = (
        [a for a in toutes if texte_a.casefold() in a.motif.casefold()] if texte_a else toutes
    )
    contexte = contexte_fiche(request, eleve, "cours" if courante else "historique") | {
        "fiche": fiche,
        "courante": courante,
        "evaluations": list(evaluations),
        "absences": absences,
        "absences_total": len(toutes),
        "signalees": signalees,
        "nombre_seances": calendrier.nombre_de_seances(seances),
        "seances_annulees": [x for x in seances if x.statut == "annulee"],
        "remplacements": [x for x in seances if x.statut == "remplacement"],
        "a_un_horaire": bool(calendrier.occurrences(fiche)),
        "absences_non_justifiees": sum(1 for a in toutes if not a.justifiee),
        "conserver_eval": [("abs-q", texte_a)] if texte_a else [],
        "conserver_abs": [("eval-q", texte_e)] if texte_e else [],
        "recherche_eval": form_e,
        "recherche_abs": form_a,
        "precedente": precedente,
        "suivante": suivante,
        "position": rang + 1,
        "total": len(ids),
    }
    return render(request, "eleves/inscription.html", contexte)


@vue_portail
def evaluation(request: HttpRequest, pk: int, inscription_pk: int, evaluation_pk: int):
    eleve = eleve_de_la_famille(request, pk)
    fiche = get_object_or_404(inscriptions(eleve), pk=inscription_pk)
    objet = get_object_or_404(fiche.evaluations.filter(publiee=True), pk=evaluation_pk)
    courante = not est_anterieure(request, fiche)
    contexte = contexte_fiche(request, eleve, "cours" if courante else "historique") | {
        "fiche": fiche,
        "evaluation": objet,
    }
    return render(request, "eleves/evaluation.html", contexte)


@vue_portail
def absence(request: HttpRequest, pk: int, inscription_pk: int, absence_pk: int):
    eleve = eleve_de_la_famille(request, pk)
    fiche = get_object_or_404(inscriptions(eleve), pk=inscription_pk)
    objet = get_object_or_404(fiche.absences.filter(definitive=True), pk=absence_pk)
    courante = not est_anterieure(request, fiche)
    contexte = contexte_fiche(request, eleve, "cours" if courante else "historique") | {
        "fiche": fiche,
        "absence": objet,
    }
    return render(request, "eleves/absence.html", contexte)


@vue_portail
def repertoire(request: HttpRequest, pk: int) -> HttpResponse:
    eleve = eleve_de_la_famille(request, pk)
    form, texte = recherche(request)
    annees = lecture_portail.ANNEES_REPERTOIRE.lister(eleve.pk)
    choix_annee = request.GET.get("annee", "")
    annee = next((a for a in annees if str(a.pk) == choix_annee), None)
    if annee is None and not texte:
        pieces = lecture_portail.REPERTOIRE.lister(eleve.pk)
    else:
        pieces = lecture_portail.repertoire(eleve.pk)
        if annee is not None:
            pieces = pieces.filter(annee=annee)
        if texte:
            pieces = pieces.filter(
                Q(titre__icontains=texte)
                | Q(compositeur__icontains=texte)
                | Q(discipline__nom__icontains=texte)
                | Q(commentaire__icontains=texte)
            )
    contexte = contexte_fiche(request, eleve, "repertoire") | {
        "pieces": list(pieces),
        "recherche": form,
        "texte": texte,
        "annees": annees,
        "annee": annee,
    }
    return render(request, "eleves/repertoire.html", contexte)


def documents_publies(eleve: Eleve):
    return lecture_portail.documents(eleve.pk)


@vue_portail
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    eleve = eleve_de_la_famille(request, pk)
    form, texte = recherche(request)
    docs = lecture_portail.DOCUMENTS.lister(eleve.pk)
    if texte:
        docs = documents_publies(eleve).filter(
            Q(titre__icontains=texte)
            | Q(nom_original__icontains=texte)
            | Q(annee__libelle__icontains=texte)
        )
    contexte = contexte_fiche(request, eleve, "documents") | {
        "documents": list(docs),
        "recherche": form,
        "texte": texte,
    }
    return render(request, "eleves/documents.html", contexte)


@vue_portail
def document(request: HttpRequest, pk: int, document_pk: int):
    eleve = eleve_de_la_famille(request, pk)
    doc = get_object_or_404(documents_publies(eleve), pk=document_pk)
    nom = doc.nom_original or os.path.basename(doc.fichier.name)
    return reponse_fichier_prive(doc.fichier, nom)


@require_POST
@vue_portail
def ical_renouveler(request: HttpRequest, pk: int) -> HttpResponse:
    eleve = eleve_de_la_famille(request, pk)
    eleve_renouveler_jeton_ical(eleve=eleve, par=request.user)
    messages.success(
        request,
        _("The calendar link has been renewed: the old link no longer works."),
    )
    return redirect(reverse("eleves:cours", args=[eleve.pk]) + "#calendrier")


def ical_flux(request: HttpRequest, jeton: str) -> HttpResponse:
    """The private feed: no login (calendar apps cannot log in), the secret is the URL."""
    eleve = lecture_portail.ELEVE_DU_JETON.premier(jeton)
    if eleve is None:
        raise Http404
    etablissement = eleve.famille.etablissement
    lignes = lecture_portail.COURS_DU_FLUX.lister(eleve.pk, etablissement.pk)
    parts = lecture_portail.agendas_du_flux(eleve.pk, etablissement.pk, lignes)
    texte = ical.calendrier_ical(eleve, [(i, *parts[i.pk]) for i in lignes], etablissement.nom)
    response = HttpResponse(texte, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="cours-{eleve.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
