"""Accounts of adult pupils (DESIGN: an adult pupil is a guardian of a family whose only
pupil is themself), in bulk from the pupils list.

For each selected pupil aged 18 or more with an e-mail address (their own, or the one of
the guardian who is themself):
- the pupil is already one of the family's guardians (same name and first name, without
  regard to case or accents): that guardian gets an account if it has none, and the
  pupil's address when the guardian has none (so the invitation reaches them);
- the family's only pupil is this one and its second guardian's place is free: the pupil
  becomes its second guardian (their identity and contact details), with an account;
- otherwise (a family with other pupils, or two other guardians) nothing is created and
  the report says why: give the pupil their own family first.
The accounts are then invited like every other (comptes.admin_invitations).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eleves.models import Eleve
from famille.models import Famille, Responsable
from famille.services import comptes_creer
from imuse.journal import journaliser

MAJORITE = 18
CHAMPS_COPIES = ["civilite", "nom", "prenom", "tel_domicile", "tel_mobile", "tel_pro"]
CHAMPS_ADRESSE = ["adresse", "code_postal", "ville"]


def _cle(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte or "").encode("ascii", "ignore")
    return " ".join(sans_accents.decode().casefold().replace("-", " ").split())


def date_majorite(aujourdhui: dt.date | None = None) -> dt.date:
    """Pupils born on or before this date are adults today (read)."""
    aujourdhui = aujourdhui or timezone.localdate()
    try:
        return aujourdhui.replace(year=aujourdhui.year - MAJORITE)
    except ValueError:  # 29 February
        return aujourdhui.replace(year=aujourdhui.year - MAJORITE, day=28)


def est_majeur(eleve: Eleve, aujourdhui: dt.date | None = None) -> bool:
    return eleve.date_naissance is not None and eleve.date_naissance <= date_majorite(aujourdhui)


def responsable_de(eleve: Eleve, responsables: list[Responsable]) -> Responsable | None:
    """The guardian who is the pupil themself, if any (read)."""
    cle = (_cle(eleve.nom), _cle(eleve.prenom))
    for responsable in responsables:
        if (_cle(responsable.nom), _cle(responsable.prenom)) == cle:
            return responsable
    return None


@dataclass
class RapportMajeurs:
    crees: list[Responsable] = field(default_factory=list)
    deja: int = 0
    mineurs: int = 0
    non_traites: list[tuple[Eleve, str]] = field(default_factory=list)


def _nouveau_responsable(eleve: Eleve, responsables: list[Responsable], par) -> Responsable:
    valeurs = {champ: getattr(eleve, champ) for champ in CHAMPS_COPIES}
    source = eleve
    if eleve.utiliser_coordonnees_responsable or not eleve.adresse:
        source = next((r for r in responsables if r.rang == 1), eleve)
    valeurs.update({champ: getattr(source, champ) for champ in CHAMPS_ADRESSE})
    responsable = Responsable.objects.create(
        famille=eleve.famille, rang=Responsable.Rang.SECOND, email=eleve.email, **valeurs
    )
    journaliser(
        responsable,
        "responsable.creer",
        par=par,
        etablissement=eleve.famille.etablissement_id,
        eleve_majeur=eleve.pk,
    )
    return responsable


@transaction.atomic
def comptes_eleves_majeurs_creer(*, eleves, par, aujourdhui=None) -> RapportMajeurs:
    """An account for each adult pupil of `eleves` without one (see the module). Every
    guardian created or given an address and every account is journaled."""
    rapport = RapportMajeurs()
    a_creer: list[Responsable] = []
    ids = [e.pk for e in eleves]
    # Two staff at once: the second waits, then finds the guardian the first created.
    list(
        Famille.objects.select_for_update()
        .filter(eleves__pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    selection = (
        Eleve.objects.filter(pk__in=ids)
        .select_related("famille")
        .prefetch_related("famille__responsables__utilisateur", "famille__eleves")
        .order_by("famille__numero", "nom", "prenom", "pk")
    )
    for eleve in selection:
        if not est_majeur(eleve, aujourdhui):
            rapport.mineurs += 1
            continue
        responsables = list(eleve.famille.responsables.all())
        responsable = responsable_de(eleve, responsables)
        if responsable is not None and responsable.utilisateur_id:
            rapport.deja += 1
            continue
        if not eleve.email and not (responsable and responsable.email):
            rapport.non_traites.append((eleve, _("no e-mail address on the pupil's file")))
            continue
        if responsable is None:
            autres = [e for e in eleve.famille.eleves.all() if e.pk != eleve.pk]
            if autres or len(responsables) >= 2:
                rapport.non_traites.append(
                    (
                        eleve,
                        _(
                            "the family %(numero)s has other pupils or two other guardians: "
                            "give the pupil their own family first"
                        )
                        % {"numero": eleve.famille.numero or eleve.famille.pk},
                    )
                )
                continue
            responsable = _nouveau_responsable(eleve, responsables, par)
        elif not responsable.email:
            responsable.email = eleve.email
            responsable.save(update_fields=["email"])
            journaliser(
                responsable,
                "responsable.modifier",
                par=par,
                etablissement=eleve.famille.etablissement_id,
                champs=["email"],
                eleve_majeur=eleve.pk,
            )
        a_creer.append(responsable)
    rapport.crees = comptes_creer(responsables=a_creer, par=par)
    return rapport
