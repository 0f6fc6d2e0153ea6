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
}

if __name__ == "__main__":
    for nom, contenu in FICHIERS.items():
        (ICI / nom).write_bytes(contenu)
        print(nom, len(contenu))
