"""The pending-modification mechanism (DESIGN §2), shared by Famille and Élèves.

A family's edit never touches the record: `demande_soumettre` creates or updates the
record's one open DemandeModification, storing per field the value at request time
("avant") and the value asked ("demande"), both as text. Staff then accept or refuse each
field with `demande_traiter`, which locks the record, applies the accepted values in one
transaction, flags a field that staff changed since the request as a conflict (never
overwritten without an explicit confirmation), writes the history and e-mails the family.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from imuse.emails import envoyer_email, mettre_en_file
from imuse.journal import journaliser
from imuse.models import Courriel, DemandeModification, HistoriqueModification
from imuse.requetes import ID, ID2, RequeteFigee, comme_first

ACCEPTER = "accepter"
REFUSER = "refuser"


class DemandeErreur(Exception):
    """A request cannot be submitted or processed; the message is for the user."""


class DemandeDejaTraitee(DemandeErreur):
    pass


class ConflitModification(DemandeErreur):
    def __init__(self, champs: list[str]):
        self.champs = champs
        super().__init__(
            _("Staff changed these fields since the request: %(champs)s. Confirm to overwrite.")
            % {"champs": ", ".join(champs)}
        )


# --- Values as text -----------------------------------------------------------------


def en_texte(valeur) -> str:
    """The text form of a field value, as stored in DemandeModification.valeurs."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "True" if valeur else "False"
    if isinstance(valeur, dt.date):
        return valeur.isoformat()
    return str(valeur)


def valeurs_actuelles(objet: models.Model, champs) -> dict[str, str]:
    return {champ: en_texte(getattr(objet, champ)) for champ in champs}


def libelle_champ(modele, champ: str) -> str:
    return capfirst(str(modele._meta.get_field(champ).verbose_name))


def valeur_affichee(modele, champ: str, texte: str) -> str:
    """A stored text value as a person reads it: choice labels, Oui/Non, 12/09/2011."""
    if texte == "":
        return _("(empty)")
    field = modele._meta.get_field(champ)
    if isinstance(field, models.BooleanField):
        return _("Yes") if texte == "True" else _("No")
    if field.choices:
        return str(dict(field.flatchoices).get(texte, texte))
    if isinstance(field, models.DateField):
        try:
            return date_format(dt.date.fromisoformat(texte), "d/m/Y")
        except ValueError:
            return texte
    return texte


# --- Reading the open request ------------------------------------------------------------


# On the Famille and Identité pages: compiled once (imuse/requetes.py).
_DEMANDE_OUVERTE = RequeteFigee(
    lambda content_type_id, object_id: comme_first(
        DemandeModification.objects.filter(
            content_type=content_type_id,
            object_id=object_id,
            statut=DemandeModification.Statut.OUVERTE,
        )
    ),
    ID,
    ID2,
)


def demande_ouverte(objet: models.Model) -> DemandeModification | None:
    return _DEMANDE_OUVERTE.premier(ContentType.objects.get_for_model(objet).pk, objet.pk)


def valeurs_demandees(demande: DemandeModification | None) -> dict[str, str]:
    if demande is None:
        return {}
    return {champ: v["demande"] for champ, v in demande.valeurs.items()}


@dataclass(frozen=True)
class LigneDemande:
    champ: str
    libelle: str
    avant: str
    actuelle: str
    demande: str
    conflit: bool
    decision: str = ""
    motif: str = ""


def lignes_demande(demande: DemandeModification, objet: models.Model | None = None):
    """Per field: value at request time, value now, value asked, conflict flag."""
    objet = objet if objet is not None else demande.objet
    modele = type(objet)
    lignes = []
    for champ, v in demande.valeurs.items():
        actuelle = en_texte(getattr(objet, champ))
        lignes.append(
            LigneDemande(
                champ=champ,
                libelle=libelle_champ(modele, champ),
                avant=valeur_affichee(modele, champ, v["avant"]),
                actuelle=valeur_affichee(modele, champ, actuelle),
                demande=valeur_affichee(modele, champ, v["demande"]),
                conflit=actuelle != v["avant"],
                decision=v.get("decision", ""),
                motif=v.get("motif", ""),
            )
        )
    return lignes


def _destinataires(utilisateur) -> list[str]:
    adresse = getattr(utilisateur, "adresse_email", "") if utilisateur else ""
    return [adresse] if adresse else []


# --- Services --------------------------------------------------------------------------


@transaction.atomic
def demande_soumettre(
    *, objet: models.Model, valeurs: dict[str, str], par
) -> DemandeModification | None:
    """Create or update the record's one open request with the values the family asks.

    `valeurs` maps every editable field to its asked value as text (see `en_texte`).
    Fields asked back to the live value leave the request; an empty request is deleted.
    Returns the open request, or None when nothing differs from the record any more.
    """
    modele = type(objet)
    objet = modele.objects.select_for_update().get(pk=objet.pk)
    famille = objet.famille
    content_type = ContentType.objects.get_for_model(objet)
    demande = (
        DemandeModification.objects.select_for_update()
        .filter(
            content_type=content_type,
            object_id=objet.pk,
            statut=DemandeModification.Statut.OUVERTE,
        )
        .first()
    )
    anciennes = demande.valeurs if demande else {}
    nouvelles = {}
    for champ, demande_texte in valeurs.items():
        actuelle = en_texte(getattr(objet, champ))
        avant = anciennes.get(champ, {}).get("avant", actuelle)
        if demande_texte != actuelle:
            nouvelles[champ] = {"avant": avant, "demande": demande_texte}
    if not nouvelles:
        if demande is not None:
            journaliser(objet, "demande.retirer", par=par, demande=demande.pk)
            demande.delete()
        return None
    if demande is None:
        demande = DemandeModification(
            etablissement=famille.etablissement,
            famille_id=famille.pk,
            famille_libelle=str(famille)[:200],
            content_type=content_type,
            object_id=objet.pk,
            cree_par=par,
        )
    if demande.pk is not None and demande.valeurs == nouvelles:
        return demande  # the same request sent again: nothing changes, nothing is mailed
    demande.valeurs = nouvelles
    demande.save()
    journaliser(objet, "demande.soumettre", par=par, demande=demande.pk, champs=sorted(nouvelles))
    envoyer_email(
        "demande_recue",
        _destinataires(par),
        {
            "etablissement": famille.etablissement,
            "objet": objet,
            "lignes": [
                (libelle_champ(modele, c), valeur_affichee(modele, c, v["demande"]))
                for c, v in nouvelles.items()
            ],
        },
    )
    return demande


