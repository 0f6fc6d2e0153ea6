"""State changes of re-enrolment: one function per change, atomic, logged in the
request's history, e-mails sent once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eleves.models import Inscription
from famille.models import Responsable
from imuse.emails import envoyer_email
from imuse.journal import journaliser
from imuse.televersement import DocumentVerifie
from reinscription.models import (
    Action,
    Campagne,
    DemandeReinscription,
    PieceAFournir,
    PieceJointe,
)
from reinscription.placement import Placement, placement_appliquer

Etat = DemandeReinscription.Etat


class ReinscriptionErreur(Exception):
    """A change the rules forbid; its message is shown to the family or staff."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


MESSAGE_COCHER = _(
    "Please tick “Administrative re-enrolment” or at least one course before importing "
    "documents or validating."
)


def inscriptions_courantes(eleve, campagne: Campagne):
    """The pupil's course sheets of the site's current year, with what the page shows."""
    return (
        Inscription.objects.de_l_eleve(eleve)
        .de_l_annee_courante(campagne.etablissement_id)
        .order_by("cours__discipline__departement__nom", "cours__code")
    )


def _journal(demande, par, action: Action, detail: str = "") -> None:
    journaliser(demande, f"reinscription.{action.value}", par=par, detail=detail)


def _verifier_modifiable(demande: DemandeReinscription) -> None:
    if demande.decidee:
        raise ReinscriptionErreur(
            _("Staff have already processed this re-enrolment: it can no longer be changed.")
        )
    if not demande.campagne.est_ouverte():
        raise ReinscriptionErreur(_("The re-enrolment campaign is closed."))


def _destinataires(famille) -> list[str]:
    adresses = Responsable.objects.de_la_famille(famille).values_list("email", flat=True)
    return list(dict.fromkeys(a for a in adresses if a))


def _enregistrer(
    *, eleve, campagne, par, administrative, inscriptions, texte
) -> DemandeReinscription:
    demande, _cree = DemandeReinscription.objects.select_for_update().get_or_create(
        campagne=campagne, eleve=eleve
    )
    demande.campagne = campagne
    demande.eleve = eleve  # the caller's object: not read again for the journal's label
    _verifier_modifiable(demande)
    permises = set(inscriptions_courantes(eleve, campagne).values_list("pk", flat=True))
    choisies = [i for i in inscriptions if i.pk in permises]
    demande.administrative = administrative
    demande.texte = texte
    demande.save()
    demande.inscriptions.set(choisies)
    return demande


@transaction.atomic
def demande_enregistrer(
    *,
    eleve,
    campagne: Campagne,
    par,
    administrative: bool,
    inscriptions: Iterable[Inscription],
    texte: str = "",
) -> DemandeReinscription:
    """Save the family's ticks and text (a draft, or an update of a waiting request)."""
    demande = _enregistrer(
        eleve=eleve,
        campagne=campagne,
        par=par,
        administrative=administrative,
        inscriptions=list(inscriptions),
        texte=texte,
    )
    if demande.etat == Etat.EN_ATTENTE and not demande_a_coche(demande):
        raise ReinscriptionErreur(MESSAGE_COCHER)
    _journal(demande, par, Action.ENREGISTREE)
    return demande


@transaction.atomic
def demande_soumettre(
    *,
    eleve,
    campagne: Campagne,
    par,
    administrative: bool,
    inscriptions: Iterable[Inscription],
    texte: str = "",
) -> DemandeReinscription:
    """ "Valider" on the portal: save the choices and send the request to staff."""
    inscriptions = list(inscriptions)
    demande = _enregistrer(
        eleve=eleve,
        campagne=campagne,
        par=par,
        administrative=administrative,
        inscriptions=inscriptions,
        texte=texte,
    )
    if not demande.administrative and not demande.inscriptions.exists():
        raise ReinscriptionErreur(MESSAGE_COCHER)
    premiere_fois = demande.etat == Etat.BROUILLON
    demande.etat = Etat.EN_ATTENTE
    demande.soumise_le = timezone.now()
    demande.soumise_par = par
    demande.save(update_fields=["etat", "soumise_le", "soumise_par", "modifiee_le"])
    _journal(demande, par, Action.SOUMISE)
    if premiere_fois:
        envoyer_email(
            "reinscription_recue",
            _destinataires(eleve.famille),
            _contexte_email(demande),
        )
    return demande


def _contexte_email(demande: DemandeReinscription) -> dict:
    return {
        "demande": demande,
        "eleve": demande.eleve,
        "campagne": demande.campagne,
        "etablissement": demande.campagne.etablissement,
        "cours": [i.cours for i in demande.inscriptions.select_related("cours")],
    }


def demande_a_coche(demande: DemandeReinscription | None) -> bool:
    return bool(demande) and (demande.administrative or demande.inscriptions.exists())


