"""State changes of a guardian's account: preferences, visits, data exports, bounces and
a request to close the account."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from comptes.identifiants import identifiant_valide, normaliser_identifiant, proposer_identifiant
from comptes.models import Utilisateur
from famille.models import (
    DemandeCloture,
    ExportDonnees,
    Famille,
    Preferences,
    Responsable,
    TypeNotification,
)
from famille.preferences_models import OBLIGATOIRES
from imuse import extensions
from imuse.donnees import construire_zip
from imuse.journal import entree, journaliser, journaliser_en_lot
from imuse.requetes import ID, RequeteFigee

logger = logging.getLogger(__name__)


class CompteErreur(Exception):
    """A request about the account that cannot be recorded (the message says why)."""


# Read on the Préférences page: compiled once (imuse/requetes.py).
_PREFERENCES = RequeteFigee(
    lambda responsable_id: Preferences.objects.filter(responsable_id=responsable_id)[:1], ID
)


def preferences_de(responsable: Responsable) -> Preferences:
    """The guardian's preferences, or unsaved defaults."""
    relation = Responsable.preferences.related
    if not relation.is_cached(responsable):
        lues = _PREFERENCES.premier(responsable.pk)
        if lues is not None:
            Preferences.responsable.field.set_cached_value(lues, responsable)
        relation.set_cached_value(responsable, lues)
    lues = relation.get_cached_value(responsable)
    return lues if lues is not None else Preferences(responsable=responsable)


def _verrouiller_preferences(responsable: Responsable) -> Preferences:
    preferences = Preferences.objects.select_for_update().filter(responsable=responsable).first()
    if preferences is None:
        Preferences.objects.get_or_create(responsable=responsable)
        preferences = Preferences.objects.select_for_update().get(responsable=responsable)
    preferences.responsable = responsable
    return preferences


@transaction.atomic
def preferences_enregistrer(
    *, responsable: Responsable, types_refuses: list[str], langue: str, par
) -> Preferences:
    """Which kinds of e-mail the guardian turns off (never the compulsory ones) and the
    language of the e-mails."""
    valides = set(TypeNotification.values) - set(OBLIGATOIRES)
    preferences = _verrouiller_preferences(responsable)
    preferences.types_refuses = sorted(t for t in set(types_refuses) if t in valides)
    preferences.langue = langue
    preferences.save(update_fields=["types_refuses", "langue"])
    journaliser(
        preferences,
        "preferences.enregistrer",
        par=par,
        famille=responsable.famille_id,
        etablissement=responsable.famille.etablissement_id,
        refuses=preferences.types_refuses,
        langue=langue,
    )
    return preferences


@transaction.atomic
def visite_enregistrer(
    *, responsable: Responsable, quand: dt.datetime, par=None
) -> dt.datetime | None:
    """Stamp the start of a visit; returns when the previous one began (or None)."""
    preferences = _verrouiller_preferences(responsable)
    precedente = preferences.derniere_visite
    preferences.visite_precedente = precedente
    preferences.derniere_visite = quand
    preferences.save(update_fields=["visite_precedente", "derniere_visite"])
    journaliser(
        preferences,
        "responsable.visite",
        par=par,
        famille=responsable.famille_id,
        etablissement=responsable.famille.etablissement_id,
    )
    return precedente


@transaction.atomic
def rebond_enregistrer(*, email: str, motif: str, quand: dt.datetime | None = None) -> int:
    """An address bounced (a delivery status notification said so): every guardian with
    that address is marked and gets no more e-mail until the address changes. Returns
    the number of guardians marked."""
    quand = quand or timezone.now()
    responsables = list(
        Responsable.objects.filter(email__iexact=email.strip()).select_related("famille")
    )
    for responsable in responsables:
        preferences = _verrouiller_preferences(responsable)
        preferences.email_rejete = responsable.email
        preferences.email_rejete_le = quand
        preferences.email_rejet_motif = motif[:300]
        preferences.save(update_fields=["email_rejete", "email_rejete_le", "email_rejet_motif"])
        journaliser(
            preferences,
            "email.rejete",
            par=None,
            famille=responsable.famille_id,
            etablissement=responsable.famille.etablissement_id,
            email=responsable.email,
            motif=motif[:300],
        )
    return len(responsables)


@transaction.atomic
def rebond_effacer(*, preferences: Preferences, par) -> Preferences:
    """Staff checked the address: e-mail goes to it again."""
    preferences = Preferences.objects.select_for_update().get(pk=preferences.pk)
    preferences.email_rejete = ""
    preferences.email_rejete_le = None
    preferences.email_rejet_motif = ""
    preferences.save(update_fields=["email_rejete", "email_rejete_le", "email_rejet_motif"])
    journaliser(
        preferences,
        "email.retabli",
        par=par,
        famille=preferences.responsable.famille_id,
        etablissement=preferences.responsable.famille.etablissement_id,
    )
    return preferences


# "Mes données": the export of everything the school holds on the family.


@transaction.atomic
def export_demander(*, famille: Famille, par) -> ExportDonnees:
    """Record the request and build the ZIP in the background (`construire_export`)."""
    if ExportDonnees.objects.filter(famille=famille, statut=ExportDonnees.Statut.EN_COURS).exists():
        raise CompteErreur(_("An export of your data is already being prepared."))
    export = ExportDonnees.objects.create(famille=famille, demande_par=par)
    journaliser(
        export,
        "donnees.exporter",
        par=par,
        famille=famille.pk,
        etablissement=famille.etablissement_id,
    )
    transaction.on_commit(lambda: construire_export.enqueue(export.pk))
    return export