@transaction.atomic
def demande_traiter(
    *,
    demande: DemandeModification,
    decisions: dict[str, tuple[str, str]],
    par,
    confirmer_conflits: frozenset[str] | set[str] = frozenset(),
) -> list[HistoriqueModification]:
    """Accept or refuse each field of an open request and apply the accepted ones.

    `decisions` maps each field of the request to (ACCEPTER or REFUSER, reason). A refusal
    needs a reason. Accepting a field that staff changed since the request (a conflict)
    needs the field in `confirmer_conflits`, otherwise ConflitModification is raised and
    nothing is applied. Locks the request and the record.
    """
    demande = DemandeModification.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != DemandeModification.Statut.OUVERTE:
        raise DemandeDejaTraitee(_("This request has already been processed."))
    modele = demande.content_type.model_class()
    objet = modele.objects.select_for_update().get(pk=demande.object_id)
    manquants = set(demande.valeurs) - set(decisions)
    if manquants:
        raise DemandeErreur(
            _("Accept or refuse every field: %(champs)s.")
            % {"champs": ", ".join(libelle_champ(modele, c) for c in sorted(manquants))}
        )
    conflits, sans_motif = [], []
    for champ, v in demande.valeurs.items():
        decision, motif = decisions[champ]
        if decision not in (ACCEPTER, REFUSER):
            raise DemandeErreur(_("Unknown decision."))
        if decision == REFUSER and not motif.strip():
            sans_motif.append(libelle_champ(modele, champ))
        conflit = en_texte(getattr(objet, champ)) != v["avant"]
        if decision == ACCEPTER and conflit and champ not in confirmer_conflits:
            conflits.append(libelle_champ(modele, champ))
    if sans_motif:
        raise DemandeErreur(
            _("Give a reason for each refused field: %(champs)s.")
            % {"champs": ", ".join(sans_motif)}
        )
    if conflits:
        raise ConflitModification(conflits)

    maintenant = timezone.now()
    historique, modifies = [], []
    for champ, v in demande.valeurs.items():
        decision, motif = decisions[champ]
        actuelle = en_texte(getattr(objet, champ))
        if decision == ACCEPTER:
            field = modele._meta.get_field(champ)
            try:
                nouvelle = field.to_python(v["demande"])
            except ValidationError as erreur:
                raise DemandeErreur(erreur.messages[0]) from erreur
            if nouvelle in ("", None) and field.null:
                nouvelle = None
            setattr(objet, champ, nouvelle)
            modifies.append(champ)
        v["decision"] = decision
        v["motif"] = motif.strip() if decision == REFUSER else ""
        historique.append(
            HistoriqueModification(
                demande=demande,
                content_type=demande.content_type,
                object_id=demande.object_id,
                champ=champ,
                libelle=libelle_champ(modele, champ),
                valeur_avant=valeur_affichee(modele, champ, actuelle),
                valeur_demandee=valeur_affichee(modele, champ, v["demande"]),
                acceptee=decision == ACCEPTER,
                conflit=actuelle != v["avant"],
                motif=v["motif"],
                traite_par=par,
                traite_le=maintenant,
            )
        )
    if modifies:
        objet.save(update_fields=modifies)
    HistoriqueModification.objects.bulk_create(historique)
    demande.statut = DemandeModification.Statut.TRAITEE
    demande.traite_par = par
    demande.traite_le = maintenant
    demande.save()
    journaliser(
        objet,
        "demande.traiter",
        par=par,
        demande=demande.pk,
        acceptes=modifies,
        refuses=[h.champ for h in historique if not h.acceptee],
    )
    envoyer_email(
        "demande_traitee",
        _destinataires(demande.cree_par),
        {"etablissement": demande.etablissement, "objet": objet, "historique": historique},
    )
    return historique


def courriels_renvoyer(*, courriels: Iterable[Courriel], par=None) -> int:
    """Put failed or waiting rows back in the queue now (admin action "resend")."""
    n = 0
    etablissement = None
    with transaction.atomic():
        for courriel in courriels:
            if courriel.etat == Courriel.Etat.ENVOYE:
                continue
            courriel.etat = Courriel.Etat.EN_ATTENTE
            courriel.prochain_essai = None
            courriel.save(update_fields=["etat", "prochain_essai"])
            mettre_en_file(courriel)
            etablissement = etablissement or courriel.etablissement_id
            n += 1
        if n:
            journaliser(None, "courriel.renvoyer", par=par, etablissement=etablissement, nombre=n)
    return n
