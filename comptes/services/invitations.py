"""Invitations: an e-mail per account with its login and a first-connection link valid
14 days (the lost-password link stays one hour), or for those without e-mail a one-time
code printed in a letter; then the first connection, where the holder chooses a
password and is logged in. Bulk sending runs as a task with progress (EnvoiInvitations).

Per-account state, on Utilisateur: `invite_le`, `invitation_courriel` (the outbox row,
whose "failed" state staff see), `premiere_connexion_le`.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from comptes.models import EnvoiInvitations, Utilisateur
from comptes.tokens import lien_invitation
from imuse.emails import envoyer_email
from imuse.journal import journaliser
from imuse.models import Etablissement

log = logging.getLogger(__name__)

LOT = 50
# A code typed from paper: no 0/O, 1/I/L.
ALPHABET_CODE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class InvitationErreur(Exception):
    """An invitation that cannot go out (the message says why)."""


def _famille_id(utilisateur: Utilisateur) -> int | None:
    responsable = getattr(utilisateur, "responsable", None)
    return responsable.famille_id if responsable is not None else None


def _nom(utilisateur: Utilisateur) -> str:
    responsable = getattr(utilisateur, "responsable", None)
    if responsable is not None:
        return responsable.nom_complet
    return utilisateur.get_full_name()


def validite() -> dt.timedelta:
    return dt.timedelta(days=settings.INVITATION_VALIDITE_JOURS)


def a_inviter(queryset: QuerySet | None = None) -> QuerySet:
    """Active accounts never invited that never logged in (read)."""
    queryset = Utilisateur.objects.all() if queryset is None else queryset
    return queryset.filter(
        is_active=True,
        invite_le__isnull=True,
        premiere_connexion_le__isnull=True,
        last_login__isnull=True,
    ).filter(Q(responsable__isnull=False) | Q(is_staff=True))


def avec_adresse(queryset: QuerySet) -> QuerySet:
    """Accounts with an address to write to (read): the family file's for a guardian,
    the account's own for staff (Utilisateur.adresse_email)."""
    return queryset.filter(
        Q(responsable__isnull=False, responsable__email__gt="")
        | Q(responsable__isnull=True, email__gt="")
    )


def lien_premiere_connexion(utilisateur: Utilisateur) -> str:
    """The path of the account's first-connection link (read)."""
    return reverse(
        "comptes:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(utilisateur.pk)),
            "token": lien_invitation.make_token(utilisateur),
        },
    )


def _verifier(utilisateur: Utilisateur) -> None:
    if not utilisateur.is_active:
        raise InvitationErreur(_("The account is disabled."))
    if utilisateur.premiere_connexion_le is not None or utilisateur.last_login is not None:
        raise InvitationErreur(
            _("The account has already logged in: its holder can use “Lost password”.")
        )


@transaction.atomic
def invitation_envoyer(*, utilisateur: Utilisateur, par) -> Utilisateur:
    """E-mail the account its login and a first-connection link valid 14 days, through
    the outbox. A new invitation voids the link of the previous one."""
    utilisateur = (
        Utilisateur.objects.select_for_update(of=("self",))
        .select_related("etablissement", "responsable")
        .get(pk=utilisateur.pk)
    )
    _verifier(utilisateur)
    adresse = utilisateur.adresse_email
    if not adresse:
        raise InvitationErreur(_("No e-mail address: print a letter instead."))
    maintenant = timezone.now()
    renvoi = utilisateur.invite_le is not None
    utilisateur.invite_le = maintenant
    utilisateur.doit_changer_mot_de_passe = True
    contexte = {
        "utilisateur": utilisateur,
        "nom": _nom(utilisateur),
        "chemin": lien_premiere_connexion(utilisateur),
        "etablissement": utilisateur.etablissement,
        "jusqu_au": timezone.localtime(maintenant + validite()).strftime("%d/%m/%Y"),
        "plusieurs_sites": Etablissement.objects.count() > 1,
    }
    courriels = envoyer_email("invitation", [adresse], contexte)
    utilisateur.invitation_courriel = courriels[0] if courriels else None
    utilisateur.save(
        update_fields=["invite_le", "invitation_courriel", "doit_changer_mot_de_passe"]
    )
    journaliser(
        utilisateur,
        "compte.inviter",
        par=par,
        famille=_famille_id(utilisateur),
        email=adresse,
        renvoi=renvoi,
    )
    return utilisateur


@transaction.atomic
def code_invitation_creer(*, utilisateur: Utilisateur, par) -> str:
    """A one-time first-connection code for a printed letter (valid 14 days like a link);
    returns it in clear, once: only its hash is kept. A new code voids the previous."""
    utilisateur = Utilisateur.objects.select_for_update(of=("self",)).get(pk=utilisateur.pk)
    _verifier(utilisateur)
    code = "".join(secrets.choice(ALPHABET_CODE) for _ in range(12))
    utilisateur.code_invitation = make_password(code)
    utilisateur.invite_le = timezone.now()
    utilisateur.invitation_courriel = None
    utilisateur.doit_changer_mot_de_passe = True
    utilisateur.save(
        update_fields=[
            "code_invitation",
            "invite_le",
            "invitation_courriel",
            "doit_changer_mot_de_passe",
        ]
    )
    journaliser(
        utilisateur, "compte.inviter_par_courrier", par=par, famille=_famille_id(utilisateur)
    )
    return "-".join(code[i : i + 4] for i in range(0, 12, 4))