def export_construire(*, export: ExportDonnees) -> ExportDonnees:
    """Gather every app's part of the family's data into one ZIP (run as a task)."""
    famille = export.famille
    try:
        parts = extensions.appeler("donnees_famille", famille)
        with tempfile.TemporaryFile() as tampon:
            construire_zip(parts, tampon)
            tampon.seek(0)
            nom = f"donnees-famille-{famille.numero}-{timezone.localdate():%Y%m%d}.zip"
            export.fichier.save(nom, File(tampon), save=False)
            export.taille = export.fichier.size
    except Exception:
        logger.exception("Export %s of family %s failed", export.pk, famille.pk)
        export.statut = ExportDonnees.Statut.ECHEC
        export.termine_le = timezone.now()
        export.save(update_fields=["statut", "termine_le"])
        return export
    export.statut = ExportDonnees.Statut.PRET
    export.termine_le = timezone.now()
    export.save(update_fields=["fichier", "taille", "statut", "termine_le"])
    journaliser(
        export, "donnees.construire", famille=famille.pk, etablissement=famille.etablissement_id
    )
    return export


@task()
def construire_export(export_id: int) -> str:
    """The background task of `export_demander`."""
    export = ExportDonnees.objects.select_related("famille__etablissement").get(pk=export_id)
    return export_construire(export=export).statut


# Closing the account.


@transaction.atomic
def cloture_demander(*, responsable: Responsable, motif: str, par) -> DemandeCloture:
    """A guardian asks the school to close the family's account; staff see it."""
    famille = responsable.famille
    if DemandeCloture.objects.filter(
        famille=famille, statut=DemandeCloture.Statut.OUVERTE
    ).exists():
        raise CompteErreur(_("A request to close the account is already waiting."))
    demande = DemandeCloture.objects.create(
        famille=famille, responsable=responsable, motif=motif.strip()
    )
    journaliser(demande, "compte.cloture_demander", par=par, etablissement=famille.etablissement_id)
    return demande


@transaction.atomic
def cloture_traiter(*, demande: DemandeCloture, reponse: str, par) -> DemandeCloture:
    demande = DemandeCloture.objects.select_for_update().get(pk=demande.pk)
    if demande.statut == DemandeCloture.Statut.TRAITEE:
        raise CompteErreur(_("This request has already been processed."))
    demande.statut = DemandeCloture.Statut.TRAITEE
    demande.reponse = reponse
    demande.traitee_par = par
    demande.traitee_le = timezone.now()
    demande.save(update_fields=["statut", "reponse", "traitee_par", "traitee_le"])
    journaliser(
        demande, "compte.cloture_traiter", par=par, etablissement=demande.famille.etablissement_id
    )
    return demande


@transaction.atomic
def comptes_creer(*, responsables, par, identifiants: dict | None = None) -> list[Responsable]:
    """An account for each guardian of `responsables` that has none: identifiant by the
    school's rule (Etablissement.regle_identifiant; comptes.identifiants.
    proposer_identifiant, ASCII, unique on the site) unless `identifiants` gives one for
    the guardian's pk (an import file's column, used when free on the site), no
    usable password (the holder chooses one at first connection). Returns the guardians
    given an account, each journaled."""
    crees: list[Responsable] = []
    entrees = []
    pris_par_site: dict[int, set[str]] = {}
    a_traiter = (
        Responsable.objects.select_for_update(of=("self",))
        .filter(pk__in=[r.pk for r in responsables], utilisateur__isnull=True)
        .select_related("famille__etablissement")
        .order_by("famille__numero", "rang", "pk")
    )
    identifiants = identifiants or {}
    for responsable in a_traiter:
        site = responsable.famille.etablissement_id
        if site not in pris_par_site:
            pris_par_site[site] = set(
                Utilisateur.objects.filter(etablissement_id=site).values_list(
                    "identifiant", flat=True
                )
            )
        pris = pris_par_site[site]
        voulu = normaliser_identifiant(identifiants.get(responsable.pk, ""))
        if voulu and identifiant_valide(voulu) and voulu not in pris:
            pris.add(voulu)
            identifiant = voulu
        else:
            identifiant = proposer_identifiant(
                responsable.prenom,
                responsable.nom,
                pris,
                regle=responsable.famille.etablissement.regle_identifiant,
                numero_famille=responsable.famille.numero,
                rang=responsable.rang,
            )
        compte = Utilisateur(
            etablissement_id=site,
            identifiant=identifiant,
            email=responsable.email,
            nom=responsable.nom,
            prenom=responsable.prenom,
            doit_changer_mot_de_passe=True,
        )
        compte.set_unusable_password()
        compte.save()
        responsable.utilisateur = compte
        responsable.save(update_fields=["utilisateur"])
        entrees.append(entree(responsable, "compte.creer", par=par, identifiant=compte.identifiant))
        crees.append(responsable)
    journaliser_en_lot(entrees)
    logger.info("%d accounts created by %s", len(crees), getattr(par, "pk", None))
    return crees