@transaction.atomic
def piece_deposer(
    *,
    demande: DemandeReinscription,
    piece: PieceAFournir,
    document: DocumentVerifie,
    par,
) -> PieceJointe:
    """Store a checked file for a document asked by the campaign, replacing the previous
    file of that document unless staff validated it."""
    # The campaign, the pupil and the family with the locked row (its row alone locked):
    # the checks, the file's owner and the journal's label read no further row.
    demande = (
        DemandeReinscription.objects.select_for_update(of=("self",))
        .select_related("campagne__annee", "eleve__famille")
        .get(pk=demande.pk)
    )
    _verifier_modifiable(demande)
    if piece.campagne_id != demande.campagne_id:
        raise ReinscriptionErreur(_("This document is not asked by the campaign."))
    if not demande_a_coche(demande):
        raise ReinscriptionErreur(MESSAGE_COCHER)
    famille = demande.eleve.famille
    eleve = demande.eleve if piece.portee == PieceAFournir.Portee.ELEVE else None
    existante = (
        PieceJointe.objects.select_for_update()
        .filter(piece=piece, famille=famille, eleve=eleve)
        .first()
    )
    if existante and not existante.modifiable:
        raise ReinscriptionErreur(
            _("This document has been validated by staff: it can no longer be replaced.")
        )
    pj = existante or PieceJointe(piece=piece, famille=famille, eleve=eleve)
    ancien = pj.fichier.name if existante else ""
    pj.piece = piece
    pj.fichier.save(f"x.{document.extension}", ContentFile(document.contenu), save=False)
    pj.nom_original = document.nom_original
    pj.taille = document.taille
    pj.type_mime = document.type_mime
    pj.deposee_le = timezone.now()
    pj.deposee_par = par
    pj.etat = PieceJointe.Etat.FOURNIE
    pj.motif_refus = ""
    pj.traitee_le = None
    pj.traitee_par = None
    pj.save()
    if ancien:
        _supprimer_fichier_apres(pj.fichier.storage, ancien)
    _journal(demande, par, Action.PIECE_DEPOSEE, f"{piece.libelle}: {pj.nom_original}")
    return pj


def _supprimer_fichier_apres(storage, nom: str) -> None:
    transaction.on_commit(lambda: storage.delete(nom))


@transaction.atomic
def piece_supprimer(*, demande: DemandeReinscription, piece_jointe: PieceJointe, par) -> None:
    demande = DemandeReinscription.objects.select_for_update().get(pk=demande.pk)
    _verifier_modifiable(demande)
    pj = PieceJointe.objects.select_for_update().get(pk=piece_jointe.pk)
    if not pj.modifiable:
        raise ReinscriptionErreur(
            _("This document has been validated by staff: it can no longer be deleted.")
        )
    nom = pj.fichier.name
    storage = pj.fichier.storage
    detail = f"{pj.piece.libelle}: {pj.nom_original}"
    pj.delete()
    _supprimer_fichier_apres(storage, nom)
    _journal(demande, par, Action.PIECE_SUPPRIMEE, detail)


@transaction.atomic
def piece_valider(*, demande: DemandeReinscription, piece_jointe: PieceJointe, par) -> PieceJointe:
    """Staff accept a document."""
    pj = PieceJointe.objects.select_for_update().get(pk=piece_jointe.pk)
    pj.etat = PieceJointe.Etat.VALIDEE
    pj.motif_refus = ""
    pj.traitee_le = timezone.now()
    pj.traitee_par = par
    pj.save()
    _journal(demande, par, Action.PIECE_VALIDEE, pj.piece.libelle)
    return pj


@transaction.atomic
def piece_refuser(
    *, demande: DemandeReinscription, piece_jointe: PieceJointe, par, motif: str
) -> PieceJointe:
    """Staff refuse a document, with the reason the family will read."""
    motif = (motif or "").strip()
    if not motif:
        raise ReinscriptionErreur(_("Please give the reason for the refusal."))
    pj = PieceJointe.objects.select_for_update().get(pk=piece_jointe.pk)
    pj.etat = PieceJointe.Etat.REFUSEE
    pj.motif_refus = motif[:255]
    pj.traitee_le = timezone.now()
    pj.traitee_par = par
    pj.save()
    _journal(demande, par, Action.PIECE_REFUSEE, f"{pj.piece.libelle}: {motif}")
    return pj


def _verrouiller_pour_decision(demande: DemandeReinscription) -> DemandeReinscription:
    demande = (
        DemandeReinscription.objects.select_for_update(of=("self",))
        .select_related("campagne__annee", "campagne__etablissement", "eleve__famille")
        .get(pk=demande.pk)
    )
    if demande.decidee:
        raise ReinscriptionErreur(
            _("This request has already been %(etat)s.") % {"etat": demande.get_etat_display()}
        )
    if demande.etat != Etat.EN_ATTENTE:
        raise ReinscriptionErreur(_("The family has not validated this request yet."))
    return demande


@transaction.atomic
def demande_valider(*, demande: DemandeReinscription, par, cours_de_l_annee=None) -> Placement:
    """Staff validate: next year's course sheets are created in the class each ticked
    sheet's "Admission classe" names (reinscription.placement); what finds no course is
    reported, never guessed. Two staff validating at once give one result: the second
    finds the request decided."""
    demande = _verrouiller_pour_decision(demande)
    placement = placement_appliquer(demande=demande, par=par, cours_de_l_annee=cours_de_l_annee)
    fiches = placement.fiches
    demande.etat = Etat.VALIDEE
    demande.motif_refus = ""
    demande.traitee_le = timezone.now()
    demande.traitee_par = par
    demande.save()
    detail = ", ".join(f.cours.code for f in fiches) or str(_("administrative re-enrolment"))
    if not demande.administrative and not fiches:
        detail = str(_("no course sheet placed"))
    _journal(demande, par, Action.VALIDEE, detail)
    envoyer_email(
        "reinscription_validee",
        _destinataires(demande.eleve.famille),
        {**_contexte_email(demande), "fiches": fiches},
    )
    return placement


@transaction.atomic
def demande_refuser(*, demande: DemandeReinscription, par, motif: str) -> DemandeReinscription:
    motif = (motif or "").strip()
    if not motif:
        raise ReinscriptionErreur(_("Please give the reason for the refusal."))
    demande = _verrouiller_pour_decision(demande)
    demande.etat = Etat.REFUSEE
    demande.motif_refus = motif
    demande.traitee_le = timezone.now()
    demande.traitee_par = par
    demande.save()
    _journal(demande, par, Action.REFUSEE, motif)
    envoyer_email(
        "reinscription_refusee", _destinataires(demande.eleve.famille), _contexte_email(demande)
    )
    return demande
