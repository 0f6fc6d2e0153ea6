"""PDF rendering with WeasyPrint, reusable by any app (DESIGN §4).

    from imuse.pdf import rendre_pdf, reponse_pdf

    contenu = rendre_pdf("pdf/aide.html", {"sections": ...}, title="Aide du portail")
    return reponse_pdf(contenu, "aide-portail.pdf")

The template is an ordinary Django template; extend "pdf/base.html" to get `lang` and
the title (blocks `style` for a <style> element, and `contenu`). Every PDF gets the shared
style sheet static/css/pdf.css (A4 page, shipped DejaVu fonts,
tables), parsed once per process. It may link our static
files with `{% static %}` and, if a `logo` FieldFile is passed, show it with
`<img src="{{ LOGO_URL }}">`. Nothing else is fetched: `FetcherStatique` refuses
file://, http(s), data: and every other URL, and never follows a redirect. The result is a
tagged PDF/UA-1 document, completed by `imuse.pdf_structure`: page numbers are pagination
artifacts, table headers resolve through an /IDTree and carry a /Scope, and an element
with a `lang` attribute (French data under the English interface) has its own /Lang.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import mimetypes
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header

# WeasyPrint is imported at the first PDF, not with the module: it is about half of a
# process's start (every web process and task worker imports this module).
if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

# A host of the reserved .invalid TLD: no request can ever leave for it.
ORIGINE = "https://pdf.invalid"
LOGO_URL = f"{ORIGINE}/logo"

_cache_statique: dict[tuple[str, float], bytes] = {}


class URLRefusee(ValueError):
    """The PDF asked for a resource we do not serve."""


def _fichier_statique(nom: str) -> Path:
    nom = posixpath.normpath(unquote(nom)).lstrip("/")
    if nom.startswith("..") or "\\" in nom or not nom:
        raise URLRefusee(nom)
    if settings.STATIC_MANIFEST and staticfiles_storage.exists(nom):
        return Path(staticfiles_storage.path(nom))
    trouve = finders.find(nom)
    if not trouve:
        raise URLRefusee(nom)
    return Path(trouve)


_classe_fetcher = None


def _fetcher_statique():
    """The class `FetcherStatique`, made at first use (it subclasses WeasyPrint's)."""
    global _classe_fetcher
    if _classe_fetcher is not None:
        return _classe_fetcher
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FetcherStatique(URLFetcher):
        """Serve our static files (and one logo) to WeasyPrint; refuse everything else."""

        def __init__(self, logo=None):
            super().__init__(allowed_protocols=("https",), allow_redirects=False)
            self.logo = logo

        def fetch(self, url, headers=None):
            parties = urlsplit(url)
            if parties.scheme != "https" or parties.netloc != urlsplit(ORIGINE).netloc:
                raise URLRefusee(f"URL refused in a PDF: {url}")
            chemin = parties.path
            if chemin == "/logo" and self.logo:
                with self.logo.open("rb") as fichier:
                    contenu = fichier.read()
                type_mime = mimetypes.guess_type(self.logo.name)[0] or "image/png"
                if type_mime not in ("image/png", "image/jpeg"):
                    raise URLRefusee(f"Logo type refused: {type_mime}")
                return URLFetcherResponse(url, contenu, {"Content-Type": type_mime})
            if not chemin.startswith(settings.STATIC_URL):
                raise URLRefusee(f"URL refused in a PDF: {url}")
            fichier = _fichier_statique(chemin[len(settings.STATIC_URL) :])
            cle = (str(fichier), fichier.stat().st_mtime)
            contenu = _cache_statique.get(cle)
            if contenu is None:
                contenu = _cache_statique[cle] = fichier.read_bytes()
            type_mime = mimetypes.guess_type(fichier.name)[0] or "application/octet-stream"
            if fichier.suffix == ".ttf":
                type_mime = "font/ttf"
            return URLFetcherResponse(url, contenu, {"Content-Type": type_mime})

        def open(self, url, data=None, timeout=None):  # pragma: no cover - never network
            raise URLRefusee("No network access from PDFs.")

    _classe_fetcher = FetcherStatique
    return FetcherStatique


def __getattr__(nom: str):
    if nom == "FetcherStatique":
        return _fetcher_statique()
    raise AttributeError(f"module {__name__!r} has no attribute {nom!r}")


FEUILLE_DE_STYLE = "css/pdf.css"
_fonts: FontConfiguration | None = None
_feuilles: dict[tuple[str, float], CSS] = {}


def _oublier_polices() -> None:
    global _fonts
    _feuilles.clear()
    _fonts = None


def _configuration_polices() -> FontConfiguration:
    # Loading fonts is the slow part of a render; one configuration per process.
    global _fonts
    if _fonts is None:
        from weasyprint.text.fonts import FontConfiguration

        _fonts = FontConfiguration()
        # Dropped before the interpreter tears WeasyPrint's module down under it.
        atexit.register(_oublier_polices)
    return _fonts


def _feuille_de_style() -> CSS:
    """The shared style sheet, parsed once per process (and its @font-face fonts loaded
    once into the shared font configuration), again only if the file changes."""
    fichier = _fichier_statique(FEUILLE_DE_STYLE)
    cle = (str(fichier), fichier.stat().st_mtime)
    feuille = _feuilles.get(cle)
    if feuille is None:
        from weasyprint import CSS

        _feuilles.clear()
        feuille = _feuilles[cle] = CSS(
            url=f"{ORIGINE}{settings.STATIC_URL}{FEUILLE_DE_STYLE}",
            url_fetcher=_fetcher_statique()(),
            font_config=_configuration_polices(),
        )
    return feuille


# Bumped whenever what a PDF looks like changes outside its Django template (the shared
# style sheet css/pdf.css, pdf/base.html's structure, imuse/pdf_structure.py, a WeasyPrint
# upgrade that changes the layout): stored documents (facturation/documents.py) rendered
# with another version are rendered again at their next download. A change of a template's
# text needs no bump: the stored document's fingerprint covers the HTML it was made from.
VERSION_PDF = 1


@functools.cache
def empreinte_moteur() -> str:
    """What lays a PDF out besides its HTML, fingerprinted once per process: the shared
    style sheet, imuse/pdf_structure.py and WeasyPrint's version. A stored document made
    with other ones no longer matches, even if VERSION_PDF was not bumped."""
    from importlib.metadata import version
    from importlib.util import find_spec

    # Files and version read without importing WeasyPrint or imuse.pdf_structure (1.6 s
    # in a new worker, which serving a stored file does not otherwise need).
    h = hashlib.sha256(version("weasyprint").encode())
    h.update(_fichier_statique(FEUILLE_DE_STYLE).read_bytes())
    h.update(Path(find_spec("imuse.pdf_structure").origin).read_bytes())
    return h.hexdigest()


def html_pdf(template: str, context: dict, title: str, *, logo=None) -> str:
    """The HTML that `rendre_pdf` lays out (cheap: no WeasyPrint)."""
    contexte = {
        **context,
        "titre_pdf": title,
        "LOGO_URL": LOGO_URL if logo else "",
        "LANGUE_PDF": translation.get_language() or settings.LANGUAGE_CODE,
    }
    return render_to_string(template, contexte)


def pdf_du_html(html: str, *, logo=None) -> bytes:
    """Lay `html` (from `html_pdf`) out into a tagged PDF/UA-1 document (WeasyPrint)."""
    from weasyprint import HTML

    from imuse.pdf_structure import completer_structure

    document = HTML(string=html, base_url=f"{ORIGINE}/", url_fetcher=_fetcher_statique()(logo))
    contenu = document.write_pdf(
        stylesheets=[_feuille_de_style()],
        pdf_variant="pdf/ua-1",
        font_config=_configuration_polices(),
        uncompressed_pdf=False,
    )
    return completer_structure(contenu)


def rendre_pdf(template: str, context: dict, title: str, *, logo=None) -> bytes:
    """Render `template` with `context` into a tagged PDF/UA-1 document.

    `title` becomes the document title (shown by PDF readers and screen readers);
    the language is the active one. `logo` is an optional FieldFile (private storage)
    that the template shows at `LOGO_URL`.
    """
    return pdf_du_html(html_pdf(template, context, title, logo=logo), logo=logo)


def reponse_pdf(contenu: bytes, nom: str, *, attachement: bool = False) -> HttpResponse:
    """An HTTP response for a generated PDF, named `nom` (e.g. "facture-26FC00042.pdf")."""
    response = HttpResponse(contenu, content_type="application/pdf")
    # Django's header builder: accents kept (filename*), quotes and line breaks escaped.
    response["Content-Disposition"] = content_disposition_header(attachement, nom)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
