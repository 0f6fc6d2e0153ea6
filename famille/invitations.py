"""Printed invitations, for guardians without an e-mail address: one PDF with one letter
per family (its guardians' logins, the portal's address and a one-time first-connection
code each, valid 14 days), from an admin action on the families list.

Guardians without an account get one first (famille.services.comptes_creer, the school's
login rule); accounts that already logged in are left out (their holders have a password).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from comptes.services import code_invitation_creer
from comptes.services.invitations import validite
from famille.models import Famille, Responsable
from famille.services import comptes_creer
from imuse.pdf import rendre_pdf


@dataclass
class Lettre:
    famille: Famille
    destinataire: Responsable
    comptes: list[tuple[Responsable, str]] = field(default_factory=list)


def _a_inviter_par_courrier(responsable: Responsable) -> bool:
    compte = responsable.utilisateur
    return (
        not responsable.email
        and compte is not None
        and compte.is_active
        and compte.last_login is None
        and compte.premiere_connexion_le is None
    )


@transaction.atomic
def lettres_invitation(*, familles, par) -> tuple[bytes, int]:
    """The PDF of the letters of `familles` (their guardians without e-mail) and the
    number of letters. Each code is new: a previous letter's code stops working."""
    ids = [f.pk for f in familles]
    sans_compte = Responsable.objects.filter(famille__in=ids, email="", utilisateur__isnull=True)
    comptes_creer(responsables=list(sans_compte), par=par)
    lettres: list[Lettre] = []
    responsables = (
        Responsable.objects.filter(famille__in=ids)
        .select_related("famille__etablissement", "utilisateur")
        .order_by("famille__nom", "famille__numero", "rang")
    )
    par_famille: dict[int, Lettre] = {}
    for responsable in responsables:
        if not _a_inviter_par_courrier(responsable):
            continue
        lettre = par_famille.get(responsable.famille_id)
        if lettre is None:
            lettre = par_famille[responsable.famille_id] = Lettre(
                famille=responsable.famille, destinataire=responsable
            )
            lettres.append(lettre)
        code = code_invitation_creer(utilisateur=responsable.utilisateur, par=par)
        lettre.comptes.append((responsable, code))
    jusqu_au = timezone.localtime(timezone.now() + validite()).strftime("%d/%m/%Y")
    contenu = rendre_pdf(
        "pdf/invitations.html",
        {
            "lettres": lettres,
            "portail_url": settings.PORTAIL_URL,
            "adresse_code": settings.PORTAIL_URL + reverse("comptes:code"),
            "jusqu_au": jusqu_au,
            "date": timezone.localdate().strftime("%d/%m/%Y"),
        },
        title=_("Invitations to the family portal"),
    )
    return contenu, len(lettres)
