"""Authentication by (site, identifiant, password), and the keys django-axes locks on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from comptes.identifiants import normaliser_identifiant
from imuse.requetes import ID, JOUR, RequeteFigee


def _annotations(jour) -> dict:
    """settings.COMPTES_ANNOTE_AVEC: dotted paths of f(jour) giving {name: expression on
    the account's row} (the layers above this one tell what their pages read each time)."""
    annotations: dict = {}
    for chemin in getattr(settings, "COMPTES_ANNOTE_AVEC", ()):
        annotations.update(import_string(chemin)(jour))
    return annotations


# The account of every request, with what every portal page reads next (the guardian, their
# family and school: settings.COMPTES_CHARGES_AVEC, named by string; the annotations of
# COMPTES_ANNOTE_AVEC for today), in one query compiled once (imuse/requetes.py) instead of
# three built on each request.
_UTILISATEUR = RequeteFigee(
    lambda user_id, jour: (
        get_user_model()
        ._default_manager.select_related(*getattr(settings, "COMPTES_CHARGES_AVEC", ()))
        .annotate(**_annotations(jour))
        .filter(pk=user_id)[:1]
    ),
    ID,
    JOUR,
)


def _site(credentials: dict | None, request) -> str:
    if credentials and credentials.get("site") is not None:
        return str(credentials["site"])
    data = getattr(request, "POST", None) or {}
    return str(data.get("site", ""))


def cle_axes(request, credentials: dict | None = None) -> str:
    """Lock an identifiant within its site: 'valognes:abarre1'."""
    identifiant = ""
    if credentials:
        identifiant = credentials.get("identifiant") or credentials.get("username") or ""
    if not identifiant and request is not None:
        data = getattr(request, "POST", None) or {}
        identifiant = data.get("identifiant", "") or data.get("username", "")
    return f"{_site(credentials, request)}:{normaliser_identifiant(identifiant)}"


def ip_client(request) -> str | None:
    # Behind our reverse proxy only, trust the address it appends last.
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


class IdentifiantBackend(ModelBackend):
    """Families and site staff log in with their site; global staff with any site."""

    def authenticate(self, request, identifiant=None, password=None, site=None, **kwargs):
        identifiant = identifiant or kwargs.get("username")
        if not identifiant or password is None:
            return None
        user_model = get_user_model()
        users = user_model._default_manager.filter(identifiant=normaliser_identifiant(identifiant))
        # The site's own account first; global staff accounts log in from any site.
        portee = Q(etablissement__isnull=True)
        if site:
            portee |= Q(etablissement__code=site)
        user = users.filter(portee).order_by(F("etablissement").asc(nulls_last=True)).first()
        if user is None:
            # Same cost as a real check, so timing does not tell whether the account exists.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        if type(user_id) is not int:
            return super().get_user(user_id)
        user = _UTILISATEUR.premier(user_id, timezone.localdate())
        return user if user is not None and self.user_can_authenticate(user) else None
