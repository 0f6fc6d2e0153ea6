"""The pupil file's "Réinscription" tab: ticks, documents, free text, "Valider"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eleves.models import Eleve
from eleves.views import contexte_fiche
from imuse.fichiers import reponse_fichier_prive
from imuse.portail import vue_portail
from imuse.requetes import ID, ID2, RequeteFigee, comme_first
from reinscription.forms import DemandeForm
from reinscription.lecture import campagne_ouverte, cours_coches, pieces_de
from reinscription.models import Campagne, DemandeReinscription, PieceJointe
from reinscription.services import (
    ReinscriptionErreur,
    demande_enregistrer,
    demande_soumettre,
    inscriptions_courantes,
    piece_deposer,
    piece_supprimer,
)

ACTIONS = ("enregistrer", "importer", "valider")


# The tab's reads, compiled once (imuse/requetes.py).
_ELEVE = RequeteFigee(
    lambda famille_id, pk: Eleve.objects.filter(famille=famille_id, pk=pk).select_related(
        "famille"
    ),
    ID,
    ID2,
)
# The request with the ids of its ticked course sheets (reinscription.lecture.cours_coches), in
# one query.
_COCHEES = ArraySubquery(
    DemandeReinscription.inscriptions.through.objects.filter(demandereinscription_id=OuterRef("pk"))
    .order_by("inscription_id")
    .values("inscription_id")
)


def _demande_cochees(campagne_id, eleve_id):
    demandes = DemandeReinscription.objects.filter(campagne=campagne_id, eleve=eleve_id)
    if connection.vendor == "postgresql":  # ArraySubquery is PostgreSQL's; else coches() reads
        demandes = demandes.annotate(inscriptions_cochees=_COCHEES)
    return comme_first(demandes)


_DEMANDE = RequeteFigee(_demande_cochees, ID, ID2)
# inscriptions_courantes reads the campaign's site only: an unsaved Campagne carries it.
_INSCRIPTIONS = RequeteFigee(
    lambda eleve_id, etablissement_id: inscriptions_courantes(
        eleve_id, Campagne(etablissement_id=etablissement_id)
    ),
    ID,
    ID2,
)


def _eleve_et_campagne(request: HttpRequest, pk: int):
    if request.method == "GET":
        # The family's pupils as the portal read them for the file's picker: no query.
        eleve = next((e for e in request.portail.eleves if e.pk == pk), None)
        if eleve is not None:
            eleve.famille = request.portail.famille
    else:
        eleve = _ELEVE.premier(request.portail.famille.pk, pk)
    if eleve is None:
        raise Http404
    campagne = campagne_ouverte(request)
    if campagne is None:
        raise Http404
    return eleve, campagne


def _demande(campagne, eleve) -> DemandeReinscription | None:
    return _DEMANDE.premier(campagne.pk, eleve.pk)


@vue_portail
def eleve(request: HttpRequest, pk: int) -> HttpResponse:
    eleve, campagne = _eleve_et_campagne(request, pk)
    demande = _demande(campagne, eleve)
    inscriptions = _INSCRIPTIONS.lister(eleve.pk, campagne.etablissement_id)
    lignes_famille, lignes_eleve = pieces_de(campagne, eleve, demande, inscriptions)
    lignes = lignes_famille + lignes_eleve
    modifiable = not (demande and demande.decidee)
    statut = 200
    if request.method == "POST" and modifiable:
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            action = "enregistrer"
        form = DemandeForm(
            request.POST, request.FILES, inscriptions=inscriptions, lignes=lignes, action=action
        )
        if form.is_valid():
            try:
                return _appliquer(request, form, action, eleve, campagne, lignes, demande)
            except ReinscriptionErreur as erreur:
                form.add_error(None, erreur.message)
        statut = 400
    elif request.method == "POST":
        # A page left open while staff decided: say why nothing changed.
        messages.error(
            request,
            _("Staff have already processed this re-enrolment: it can no longer be changed."),
        )
        return redirect("reinscription:eleve", eleve.pk)
    else:
        initial = {"piece": request.GET.get("piece")}
        if demande:
            initial.update(
                administrative=demande.administrative,
                cours=sorted(cours_coches(demande)),
                texte=demande.texte,
            )
        form = DemandeForm(initial=initial, inscriptions=inscriptions, lignes=lignes)
    cochees = {str(c) for c in (form["cours"].value() or [])}
    contexte = {
        **contexte_fiche(request, eleve, "reinscription"),
        "campagne": campagne,
        "demande": demande,
        "form": form,
        "modifiable": modifiable,
        "lignes_cours": [(i, str(i.pk) in cochees) for i in inscriptions],
        "lignes_famille": lignes_famille,
        "lignes_eleve": lignes_eleve,
        "fichiers_modifiables": [
            ligne.fichier for ligne in lignes if ligne.fichier and ligne.fichier.modifiable
        ],
    }
    return render(request, "reinscription/eleve.html", contexte, status=statut)


def _appliquer(request, form, action, eleve, campagne, lignes, demande) -> HttpResponse:
    choix = {
        "eleve": eleve,
        "campagne": campagne,
        "par": request.user,
        "administrative": form.cleaned_data["administrative"],
        "inscriptions": form.inscriptions_choisies(),
        "texte": form.cleaned_data["texte"],
    }
    if action == "valider":
        demande_soumettre(**choix)
        messages.success(
            request,
            _(
                "Your re-enrolment request has been recorded. It will be confirmed by e-mail "
                "once the school's office has validated it."
            ),
        )
        return redirect("reinscription:eleve", eleve.pk)
    formulaire = {c: choix[c] for c in ("administrative", "inscriptions", "texte")}
    if not (action == "importer" and demande and demande.memes_choix(**formulaire)):
        # An import saves the ticks first, when they changed: the evening's imports
        # come after "Enregistrer" and would write the same row and its journal again.
        demande = demande_enregistrer(**choix)
    if action == "importer":
        piece = next(
            (ligne.piece for ligne in lignes if ligne.piece.pk == form.cleaned_data["piece"]),
            None,
        )
        if piece is None:
            raise ReinscriptionErreur(_("This document is not asked for this pupil."))
        document = form.cleaned_data["fichier"]
        piece_deposer(demande=demande, piece=piece, document=document, par=request.user)
        messages.success(
            request,
            _("The file “%(nom)s” has been imported as “%(piece)s”.")
            % {"nom": document.nom_original, "piece": piece.libelle},
        )
    else:
        messages.success(request, _("Your choices have been saved."))
    return redirect("reinscription:eleve", eleve.pk)


def _fichier_de(request: HttpRequest, eleve, campagne, piece_pk: int) -> PieceJointe:
    return get_object_or_404(
        PieceJointe.objects.de_la_famille(request.portail.famille)
        .filter(Q(eleve__isnull=True) | Q(eleve=eleve), piece__campagne=campagne)
        .select_related("piece__type_piece", "piece__discipline", "piece__departement"),
        pk=piece_pk,
    )


@vue_portail
def fichier(request: HttpRequest, pk: int, piece_pk: int):
    eleve, campagne = _eleve_et_campagne(request, pk)
    pj = _fichier_de(request, eleve, campagne, piece_pk)
    return reponse_fichier_prive(pj.fichier, pj.nom_original)


@require_POST
@vue_portail
def supprimer(request: HttpRequest, pk: int, piece_pk: int) -> HttpResponse:
    eleve, campagne = _eleve_et_campagne(request, pk)
    pj = _fichier_de(request, eleve, campagne, piece_pk)
    demande = get_object_or_404(DemandeReinscription, campagne=campagne, eleve=eleve)
    try:
        piece_supprimer(demande=demande, piece_jointe=pj, par=request.user)
    except ReinscriptionErreur as erreur:
        messages.error(request, erreur.message)
    else:
        messages.success(
            request, _("The file “%(nom)s” has been deleted.") % {"nom": pj.nom_original}
        )
    return redirect("reinscription:eleve", eleve.pk)
