"""Extension points (DESIGN, Layout): how apps above the core add parts to pages that
combine them (Accueil, Plan du site, the admin dashboard, the demo, a pupil's tabs).

Settings declare each point as a list of dotted paths, as Django does for MIDDLEWARE:

    EXTENSIONS = {"accueil_notices": ["famille.accueil.notices", ...], ...}

`verifier()` resolves every path with `import_string` when the app registry is ready, so
a wrong name stops the start-up; `appeler(point, ...)` calls each function in order and
concatenates the lists they return. A point that settings do not declare is an error too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string


@cache
def fonctions(point: str) -> tuple[Callable, ...]:
    declares = getattr(settings, "EXTENSIONS", {})
    if point not in declares:
        raise ImproperlyConfigured(f"Extension point {point!r} is not declared in EXTENSIONS.")
    try:
        return tuple(import_string(chemin) for chemin in declares[point])
    except ImportError as erreur:
        raise ImproperlyConfigured(f"Extension point {point!r}: {erreur}") from erreur


def appeler(point: str, *args, **kwargs) -> list:
    resultats: list = []
    for fonction in fonctions(point):
        resultats.extend(fonction(*args, **kwargs))
    return resultats


def fournisseur(nom: str) -> Callable:
    """One dotted path of settings.PORTAIL_FOURNISSEURS (the portal object's parts)."""
    try:
        return _fournisseurs()[nom]
    except KeyError as erreur:
        raise ImproperlyConfigured(f"PORTAIL_FOURNISSEURS has no {nom!r}.") from erreur


@cache
def _fournisseurs() -> dict[str, Callable]:
    try:
        return {
            nom: import_string(chemin)
            for nom, chemin in getattr(settings, "PORTAIL_FOURNISSEURS", {}).items()
        }
    except ImportError as erreur:
        raise ImproperlyConfigured(f"PORTAIL_FOURNISSEURS: {erreur}") from erreur


def verifier() -> None:
    """Resolve every declared path now: a typo fails at start-up, not on a page."""
    fonctions.cache_clear()
    _fournisseurs.cache_clear()
    for point in getattr(settings, "EXTENSIONS", {}):
        fonctions(point)
    _fournisseurs()


def _reinitialiser(*, setting: str, **kwargs) -> None:
    """Tests that override EXTENSIONS or PORTAIL_FOURNISSEURS see their own values."""
    if setting in ("EXTENSIONS", "PORTAIL_FOURNISSEURS"):
        fonctions.cache_clear()
        _fournisseurs.cache_clear()


setting_changed.connect(_reinitialiser)
