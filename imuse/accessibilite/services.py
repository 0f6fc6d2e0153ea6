"""The accessible mode is kept in the session (read by base.html) and, for a logged-in
account, on Utilisateur.mode_accessible so that it comes back at the next login."""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase

from imuse.journal import journaliser

CLE_SESSION = "mode_accessible"
# Set when the switch was used while logged out (on the login page): that choice wins at
# login. A mode merely kept after a logout is not a choice and yields to the account's.
CLE_CHOIX = "mode_accessible_choisi"


def mode_accessible_choisir(*, session: SessionBase, utilisateur, actif: bool) -> None:
    """Switch the accessible mode on or off for this browser and, if logged in, the account."""
    session[CLE_SESSION] = actif
    if utilisateur is not None and utilisateur.is_authenticated:
        session.pop(CLE_CHOIX, None)
        if utilisateur.mode_accessible != actif:
            utilisateur.mode_accessible = actif
            utilisateur.save(update_fields=["mode_accessible"])
            journaliser(utilisateur, "compte.mode_accessible", par=utilisateur, actif=actif)
    else:
        session[CLE_CHOIX] = True


def mode_accessible_avant_connexion(session: SessionBase) -> bool | None:
    """The choice made on the login page, if any; read it before `login()`."""
    return bool(session.get(CLE_SESSION)) if session.get(CLE_CHOIX) else None


def mode_accessible_restaurer(*, session: SessionBase, utilisateur, choix_avant) -> None:
    """At login: a choice made on the login page wins and is kept on the account;
    otherwise the account's own setting comes back."""
    if choix_avant is None:
        session[CLE_SESSION] = utilisateur.mode_accessible
        session.pop(CLE_CHOIX, None)
    else:
        mode_accessible_choisir(session=session, utilisateur=utilisateur, actif=choix_avant)


def mode_accessible_apres_deconnexion(session: SessionBase, actif: bool) -> None:
    """Keep the display after a logout (the login page stays readable), not as a choice."""
    if actif:
        session[CLE_SESSION] = True
