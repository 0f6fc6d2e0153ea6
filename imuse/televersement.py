"""Checking an uploaded document (DESIGN §6), reusable by any app.

`verifier_document(upload)` returns a `DocumentVerifie` (the bytes to store, their type
and extension) or raises a `ValidationError` whose French message says what was wrong;
`ChampDocument` is the form field that calls it, so the error shows next to the field
and the rest of the form keeps what was typed; `ChampFichierVerifie` is its counterpart
for a model form (the admin), for every file the portal stores in a model's FileField.

The rules:
- at most 2 MB, not empty;
- JPEG, PNG or PDF by content (python-magic), with an extension that agrees;
- images are decoded by Pillow restricted to the detected format, decompression bombs
  refused, then re-encoded from their pixels: anything appended to the file, metadata
  (EXIF, GPS) and embedded profiles are dropped;
- PDFs are parsed by pypdf and refused when encrypted or when they carry JavaScript,
  an automatic action (OpenAction, additional actions) or a Launch action.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass

import magic
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

TAILLE_MAX = 2 * 1024 * 1024
# 40 megapixels: far beyond any phone photo, far below what would exhaust memory.
PIXELS_MAX = 40_000_000

TYPES = {
    "image/jpeg": ("JPEG", {"jpg", "jpeg"}),
    "image/png": ("PNG", {"png"}),
    "application/pdf": ("PDF", {"pdf"}),
}
EXTENSIONS = {"jpg", "jpeg", "png", "pdf"}
ACCEPT = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"

# PDF names that run something: scripts, actions on opening or on events, launching.
NOMS_DANGEREUX = {"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch"}
ACTIONS_DANGEREUSES = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"}


@dataclass(frozen=True)
class DocumentVerifie:
    contenu: bytes
    type_mime: str
    extension: str
    nom_original: str

    @property
    def taille(self) -> int:
        return len(self.contenu)


def nom_propre(nom: str) -> str:
    """The file's own name, without folders or control characters, at most 150 chars."""
    nom = unicodedata.normalize("NFC", nom.replace("\\", "/").rsplit("/", 1)[-1])
    nom = re.sub(r"[\x00-\x1f\x7f\"]", "", nom).strip(" .") or "document"
    if len(nom) > 150:
        base, _point, ext = nom.rpartition(".")
        nom = f"{base[: 150 - len(ext) - 1]}.{ext}" if base and len(ext) <= 5 else nom[:150]
    return nom


def taille_en_mo(octets: int) -> str:
    """'0,05' for 51 200 bytes, rounded up so that 2 MB + 1 byte reads '2,01'."""
    return number_format(math.ceil(octets * 100 / (1024 * 1024)) / 100, 2)


def _lire(upload) -> bytes:
    upload.seek(0)
    morceaux = []
    for morceau in upload.chunks():
        morceaux.append(morceau)
        if sum(map(len, morceaux)) > TAILLE_MAX:
            break
    return b"".join(morceaux)


def verifier_document(upload) -> DocumentVerifie:
    nom = nom_propre(getattr(upload, "name", "") or "")
    if upload.size is not None and upload.size > TAILLE_MAX:
        raise ValidationError(
            _("The file is too big (%(taille)s MB): the limit is 2 MB."),
            code="trop_gros",
            params={"taille": taille_en_mo(upload.size)},
        )
    contenu = _lire(upload)
    if len(contenu) > TAILLE_MAX:
        raise ValidationError(
            _("The file is too big (%(taille)s MB): the limit is 2 MB."),
            code="trop_gros",
            params={"taille": taille_en_mo(len(contenu))},
        )
    if not contenu:
        raise ValidationError(_("The file is empty."), code="vide")
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else ""
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("Wrong type of file: only JPEG, PNG or PDF files are accepted."), code="type"
        )
    type_mime = magic.from_buffer(contenu[:8192], mime=True)
    if type_mime not in TYPES:
        raise ValidationError(
            _(
                "This file is not a JPEG image, a PNG image or a PDF document, whatever its "
                "name says: only these types are accepted."
            ),
            code="type",
        )
    format_, extensions = TYPES[type_mime]
    if extension not in extensions:
        raise ValidationError(
            _(
                "The file name ends in .%(extension)s but its content is %(format)s: please "
                "check the file."
            ),
            code="extension",
            params={"extension": extension, "format": format_},
        )
    if type_mime == "application/pdf":
        _verifier_pdf(contenu)
    else:
        contenu = _reencoder_image(contenu, format_)
    return DocumentVerifie(contenu, type_mime, extension, nom)