def code_valide(utilisateur: Utilisateur, code: str) -> bool:
    """Whether `code` is the account's printed code, still valid (read)."""
    if not utilisateur.code_invitation or utilisateur.invite_le is None:
        return False
    if timezone.now() - utilisateur.invite_le > validite():
        return False
    propre = "".join(c for c in code.upper() if c.isalnum())
    return check_password(propre, utilisateur.code_invitation)


@transaction.atomic
def invitation_accepter(*, utilisateur: Utilisateur, mot_de_passe: str) -> Utilisateur:
    """The holder chose a password at the first connection (link, printed code, or after
    a password set by staff): the invitation is used, its link and code stop working."""
    utilisateur.set_password(mot_de_passe)
    utilisateur.doit_changer_mot_de_passe = False
    utilisateur.code_invitation = ""
    if utilisateur.premiere_connexion_le is None:
        utilisateur.premiere_connexion_le = timezone.now()
    utilisateur.save(
        update_fields=[
            "password",
            "doit_changer_mot_de_passe",
            "code_invitation",
            "premiere_connexion_le",
        ]
    )
    journaliser(
        utilisateur,
        "compte.premiere_connexion",
        par=utilisateur,
        famille=_famille_id(utilisateur),
    )
    log.info("First connection of account %s", utilisateur.pk)
    return utilisateur


@transaction.atomic
def invitations_lancer(*, comptes: QuerySet, etablissement: Etablissement | None, par):
    """Start a background sending of invitations to `comptes` (their ids are kept, so
    the list is the one staff chose); returns the EnvoiInvitations that shows progress."""
    ids = list(comptes.order_by("pk").values_list("pk", flat=True).distinct())
    if not ids:
        raise InvitationErreur(_("No account to invite."))
    envoi = EnvoiInvitations.objects.create(
        etablissement=etablissement, par=par, comptes=ids, total=len(ids)
    )
    journaliser(envoi, "invitations.lancer", par=par, etablissement=etablissement, comptes=len(ids))
    transaction.on_commit(lambda: envoyer_invitations.enqueue(envoi.pk))
    return envoi


def invitations_executer(*, envoi: EnvoiInvitations) -> EnvoiInvitations:
    """Invite every account of the sending by batches, saving progress after each
    (run by the task). One account's failure is reported, the others go on."""
    EnvoiInvitations.objects.filter(pk=envoi.pk).update(statut=EnvoiInvitations.Statut.EN_COURS)
    erreurs: list[dict] = []
    graves = 0
    ids = envoi.comptes
    for debut in range(0, len(ids), LOT):
        lot = list(
            Utilisateur.objects.filter(pk__in=ids[debut : debut + LOT])
            .select_related("etablissement", "responsable")
            .order_by("pk")
        )
        envoyes = sans_adresse = ignores = 0
        # One commit per batch (each invitation is a savepoint inside it).
        with transaction.atomic():
            for utilisateur in lot:
                if not utilisateur.adresse_email:
                    sans_adresse += 1
                    continue
                try:
                    invitation_envoyer(utilisateur=utilisateur, par=envoi.par)
                    envoyes += 1
                except InvitationErreur as erreur:
                    ignores += 1
                    erreurs.append({"identifiant": utilisateur.identifiant, "erreur": str(erreur)})
                except Exception as erreur:  # noqa: BLE001 (reported, the next one goes on)
                    log.exception("Invitations %s: account %s failed", envoi.pk, utilisateur.pk)
                    graves += 1
                    erreurs.append(
                        {"identifiant": utilisateur.identifiant, "erreur": str(erreur)[:200]}
                    )
        EnvoiInvitations.objects.filter(pk=envoi.pk).update(
            traites=F("traites") + len(ids[debut : debut + LOT]),
            envoyes=F("envoyes") + envoyes,
            sans_adresse=F("sans_adresse") + sans_adresse,
            ignores=F("ignores") + ignores,
        )
    with transaction.atomic():
        envoi = EnvoiInvitations.objects.select_for_update().get(pk=envoi.pk)
        envoi.erreurs = erreurs[:500]
        envoi.statut = EnvoiInvitations.Statut.ECHEC if graves else EnvoiInvitations.Statut.TERMINE
        envoi.termine_le = timezone.now()
        envoi.save(update_fields=["erreurs", "statut", "termine_le"])
        journaliser(
            envoi,
            "invitations.terminer",
            etablissement=envoi.etablissement_id,
            envoyes=envoi.envoyes,
            sans_adresse=envoi.sans_adresse,
            erreurs=len(erreurs),
        )
    return envoi


@task()
def envoyer_invitations(envoi_id: int) -> int:
    envoi = EnvoiInvitations.objects.select_related("par").get(pk=envoi_id)
    return invitations_executer(envoi=envoi).envoyes
