"""Checking an uploaded document (DESIGN §6), reusable by any app.

`verifier_document(upload)` returns a `DocumentVerifie` (the bytes to store, their type
and extension) or raises a `ValidationError` whose French message says what was wrong;
`ChampDocument` is the form field that calls it, so the error shows next to the field
and the rest of the form keeps what was typed; `ChampFichierVerifie` is its counterpart
for a model form (the admin), for every file the portal stores in a model's FileField.

The rules:
- at most 2 MB, not empty;
- JPEG, PNG or PDF by content (python-magic), with an extension that agrees;
- images are decoded by Pillow restricted to the detected format, at most PIXELS_MAX
  pixels, then re-encoded from their pixels alone (orientation applied): anything
  appended to the file, comments, metadata (EXIF, GPS, XMP, text chunks) and embedded
  profiles are dropped;
- PDFs must open with qpdf (pikepdf) without any repair, as viewers would otherwise
  reconstruct them; they are refused when encrypted or when any object, of any revision
  (the raw file is read too, every stream decompressed), names JavaScript, an automatic
  action (OpenAction, AA), Launch, SubmitForm, GoToR, an embedded file, ImportData,
  RichMedia or an XFA form. The French message says what was found.
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

from imuse import pdf_actif

TAILLE_MAX = 2 * 1024 * 1024
# 25 megapixels (a 6000×4000 photo is 24): decoding and re-encoding such an image costs
# about 200 MB at worst (RGBA), measured by tests/reinscription/test_televersement_fiable.py.
PIXELS_MAX = 25_000_000

TYPES = {
    "image/jpeg": ("JPEG", {"jpg", "jpeg"}),
    "image/png": ("PNG", {"png"}),
    "application/pdf": ("PDF", {"pdf"}),
}
EXTENSIONS = {"jpg", "jpeg", "png", "pdf"}
ACCEPT = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"


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


def verifier_document(upload, *, images_seulement: bool = False) -> DocumentVerifie:
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
    if images_seulement and type_mime == "application/pdf":
        raise ValidationError(_("Only JPEG or PNG images are accepted here."), code="type")
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
            if format_ == "JPEG" and image.info.get("adobe_transform") != 0:
                # A colour JPEG's pixels stay in YCbCr, the colour space the encoder
                # writes: neither a conversion to RGB nor one back (same size, no scaling).
                # Not one stored as RGB (an Adobe marker with transform 0): libjpeg cannot
                # decode that to YCbCr.
                image.draft("YCbCr", None)
            image.load()
            # In place: no copy of the pixels when there is nothing to turn.
            ImageOps.exif_transpose(image, in_place=True)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _trop_grande() from None
        except ValidationError:
            raise
        except Exception:  # Pillow raises many types on corrupt data.
            raise _illisible() from None
    # Pixels alone: Pillow writes back what `info` holds (JPEG comment, EXIF, XMP, ICC
    # profile, PNG text): all of it goes, but a palette's transparent colour.
    transparence = image.info.get("transparency")
    image.info.clear()
    if transparence is not None and image.mode in ("P", "L", "RGB"):
        image.info["transparency"] = transparence
    if format_ == "JPEG":
        return _jpeg(image, len(contenu))
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
        image = image.convert("RGBA")
    sortie = io.BytesIO()
    image.save(sortie, format="PNG", optimize=True)
    return sortie.getvalue()


# libjpeg's luminance table at quality 90 (Annex K's table scaled by 20 %), summed: an
# input whose table sums to as much is at most of quality 90.
_LUMINANCE = (
    "16 11 10 16 24 40 51 61 12 12 14 19 26 58 60 55 14 13 16 24 40 57 69 56 14 17 22 29 51 "
    "87 80 62 18 22 37 56 68 109 103 77 24 35 55 64 81 104 113 92 49 64 78 87 103 121 120 101 "
    "72 92 95 98 112 100 103 99"
)
SOMME_QUALITE_90 = sum(max(1, (int(v) * 20 + 50) // 100) for v in _LUMINANCE.split())


def _jpeg(image, taille_entree: int) -> bytes:
    """Quality 90, or the input's own tables when it was coarser (a quality 90 copy of a
    quality 50 scan would be twice its size and no sharper): the stored file is never
    finer than what was sent, and not bigger (Huffman tables optimised when it would)."""
    tables = getattr(image, "quantization", None) or {}
    grossiere = len(tables.get(0) or ()) == 64 and sum(tables[0]) >= SOMME_QUALITE_90
    if image.mode not in ("RGB", "L", "YCbCr"):
        image = image.convert("RGB")  # CMYK: a new image, the input's tables do not apply
        grossiere = False
    sortie = _encoder(image, quality="keep" if grossiere else 90)
    if len(sortie) > taille_entree:
        sortie = min(
            sortie, _encoder(image, quality="keep" if grossiere else 90, optimize=True), key=len
        )
    return sortie


def _encoder(image, **options) -> bytes:
    sortie = io.BytesIO()
    try:
        image.save(sortie, format="JPEG", **options)
    except (ValueError, OSError):  # tables Pillow cannot write again: its own quality 90
        sortie = io.BytesIO()
        image.save(
            sortie,
            format="JPEG",
            quality=90,
            **{k: v for k, v in options.items() if k != "quality"},
        )
    return sortie.getvalue()


def _verifier_pdf(contenu: bytes) -> None:
    probleme = pdf_actif.probleme(contenu)
    if probleme == pdf_actif.CHIFFRE:
        raise ValidationError(
            _("The PDF is protected by a password: please send it unprotected."),
            code="chiffre",
        )
    if probleme == pdf_actif.MAL_FORME:
        raise ValidationError(
            _(
                "The PDF is damaged or altered (its structure had to be repaired to be "
                "read): please print it again to PDF, or scan it, and retry."
            ),
            code="pdf_mal_forme",
        )
    if probleme:
        raise ValidationError(
            _(
                "The PDF contains %(quoi)s, which is not accepted: please print it again "
                "to PDF, or scan it, and retry."
            ),
            code="pdf_actif",
            params={"quoi": pdf_actif.RAISONS[probleme]},
        )


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

    images_seulement = False

    def clean(self, data, initial=None):
        fichier = super().clean(data, initial)
        if not isinstance(fichier, UploadedFile):
            return fichier  # nothing sent (the current file), or the file cleared
        document = verifier_document(fichier, images_seulement=self.images_seulement)
        return ContentFile(document.contenu, name=document.nom_original)


class ChampImageVerifiee(ChampFichierVerifie):
    """ChampFichierVerifie for images only (a school's logo)."""

    images_seulement = True
    widget = forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"})

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("JPEG or PNG, at most 2 MB."))
        kwargs.pop("form_class", None)
        super().__init__(**kwargs)
