"""The portal's main menu. URL names are strings (the core imports no app); a name that
does not resolve raises NoReverseMatch on the first page, it never silently disappears."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (URL name, label, access key, URL namespaces that mark the entry current)
MENU = [
    ("portail:accueil", _("Home"), "1", ("portail",)),
    ("famille:fiche", _("Family"), "2", ("famille",)),
    # The Réinscription tab belongs to the pupil's file.
    ("eleves:index", _("Pupils"), "3", ("eleves", "reinscription")),
    ("facturation:index", _("Invoicing"), "4", ("facturation",)),
    ("accessibilite:index", _("Accessibility"), "5", ("accessibilite",)),
    ("comptes:mot_de_passe", _("Password"), "6", ("comptes",)),
]
ACCESSKEY_DECONNEXION = "7"


@dataclass(frozen=True)
class EntreeMenu:
    url: str
    libelle: str
    accesskey: str
    actif: bool


def menu(request) -> list[EntreeMenu]:
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    entrees = []
    for nom, libelle, accesskey, espaces in MENU:
        entrees.append(EntreeMenu(reverse(nom), str(libelle), accesskey, namespace in espaces))
    return entrees
