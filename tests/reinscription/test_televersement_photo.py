"""A photo sent by a family: what is stored and what they get back (metadata gone,
orientation applied, never bigger than sent nor finer than sent), and what an import
costs in queries."""

import io
import random

import pytest
from django.urls import reverse
from PIL import Image, ImageFilter

from imuse.journal import journal_de
from imuse.televersement import SOMME_QUALITE_90, verifier_document
from reinscription.models import DemandeReinscription, PieceJointe
from tests.reinscription.conftest import upload


def photo_de_telephone() -> bytes:
    """60×30, red on the left, blue on the right, to be turned 90° clockwise (EXIF 6),
    with a description, GPS coordinates and a comment."""
    image = Image.new("RGB", (60, 30), (220, 20, 20))
    image.paste((20, 20, 220), (30, 0, 60, 30))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010E] = "Chambre d'Irina"
    exif.get_ifd(0x8825)[2] = (48.0, 51.0, 24.0)  # GPSLatitude
    tampon = io.BytesIO()
    image.save(tampon, format="JPEG", quality=95, exif=exif, comment=b"Appareil de Marc")
    return tampon.getvalue()


def jpeg(qualite: int, mode: str = "RGB") -> bytes:
    bruit = random.Random(3).randbytes(300 * 200 * 3)
    image = Image.frombytes("RGB", (300, 200), bruit).filter(ImageFilter.GaussianBlur(2))
    tampon = io.BytesIO()
    image.convert(mode).save(tampon, format="JPEG", quality=qualite)
    return tampon.getvalue()


def verifie(contenu: bytes) -> bytes:
    return verifier_document(upload("photo.jpg", contenu)).contenu


def test_a_family_s_phone_photo_comes_back_upright_and_without_its_metadata(
    client_r1, pieces, irina, cours_irina
):
    envoyee = photo_de_telephone()
    reponse = client_r1.post(
        reverse("reinscription:eleve", args=[irina.pk]),
        {
            "action": "importer",
            "cours": [cours_irina[0].pk],
            "piece": pieces[1].pk,
            "fichier": upload("IMG_2041.jpg", envoyee),
        },
        follow=True,
    )
    texte = reponse.content.decode().replace("&#x27;", "'")
    assert "Le fichier « IMG_2041.jpg » a été importé" in texte and "Fournie" in texte
    pj = PieceJointe.objects.get()
    fichier = client_r1.get(reverse("reinscription:fichier", args=[irina.pk, pj.pk]))
    recue = b"".join(fichier.streaming_content)
    assert pj.taille == len(recue) <= len(envoyee)
    for secret in (b"Chambre d'Irina", b"Appareil de Marc", b"Exif"):
        assert secret not in recue
    image = Image.open(io.BytesIO(recue))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert "exif" not in image.info and "comment" not in image.info
    assert dict(image.getexif()) == {}
    # Turned clockwise: the left (red) is now on top, the right (blue) below.
    assert image.size == (30, 60)
    rouge, bleu = image.getpixel((15, 10)), image.getpixel((15, 50))
    assert rouge[0] > 180 and rouge[2] < 60
    assert bleu[2] > 180 and bleu[0] < 60


def test_a_fine_jpeg_is_stored_at_quality_90_and_smaller():
    envoyee = jpeg(98)
    stockee = verifie(envoyee)
    assert len(stockee) < len(envoyee)
    assert sum(Image.open(io.BytesIO(stockee)).quantization[0]) == SOMME_QUALITE_90


@pytest.mark.parametrize("qualite", [40, 75, 90])
def test_a_coarser_jpeg_keeps_its_own_tables_and_is_not_made_bigger(qualite):
    envoyee = jpeg(qualite)
    stockee = verifie(envoyee)
    assert len(stockee) <= len(envoyee)
    tables = Image.open(io.BytesIO(stockee)).quantization
    assert tables == Image.open(io.BytesIO(envoyee)).quantization


