"""The upload checks (DESIGN §6) against a hostile corpus kept in corpus/."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from imuse.televersement import TAILLE_MAX, nom_propre, verifier_document

CORPUS = Path(__file__).parent / "corpus"


def fichier(nom: str, contenu: bytes | None = None) -> SimpleUploadedFile:
    if contenu is None:
        contenu = (CORPUS / nom).read_bytes()
    return SimpleUploadedFile(nom, contenu)


def refus(nom: str, contenu: bytes | None = None) -> str:
    with pytest.raises(ValidationError) as erreur:
        verifier_document(fichier(nom, contenu))
    return " ".join(erreur.value.messages)


@pytest.mark.parametrize(
    ("nom", "type_mime"),
    [
        ("photo.jpg", "image/jpeg"),
        ("photo.png", "image/png"),
        ("attestation.pdf", "application/pdf"),
    ],
)
def test_it_accepts_jpeg_png_and_pdf(nom, type_mime):
    document = verifier_document(fichier(nom))
    assert document.type_mime == type_mime
    assert document.nom_original == nom
    assert document.taille == len(document.contenu) > 0


def test_the_extension_may_be_upper_case_or_jpeg():
    assert verifier_document(fichier("SCAN.JPEG", (CORPUS / "photo.jpg").read_bytes()))


def test_a_pdf_is_stored_as_sent():
    contenu = (CORPUS / "attestation.pdf").read_bytes()
    assert verifier_document(fichier("attestation.pdf")).contenu == contenu


def test_html_appended_to_a_jpeg_is_dropped_by_re_encoding():
    brut = (CORPUS / "jpeg_avec_html.jpg").read_bytes()
    assert b"<script>" in brut
    document = verifier_document(fichier("jpeg_avec_html.jpg"))
    assert b"<script>" not in document.contenu
    assert b"<html>" not in document.contenu
    image = Image.open(io.BytesIO(document.contenu))
    assert image.format == "JPEG"
    assert image.size == (40, 30)


def test_metadata_is_dropped_from_images():
    tampon = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "GPS secret"  # ImageDescription
    Image.new("RGB", (20, 20)).save(tampon, format="JPEG", exif=exif)
    document = verifier_document(fichier("photo.jpg", tampon.getvalue()))
    assert b"GPS secret" not in document.contenu


@pytest.mark.parametrize("nom", ["image.svg", "image_svg.png"])
def test_svg_is_refused(nom):
    message = refus(nom)
    assert "JPEG" in message and "PNG" in message and "PDF" in message


def test_html_named_pdf_is_refused():
    assert "n'est pas une image JPEG, une image PNG ou un document PDF" in refus("page_html.pdf")


@pytest.mark.parametrize("nom", ["programme.png", "elf.png"])
def test_an_executable_named_png_is_refused(nom):
    assert "n'est pas une image JPEG, une image PNG ou un document PDF" in refus(nom)


def test_a_png_named_jpg_is_refused():
    message = refus("png_nomme.jpg")
    assert ".jpg" in message and "PNG" in message


def test_a_file_of_2_mb_and_one_byte_is_refused():
    contenu = (CORPUS / "attestation.pdf").read_bytes()
    contenu += b"%" * (TAILLE_MAX + 1 - len(contenu))
    assert len(contenu) == 2 * 1024 * 1024 + 1
    assert "trop volumineux" in refus("gros.pdf", contenu)


def test_a_file_of_exactly_2_mb_passes_the_size_check():
    # A JPEG padded after its end (a PDF padded after %%EOF is no longer strictly
    # readable: qpdf looks for startxref in its last kilobyte).
    contenu = (CORPUS / "photo.jpg").read_bytes()
    contenu += b"\x00" * (TAILLE_MAX - len(contenu))
    assert len(contenu) == TAILLE_MAX
    assert 0 < verifier_document(fichier("juste.jpg", contenu)).taille < 10_000


def test_a_decompression_bomb_is_refused():
    assert "trop grande" in refus("bombe.png")


def test_an_image_above_our_pixel_limit_but_below_pillow_s_is_refused():
    tampon = io.BytesIO()
    Image.new("1", (8000, 6000)).save(tampon, format="PNG")  # 48 Mpx
    assert "trop grande" in refus("grande.png", tampon.getvalue())


@pytest.mark.parametrize(
    ("nom", "raison"),
    [
        ("javascript.pdf", "un script (JavaScript)"),
        ("javascript_cache.pdf", "une action lancée à l’ouverture ou sur un événement"),
        ("lancement.pdf", "une action lancée à l’ouverture ou sur un événement"),
    ],
)
def test_a_pdf_with_javascript_or_launch_is_refused(nom, raison):
    assert f"Le PDF contient {raison}, ce qui n’est pas accepté" in refus(nom)


def test_a_damaged_jpeg_is_refused():
    assert "illisible" in refus("faux.jpg")


def test_an_empty_file_is_refused():
    assert "vide" in refus("vide.pdf", b"")


def test_other_extensions_are_refused():
    assert "JPEG, PNG ou PDF" in refus("photo.gif", (CORPUS / "photo.png").read_bytes())
    assert "JPEG, PNG ou PDF" in refus("photo", (CORPUS / "photo.png").read_bytes())


def test_names_lose_folders_and_control_characters():
    assert nom_propre("C:\\Users\\x\\scan\x00.pdf") == "scan.pdf"
    assert nom_propre("../../etc/passwd.pdf") == "passwd.pdf"
    assert len(nom_propre("a" * 300 + ".pdf")) == 150
    assert nom_propre("a" * 300 + ".pdf").endswith(".pdf")
