"""The portal's main menu. URL names are strings (the core imports no app); a name that
does not resolve raises NoReverseMatch on the first page, it never silently disappears."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from imuse.traduits import a_oublier

# (URL name, label, URL namespaces that mark the entry current). No access keys (issue 14):
# Alt + digit switches tabs in browsers on Linux, digits need Shift on AZERTY keyboards and
# Control + Option is VoiceOver's own modifier on macOS; every key clashes with something.
MENU = [
    ("portail:accueil", _("Home"), ("portail",)),
    ("famille:fiche", _("Family"), ("famille",)),
    # The Réinscription tab belongs to the pupil's file.
    ("eleves:index", _("Pupils"), ("eleves", "reinscription")),
    ("facturation:index", _("Invoicing"), ("facturation",)),
    ("accessibilite:index", _("Accessibility"), ("accessibilite",)),
    ("comptes:mot_de_passe", _("Password"), ("comptes",)),
]


@dataclass(frozen=True)
class EntreeMenu:
    url: str
    libelle: str
    actif: bool


_urls: dict[tuple, str] = {}


def url_fixe(nom: str, *args) -> str:
    """reverse(nom, args=args), memoised per URL configuration and script prefix: the
    layout's links are the same on every request (reverse costs ~50 µs each)."""
    cle = (nom, args, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    url = _urls.get(cle)
    if url is None:
        url = _urls[cle] = reverse(nom, args=args or None)
    return url


# Stand-ins for the integer arguments of url_entiers(): reversed once, then replaced.
_TEMOINS = ("1999000017", "1999000029", "1999000031")
_modeles: dict[tuple, tuple[str, ...]] = {}


def url_entiers(nom: str, *args: int) -> str:
    """reverse(nom, args=args) for integer arguments (ids), without reverse() per call: the
    URL is reversed once per URL configuration and script prefix with stand-in values,
    and each call puts its own values in their place (a table's row links)."""
    cle = (nom, len(args), get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    morceaux = _modeles.get(cle)
    if morceaux is None:
        url = reverse(nom, args=[int(t) for t in _TEMOINS[: len(args)]])
        morceaux = [url]
        for temoin in _TEMOINS[: len(args)]:
            debut, trouve, fin = morceaux[-1].partition(temoin)
            if not trouve or temoin in fin:
                # The pattern changes the value (not a plain <int:...>): reverse each time.
                return reverse(nom, args=args)
            morceaux[-1:] = [debut, fin]
        _modeles[cle] = morceaux = tuple(morceaux)
    html = [morceaux[0]]
    for valeur, suite in zip(args, morceaux[1:], strict=True):
        html.append(str(int(valeur)))
        html.append(suite)
    return "".join(html)


def urls_entiers(nom: str, nombre: int = 1):
    """A function giving url_entiers(nom, *args) for `nombre` integer arguments, the URL
    configuration and script prefix read once: for the rows of one table, within one
    request (url_entiers reads them on every call)."""
    cle = (nom, nombre, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    if cle not in _modeles:
        url_entiers(nom, *range(1, nombre + 1))  # reverses once and keeps the model
    morceaux = _modeles.get(cle)
    if morceaux is None:
        return lambda *args: url_entiers(nom, *args)
    debut, suites = morceaux[0], morceaux[1:]

    def url(*args: int) -> str:
        html = [debut]
        for valeur, suite in zip(args, suites, strict=True):
            html.append(str(int(valeur)))
            html.append(suite)
        return "".join(html)

    return url


def menu(request) -> list[EntreeMenu]:
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    return [
        EntreeMenu(url_fixe(nom), str(libelle), namespace in espaces)
        for nom, libelle, espaces in MENU
    ]


# The links of the layout (imuse/context_processors.py), each an URL name and arguments.
LIENS = {
    "url_accessibilite": ("accessibilite:index",),
    "url_mode": ("accessibilite:mode",),
    "url_declaration": ("accessibilite:declaration",),
    "url_plan": ("accessibilite:plan",),
    "url_aide": ("accessibilite:aide",),
    "url_confidentialite": ("confidentialites",),
}


@dataclass(frozen=True)
class Coquille:
    """What every page's layout shows around its content for one URL configuration,
    language, current menu namespace and school: the links and the menu. `cle` is the
    tuple they were built for (imuse/fragments.py keys the header with it)."""

    cle: tuple
    liens: dict
    menu: tuple[EntreeMenu, ...]


_coquilles: dict[tuple, Coquille] = {}
# Its labels are translated: built again when the catalogues or their settings change.
a_oublier(_coquilles.clear)


def coquille(request, code_site: str | None) -> Coquille:
    """The layout's links, and the menu when `code_site` is given (a family's page),
    built once per key instead of ~13 reverse() lookups and translations a request."""
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    cle = (
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
        get_language(),
        namespace,
        code_site,
    )
    resultat = _coquilles.get(cle)
    if resultat is None:
        liens = {cle_lien: url_fixe(*lien) for cle_lien, lien in LIENS.items()}
        entrees = ()
        if code_site is not None:
            liens["url_confidentialite"] = url_fixe("confidentialite", code_site)
            entrees = tuple(menu(request))
        if len(_coquilles) >= 1000:  # bounded: a site code is part of the key
            _coquilles.clear()
        resultat = _coquilles[cle] = Coquille(cle, liens, entrees)
    return resultat