def test_grey_and_cmyk_jpegs_are_stored_as_grey_and_rgb():
    assert Image.open(io.BytesIO(verifie(jpeg(80, "L")))).mode == "L"
    cmjn = Image.open(io.BytesIO(verifie(jpeg(80, "CMYK"))))
    assert cmjn.mode == "RGB" and cmjn.size == (300, 200)


def test_a_jpeg_stored_as_rgb_is_read_and_keeps_its_colours():
    """An Adobe marker with transform 0 (some scanners, Photoshop): no YCbCr decoding."""
    image = Image.new("RGB", (64, 40), (200, 30, 30))
    tampon = io.BytesIO()
    image.save(tampon, format="JPEG", keep_rgb=True, quality=95)
    assert Image.open(io.BytesIO(tampon.getvalue())).info.get("adobe_transform") == 0
    stockee = Image.open(io.BytesIO(verifie(tampon.getvalue())))
    assert stockee.size == (64, 40)
    rouge, vert, bleu = stockee.convert("RGB").getpixel((32, 20))
    assert rouge > 150 and vert < 80 and bleu < 80


# 29 before piece_deposer read the campaign, the pupil and the family with the locked row
# and before unchanged ticks were no longer saved again (24 then).
QUERIES_IMPORT = 17


def test_an_import_reads_the_pupil_and_the_campaign_once(
    client_r1, pieces, irina, cours_irina, django_assert_max_num_queries
):
    adresse = reverse("reinscription:eleve", args=[irina.pk])
    client_r1.post(adresse, {"action": "enregistrer", "cours": [cours_irina[0].pk]})
    donnees = {"action": "importer", "cours": [cours_irina[0].pk], "piece": pieces[1].pk}
    with django_assert_max_num_queries(QUERIES_IMPORT):
        reponse = client_r1.post(adresse, {**donnees, "fichier": upload("p.jpg", jpeg(80))})
    assert reponse.status_code == 302


def _importer(client, eleve, piece, cours) -> None:
    reponse = client.post(
        reverse("reinscription:eleve", args=[eleve.pk]),
        {
            "action": "importer",
            "cours": [c.pk for c in cours],
            "piece": piece.pk,
            "fichier": upload("p.jpg", jpeg(80)),
        },
    )
    assert reponse.status_code == 302


def _enregistrements(demande) -> int:
    return journal_de(demande).filter(action="reinscription.enregistree").count()


def test_an_import_with_the_saved_ticks_does_not_save_them_again(
    client_r1, pieces, irina, cours_irina
):
    adresse = reverse("reinscription:eleve", args=[irina.pk])
    client_r1.post(adresse, {"action": "enregistrer", "cours": [cours_irina[0].pk]})
    demande = DemandeReinscription.objects.get()
    avant = demande.modifiee_le
    _importer(client_r1, irina, pieces[1], cours_irina[:1])
    demande.refresh_from_db()
    assert demande.modifiee_le == avant and _enregistrements(demande) == 1
    assert PieceJointe.objects.get().piece == pieces[1]
    assert journal_de(demande).filter(action="reinscription.piece_deposee").count() == 1


def test_an_import_with_other_ticks_saves_them_first(client_r1, pieces, irina, cours_irina):
    adresse = reverse("reinscription:eleve", args=[irina.pk])
    client_r1.post(adresse, {"action": "enregistrer", "cours": [cours_irina[0].pk]})
    _importer(client_r1, irina, pieces[1], cours_irina)
    demande = DemandeReinscription.objects.get()
    assert set(demande.inscriptions.all()) == set(cours_irina)
    assert _enregistrements(demande) == 2
    assert PieceJointe.objects.count() == 1


def test_a_first_import_creates_the_request_with_its_ticks(client_r1, pieces, irina, cours_irina):
    _importer(client_r1, irina, pieces[1], cours_irina[1:])
    demande = DemandeReinscription.objects.get()
    assert list(demande.inscriptions.all()) == cours_irina[1:]
    assert _enregistrements(demande) == 1
