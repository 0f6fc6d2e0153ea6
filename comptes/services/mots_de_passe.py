"""State changes of accounts: reset links and passwords."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from comptes.models import Utilisateur, nouvelle_cle
from comptes.tokens import lien_mot_de_passe
from imuse.emails import envoyer_email
from imuse.journal import journaliser

log = logging.getLogger(__name__)


def compte_famille(*, site: str, identifiant: str, email: str) -> Utilisateur | None:
    """The active family account that matches all three, or None."""
    return (
        Utilisateur.objects.filter(
            etablissement__code=site,
            identifiant=identifiant,  # IdentifiantField: compared in normalised form
            # A guardian's address is the one on the family file (Utilisateur.adresse_email).
            responsable__email__iexact=email.strip(),
            is_active=True,
            is_staff=False,
            responsable__isnull=False,
        )
        .select_related("etablissement", "responsable")
        .first()
    )


@transaction.atomic
def lien_reinitialisation_envoyer(*, site: str, identifiant: str, email: str) -> bool:
    """E-mail a one-hour, single-use link to choose a password.

    Renewing the account's key voids every link sent before. The caller answers the
    same whether or not an account matched; the return value is for logs and tests.
    """
    user = compte_famille(site=site, identifiant=identifiant, email=email)
    if user is None:
        log.info("Lost password: no family account matches %s@%s", identifiant, site)
        return False
    user.cle_reinitialisation = nouvelle_cle()
    user.save(update_fields=["cle_reinitialisation"])
    journaliser(user, "compte.lien_envoyer", famille=user.responsable.famille_id)
    chemin = reverse(
        "comptes:nouveau_mot_de_passe",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": lien_mot_de_passe.make_token(user),
        },
    )
    envoyer_email(
        "mot_de_passe_perdu",
        [user.adresse_email],
        {
            "utilisateur": user,
            "responsable": user.responsable,
            "chemin": chemin,
            "etablissement": user.etablissement,
        },
    )
    log.info("Lost password: link sent to account %s", user.pk)
    return True


@transaction.atomic
def mot_de_passe_definir(*, utilisateur: Utilisateur, mot_de_passe: str) -> None:
    # The account acts on itself: `par` is the holder (there is no other actor).
    """Set a password chosen by the account holder; older reset links stop working."""
    utilisateur.set_password(mot_de_passe)
    utilisateur.doit_changer_mot_de_passe = False
    utilisateur.cle_reinitialisation = nouvelle_cle()
    utilisateur.save(
        update_fields=["password", "doit_changer_mot_de_passe", "cle_reinitialisation"]
    )
    responsable = getattr(utilisateur, "responsable", None)
    journaliser(
        utilisateur,
        "compte.mot_de_passe_definir",
        par=utilisateur,
        famille=responsable.famille_id if responsable else None,
    )
    log.info("Password set by account %s", utilisateur.pk)
