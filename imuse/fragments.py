"""The layout's fragments rendered once, not on every request (issue 15).

The portal's header (school, greeting, accessible mode and language forms, main menu, log
out, session warning) and the footer are the same for every family of a site in a given
language, mode and current menu entry, except three values: the guardian's name, the CSRF
token and the current path (the forms' "next"). Rendering them through the template engine
cost about a millisecond a page. They are rendered once per key, with placeholders for
those three values, kept in this process (a bounded dict: the templates and the site's
name and logo are part of the key, so nothing goes stale and no shared cache can serve a
page of one deployment to another), and the placeholders replaced, escaped, per request.

Never per family: the key holds no family, guardian or session value beyond the mode,
and every per-request value of the templates is a placeholder
(tests/imuse/test_fragments.py renders both ways and compares, and checks two families).
settings.FRAGMENTS_FIGES = False renders them plainly (the comparison's reference).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.autoreload import file_changed
from django.utils.html import escape
from django.utils.translation import get_language

from imuse.traduits import a_oublier

JETON = "imuse-fragment-jeton"
SUIVANT = "imuse-fragment-suivant"
NOM = "imuse-fragment-nom"
TAILLE_MAX = 1000

_memo: dict[tuple, str] = {}
# The header and footer hold translated text: rendered again when the catalogues change,
# and when a template changes under runserver (which reloads the templates, not this).
a_oublier(_memo.clear)


def _gabarit_change(sender, file_path, **kwargs) -> None:
    if Path(file_path).suffix == ".html":
        _memo.clear()


file_changed.connect(_gabarit_change, dispatch_uid="imuse.fragments.gabarits")


class _Responsable:
    nom_complet = NOM


def _memoriser(cle: tuple, rendre) -> str:
    html = _memo.get(cle)
    if html is None:
        html = rendre()
        if len(_memo) >= TAILLE_MAX:
            _memo.clear()
        _memo[cle] = html
    return html


def _figes() -> bool:
    return getattr(settings, "FRAGMENTS_FIGES", True)


def entete(contexte) -> str:
    """The portal's header for `contexte` (a template Context of a portal page)."""
    request = contexte["request"]
    etablissement = contexte["etablissement"]
    valeurs = {
        "etablissement": etablissement,
        "menu": contexte.get("menu", []),
        "duree_session": contexte.get("duree_session"),
        "url_mode": contexte.get("url_mode"),
        "mode_accessible": bool(request.session.get("mode_accessible")),
    }
    gabarit = get_template("portail/_entete.html")
    if not _figes():
        return gabarit.render(
            {
                **valeurs,
                "responsable": contexte.get("responsable"),
                "suivant": request.get_full_path(),
                "csrf_token": get_token(request),
            }
        )
    cle = (
        "entete",
        get_language(),
        get_script_prefix(),
        valeurs["mode_accessible"],
        # The menu: the key it was built for (imuse/menu.py `coquille`), else its entries.
        contexte.get("coquille") or tuple((e.url, e.libelle, e.actif) for e in valeurs["menu"]),
        etablissement.pk,
        etablissement.code,
        etablissement.nom,
        bool(etablissement.logo),
        valeurs["duree_session"],
        valeurs["url_mode"],
    )
    html = _memoriser(
        cle,
        lambda: gabarit.render(
            {**valeurs, "responsable": _Responsable(), "suivant": SUIVANT, "csrf_token": JETON}
        ),
    )
    responsable = contexte.get("responsable")
    # The page's own csrf_token (computed once per render, as every {% csrf_token %} of
    # the page shares it): each get_token() call masks the secret anew, 32 urandom reads.
    jeton = contexte.get("csrf_token")
    return (
        html.replace(JETON, str(jeton) if jeton else get_token(request))
        .replace(SUIVANT, escape(request.get_full_path()))
        .replace(NOM, escape(responsable.nom_complet if responsable else ""))
    )


def pied(contexte) -> str:
    """The footer: the same for every page in a language and site."""
    valeurs = {
        nom: contexte.get(nom)
        for nom in ("url_declaration", "url_plan", "url_aide", "url_confidentialite")
    }
    gabarit = get_template("includes/pied.html")
    if not _figes():
        return gabarit.render(valeurs)
    cle = ("pied", get_language(), *valeurs.values())
    return _memoriser(cle, lambda: gabarit.render(valeurs))
