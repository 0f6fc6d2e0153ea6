"""What makes a PDF unsafe to store and hand to viewers (imuse/televersement.py).

`probleme(contenu)` returns None for a plain document, else one key of RAISONS (or
CHIFFRE / MAL_FORME). Three looks, so that no viewer finds what we did not:
1. qpdf (pikepdf) must open the file without repairing it: a broken cross-reference
   table (e.g. an incremental update with wrong offsets) is what lets viewers
   reconstruct objects a lenient parser never saw;
2. every object qpdf reads (object streams expanded), every dictionary key and name
   value, and every stream decompressed;
3. the raw bytes of every revision, names with #xx escapes decoded, and every stream
   found in them inflated, in case an old revision holds what the last one hides.
"""

from __future__ import annotations

import re
import zlib

import pikepdf
from django.utils.translation import gettext_lazy as _

CHIFFRE = "chiffre"
MAL_FORME = "mal_forme"

# PDF name -> key of the reason given to the family.
NOMS = {
    "JavaScript": "script",
    "JS": "script",
    "OpenAction": "action",
    "AA": "action",
    "Launch": "lancement",
    "SubmitForm": "envoi",
    "GoToR": "lien",
    "GoToE": "lien",
    "EmbeddedFile": "fichier",
    "EmbeddedFiles": "fichier",
    "ImportData": "import",
    "RichMedia": "multimedia",
    "RichMediaExecute": "multimedia",
    "XFA": "xfa",
}
RAISONS = {
    "script": _("a script (JavaScript)"),
    "action": _("an action run on opening or on an event"),
    "lancement": _("an order to launch a program"),
    "envoi": _("a form that sends data to a website"),
    "lien": _("a link that opens another document"),
    "fichier": _("an embedded file"),
    "import": _("an order to import data"),
    "multimedia": _("active multimedia content"),
    "xfa": _("an XFA form (which can hold scripts)"),
}
# A name token: "/" then regular characters (#xx escapes included).
_NOM = re.compile(rb"/((?:[^\s/<>\[\]{}()%#]|#[0-9A-Fa-f]{2})+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_FLUX = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_SCRIPT_XFA = re.compile(rb"<\s*script", re.I)
TAILLE_DECOMPRESSEE_MAX = 20 * 1024 * 1024


def _nom_decode(brut: bytes) -> str:
    return _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), brut).decode("latin-1")


def _dans_octets(octets: bytes) -> str | None:
    for m in _NOM.finditer(octets):
        cle = NOMS.get(_nom_decode(m.group(1)))
        if cle:
            return cle
    if _SCRIPT_XFA.search(octets):
        return "xfa"
    return None


def _inflater(flux: bytes) -> bytes:
    try:
        d = zlib.decompressobj()
        return d.decompress(flux, TAILLE_DECOMPRESSEE_MAX)
    except zlib.error:
        return b""


def _dans_les_revisions(contenu: bytes) -> str | None:
    cle = _dans_octets(contenu)
    if cle:
        return cle
    for m in _FLUX.finditer(contenu):
        cle = _dans_octets(_inflater(m.group(1).strip(b"\r\n")))
        if cle:
            return cle
    return None


def _dans_l_objet(objet, vus: set) -> str | None:
    """Keys and name values of a dictionary or array, recursively (direct objects)."""
    pile = [objet]
    while pile:
        courant = pile.pop()
        if isinstance(courant, pikepdf.Object) and courant.is_indirect:
            cle_objet = courant.objgen
            if cle_objet in vus:
                continue
            vus.add(cle_objet)
        if isinstance(courant, pikepdf.Dictionary | pikepdf.Stream):
            for cle in courant.keys():
                trouve = NOMS.get(cle.lstrip("/"))
                if trouve:
                    return trouve
                valeur = courant.get(cle)
                if isinstance(valeur, pikepdf.Name):
                    trouve = NOMS.get(str(valeur).lstrip("/"))
                    if trouve:
                        return trouve
                elif isinstance(valeur, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
                    if not valeur.is_indirect:
                        pile.append(valeur)
        elif isinstance(courant, pikepdf.Array):
            for valeur in courant:
                if isinstance(valeur, pikepdf.Name):
                    trouve = NOMS.get(str(valeur).lstrip("/"))
                    if trouve:
                        return trouve
                elif isinstance(valeur, pikepdf.Dictionary | pikepdf.Array) and not (
                    valeur.is_indirect
                ):
                    pile.append(valeur)
    return None


def _dans_qpdf(pdf: pikepdf.Pdf) -> str | None:
    vus: set = set()
    trouve = _dans_l_objet(pdf.trailer, vus)
    if trouve:
        return trouve
    for objet in pdf.objects:
        if isinstance(objet, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
            trouve = _dans_l_objet(objet, vus)
            if trouve:
                return trouve
        if isinstance(objet, pikepdf.Stream):
            try:
                donnees = objet.read_bytes()
            except pikepdf.PdfError:
                continue  # an image codec qpdf does not decode: its dictionary was seen
            trouve = _dans_octets(donnees[:TAILLE_DECOMPRESSEE_MAX])
            if trouve:
                return trouve
    return None


# qpdf's warnings that mean the file's structure was rebuilt, not a page detail fixed.
_REPARATION = re.compile(r"xref|cross-reference|reconstruct|trailer|startxref|offset", re.I)


def probleme(contenu: bytes) -> str | None:
    mal_forme = False
    trouve = None
    try:
        with pikepdf.open(_Octets(contenu), attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                return CHIFFRE
            mal_forme = any(_REPARATION.search(w) for w in pdf.get_warnings())
            trouve = _dans_qpdf(pdf)
    except pikepdf.PasswordError:
        return CHIFFRE
    except (pikepdf.PdfError, ValueError, RuntimeError, OSError):
        mal_forme = True
    # What is dangerous is said first, whatever else is wrong with the file.
    return trouve or _dans_les_revisions(contenu) or (MAL_FORME if mal_forme else None)


def _Octets(contenu: bytes):  # noqa: N802  (a file-like object for pikepdf)
    import io

    return io.BytesIO(contenu)
