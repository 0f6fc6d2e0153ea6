"""The portal's request guard and family scoping (DESIGN §1).

Every portal view is decorated with `@vue_portail`: it requires a family account, sends
staff to the admin, and builds `request.portail` once: the Responsable, its Famille and
Etablissement, and, computed on first use, the current school year, the family's pupils
and the open re-enrolment campaign. Views fetch every object through
`<Model>.objects.de_la_famille(request.portail.famille)`, so another family's object
answers 404.

The core does not know the apps above it: the parts of the portal object come from
settings.PORTAIL_FOURNISSEURS (dotted paths resolved at start-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from imuse import session_expiree
from imuse.extensions import fournisseur
from imuse.models import AnneeScolaire
from imuse.requetes import ID, RequeteFigee

# AnneeScolaire.objects.courante(etablissement), compiled once (imuse/requetes.py).
_ANNEE_COURANTE = RequeteFigee(
    lambda etablissement_id: AnneeScolaire.objects.filter(
        etablissement_id=etablissement_id, courante=True
    )[:1],  # .first() with the model's ordering
    ID,
)
# Its columns, also read with the account of each request (settings.COMPTES_ANNOTE_AVEC).
_CHAMPS_ANNEE = ("id", "etablissement_id", "libelle", "debut", "fin", "courante")
# What lu_avec_le_compte() answers when the account did not bring the values.
ABSENT = object()


def lu_avec_le_compte(portail, *noms: str) -> list | object:
    """The values settings.COMPTES_ANNOTE_AVEC annotated on the request's account, or
    ABSENT: an account loaded otherwise, or whose site is not its family's (the
    annotations follow the account's site)."""
    compte = getattr(portail, "utilisateur", None)
    valeurs = [getattr(compte, nom, ABSENT) for nom in noms]
    if any(v is ABSENT for v in valeurs) or compte.etablissement_id != portail.etablissement.pk:
        return ABSENT
    return valeurs


def annee_du_compte(jour) -> dict:
    """COMPTES_ANNOTE_AVEC: the current school year of the account's site, column by
    column (None when the site has none)."""
    annee = AnneeScolaire.objects.filter(etablissement=OuterRef("etablissement_id"), courante=True)
    return {f"annee_courante__{c}": Subquery(annee.values(c)[:1]) for c in _CHAMPS_ANNEE}


def _annee_lue_avec_le_compte(portail) -> Any:
    """The current year built from the account's row, None if the site has none, or
    ABSENT (see lu_avec_le_compte)."""
    valeurs = lu_avec_le_compte(portail, *(f"annee_courante__{c}" for c in _CHAMPS_ANNEE))
    if valeurs is ABSENT:
        return ABSENT
    if valeurs[0] is None:  # the site has no current year
        return None
    return AnneeScolaire.from_db(portail.utilisateur._state.db, _CHAMPS_ANNEE, valeurs)


@dataclass(frozen=True)
class Notice:
    """A message on Accueil: pending validations, open re-enrolment, amount due."""

    texte: str | Promise
    lien: str = ""
    lien_texte: str | Promise = ""
    niveau: str = "info"  # "info" or "attention"


@dataclass(frozen=True)
class Onglet:
    """A tab of a pupil's file. `cle` names it so the current one gets aria-current."""

    cle: str
    libelle: str | Promise
    url: str


@dataclass(frozen=True)
class Nouveaute:
    """A line of Accueil's "What's new": something that happened since the last visit."""

    quand: Any  # datetime (aware) or date
    texte: str | Promise
    lien: str = ""
    lien_texte: str | Promise = ""


@dataclass
class Lien:
    """One entry of the site map, with its sub-entries."""

    libelle: str
    url: str
    enfants: list[Lien] = field(default_factory=list)


class Portail:
    """What a portal request knows about its family, each part computed once."""

    def __init__(self, request, responsable: Any):
        self.request = request
        self.responsable = responsable
        self.famille = responsable.famille
        self.etablissement = responsable.famille.etablissement
        self.utilisateur = request.user

    @cached_property
    def annee_courante(self) -> AnneeScolaire | None:
        annee = _annee_lue_avec_le_compte(self)
        if annee is ABSENT:
            return _ANNEE_COURANTE.premier(self.etablissement.pk)
        return annee

    @cached_property
    def eleves(self) -> list:
        """The family's pupils, by first name (Eleve rows)."""
        return list(fournisseur("eleves")(self))

    @cached_property
    def campagne(self) -> Any:
        """The re-enrolment campaign open to this family now, or None."""
        return fournisseur("campagne")(self)

    @cached_property
    def visite_precedente(self) -> Any:
        """When the guardian's previous visit began (None on a first visit): stamped
        once per session, so "What's new" stays the same while the visit lasts."""
        return fournisseur("visite_precedente")(self)


def responsable_de(user) -> Any:
    """The Responsable of a family account, or None (staff, orphan account)."""
    if not user.is_authenticated or user.is_staff:
        return None
    return fournisseur("responsable")(user)


def portail_de(request) -> Portail | None:
    """The request's portal object, built on first call (None outside a family)."""
    if not hasattr(request, "portail"):
        responsable = responsable_de(request.user)
        request.portail = Portail(request, responsable) if responsable is not None else None
    return request.portail


MESSAGE_SESSION_EXPIREE = _(
    "Your session ended after a long time without activity. Log in again: what you typed "
    "has been kept and will be sent as soon as you are logged in."
)
MESSAGE_FICHIERS_PERDUS = _("The attached files could not be kept: attach them again.")


def vue_portail(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            conserve = session_expiree.conserver(request)
            if conserve is not None:
                messages.warning(request, MESSAGE_SESSION_EXPIREE)
                if conserve["fichiers"]:
                    messages.warning(request, MESSAGE_FICHIERS_PERDUS)
            return redirect_to_login(request.get_full_path())
        if user.is_staff:
            return redirect("admin:index")
        if portail_de(request) is None:
            return render(request, "portail/sans_famille.html", status=403)
        session_expiree.reprendre(request)
        return view(request, *args, **kwargs)

    return wrapper
