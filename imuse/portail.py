"""The portal's request guard and family scoping (DESIGN §1).

Every portal view is decorated with `@vue_portail`: it requires a family account,
sends staff to the admin, and resolves the user to its Responsable and Famille once.
Views then fetch every object through `<Model>.objects.de_la_famille(request.famille)`,
so another family's object answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.functional import Promise

from famille.models import Responsable


@dataclass(frozen=True)
class Notice:
    """A message on Accueil: pending validations, open re-enrolment, amount due."""

    texte: str | Promise
    lien: str = ""
    lien_texte: str | Promise = ""
    niveau: str = "info"  # "info" or "attention"


def responsable_de(user) -> Responsable | None:
    return (
        Responsable.objects.select_related("famille__etablissement")
        .filter(utilisateur=user)
        .first()
    )


def vue_portail(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_staff:
            return redirect("admin:index")
        responsable = getattr(request, "responsable", None) or responsable_de(user)
        if responsable is None:
            return render(request, "portail/sans_famille.html", status=403)
        request.responsable = responsable
        request.famille = responsable.famille
        request.etablissement = responsable.famille.etablissement
        return view(request, *args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class Onglet:
    """A tab of a pupil's file. `cle` names it so the current one gets aria-current."""

    cle: str
    libelle: str | Promise
    url: str