def _illisible() -> ValidationError:
    return ValidationError(
        _("The file cannot be read: it may be damaged. Please save it again and retry."),
        code="illisible",
    )


def _trop_grande() -> ValidationError:
    return ValidationError(
        _("The image is too large (too many pixels): please send a smaller image."),
        code="bombe",
    )


def _reencoder_image(contenu: bytes, format_: str) -> bytes:
    """Decode with Pillow (only `format_`), refuse bombs, re-encode the pixels alone."""
    with warnings.catch_warnings():
        # Pillow warns past MAX_IMAGE_PIXELS and raises past twice that: both are refusals.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(contenu), formats=[format_])
            largeur, hauteur = image.size
            if largeur * hauteur > PIXELS_MAX:
                raise _trop_grande()
            image.load()
            image = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _trop_grande() from None
        except ValidationError:
            raise
        except Exception:  # Pillow raises many types on corrupt data.
            raise _illisible() from None
    sortie = io.BytesIO()
    if format_ == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(sortie, format="JPEG", quality=90)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            image = image.convert("RGBA")
        image.save(sortie, format="PNG", optimize=True)
    return sortie.getvalue()


def _verifier_pdf(contenu: bytes) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lecteur = PdfReader(io.BytesIO(contenu), strict=False)
            if lecteur.is_encrypted:
                raise ValidationError(
                    _("The PDF is protected by a password: please send it unprotected."),
                    code="chiffre",
                )
            dangereux = _pdf_actif(lecteur)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many types on corrupt data.
        raise _illisible() from None
    if dangereux:
        raise ValidationError(
            _(
                "The PDF contains a script or an automatic action, which is not accepted: "
                "please print it again to PDF, or scan it, and retry."
            ),
            code="pdf_actif",
        )


def _pdf_actif(lecteur: PdfReader) -> bool:
    """Whether any object of the PDF (object streams included) runs something."""
    numeros: set[tuple[int, int]] = set()
    for generation, objets in lecteur.xref.items():
        numeros.update((numero, generation) for numero in objets)
    numeros.update((numero, 0) for numero in lecteur.xref_objStm)
    a_voir: list = [lecteur.trailer]
    for numero, generation in numeros:
        a_voir.append(IndirectObject(numero, generation, lecteur))
    vus: set[int] = set()
    while a_voir:
        objet = a_voir.pop()
        if isinstance(objet, IndirectObject):
            objet = objet.get_object()
        if id(objet) in vus:
            continue
        vus.add(id(objet))
        if isinstance(objet, DictionaryObject):  # streams are dictionaries too
            for cle, valeur in objet.items():
                if cle in NOMS_DANGEREUX:
                    return True
                if cle == "/S" and isinstance(valeur, NameObject):
                    if valeur in ACTIONS_DANGEREUSES:
                        return True
                if not isinstance(valeur, IndirectObject):
                    a_voir.append(valeur)
        elif isinstance(objet, ArrayObject):
            a_voir.extend(v for v in objet if not isinstance(v, IndirectObject))
    return False


class ChampDocument(forms.FileField):
    """A file field that accepts only a checked document and cleans to DocumentVerifie."""

    widget = forms.FileInput(attrs={"accept": ACCEPT})
    default_error_messages = {
        "required": _("Please choose a file."),
        "empty": _("The file is empty."),
        "invalid": _("No file was sent. Please choose the file again."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("JPEG, PNG or PDF, at most 2 MB (a photo or a scan is fine).")
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        return verifier_document(upload)


class ChampFichierVerifie(forms.FileField):
    """A model-form file field (admin uploads) that lets only a checked document reach
    the model: a new upload goes through `verifier_document` and is replaced by the
    checked bytes (images re-encoded) under its clean name; the current file is kept
    when nothing new is sent. Use it through `formfield_overrides` with `form_class`."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})
    default_error_messages = ChampDocument.default_error_messages

    def __init__(self, **kwargs):
        if not kwargs.get("help_text"):
            kwargs["help_text"] = _("JPEG, PNG or PDF, at most 2 MB (a photo or a scan is fine).")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        fichier = super().clean(data, initial)
        if not isinstance(fichier, UploadedFile):
            return fichier  # nothing sent (the current file), or the file cleared
        document = verifier_document(fichier)
        return ContentFile(document.contenu, name=document.nom_original)
