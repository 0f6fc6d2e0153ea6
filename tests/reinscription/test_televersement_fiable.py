"""Upload checks after outside review (issue 10): PDFs read strictly and inspected in
every object, revision and stream; images keep their pixels alone; a pixel cap that
bounds memory; bodies far above 2 MB refused unread; one check for every stored file;
no file left behind by a rolled-back transaction."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.db import models, transaction
from django.test import RequestFactory
from PIL import Image

from imuse.storage import FichierVerifieField, ImageVerifieeField, supprimer_fichiers_orphelins
from imuse.televersement import ChampFichierVerifie, verifier_document
from tests.reinscription.test_televersement import CORPUS, fichier, refus

ACTION = "une action lancée à l’ouverture ou sur un événement"
PDF_HOSTILES = {
    "incremental_js_xref_faux.pdf": ACTION,
    "incremental_js.pdf": "un script (JavaScript)",
    "ancienne_revision_js.pdf": "un script (JavaScript)",
    "js_flux_objet.pdf": ACTION,
    "xfa_script.pdf": "un formulaire XFA",
    "submitform.pdf": "un formulaire qui envoie des données à un site",
    "gotor.pdf": "un lien qui ouvre un autre document",
    "importdata.pdf": "un ordre d’importer des données",
    "richmedia.pdf": "un contenu multimédia actif",
    "fichier_joint.pdf": "un fichier joint",
    "lancement_echappe.pdf": "un ordre de lancer un programme",
}


@pytest.mark.parametrize(("nom", "raison"), sorted(PDF_HOSTILES.items()))
def test_hostile_pdfs_are_refused_with_the_reason(nom, raison):
    message = refus(nom)
    assert f"Le PDF contient {raison}" in message, message


def test_a_pdf_that_needs_repairing_is_refused():
    assert "endommagé ou modifié" in refus("xref_casse.pdf")


def test_a_clean_pdf_still_passes():
    assert verifier_document(fichier("attestation.pdf")).type_mime == "application/pdf"


def test_jpeg_comment_and_exif_are_dropped():
    brut = (CORPUS / "jpeg_commentaire.jpg").read_bytes()
    assert b"<?php" in brut and b"Appareil espion" in brut
    contenu = verifier_document(fichier("jpeg_commentaire.jpg")).contenu
    assert b"<?php" not in contenu and b"Appareil espion" not in contenu
    image = Image.open(io.BytesIO(contenu))
    assert "comment" not in image.info and "exif" not in image.info
    assert dict(image.getexif()) == {}


def test_png_text_and_xmp_are_dropped():
    contenu = verifier_document(fichier("png_texte.png")).contenu
    assert b"<script>" not in contenu and b"xmpmeta" not in contenu
    assert Image.open(io.BytesIO(contenu)).info == {}


def test_the_orientation_is_applied_to_the_pixels():
    image = Image.new("RGB", (40, 20), (10, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° to display
    tampon = io.BytesIO()
    image.save(tampon, format="JPEG", exif=exif)
    sortie = Image.open(io.BytesIO(verifier_document(fichier("r.jpg", tampon.getvalue())).contenu))
    assert sortie.size == (20, 40) and dict(sortie.getexif()) == {}


def test_a_6300_px_square_png_is_refused():
    assert len((CORPUS / "png_geant.png").read_bytes()) < 200_000
    assert "trop grande" in refus("png_geant.png")


MESURE = """
import os, resource, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "imuse.settings"
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from imuse.televersement import verifier_document
donnees = sys.stdin.buffer.read()
avant = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
verifier_document(SimpleUploadedFile("a.png", donnees))
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - avant) // 1024)
"""


def test_the_largest_accepted_image_costs_well_under_290_mb():
    tampon = io.BytesIO()
    Image.new("RGBA", (5000, 5000), (255, 255, 255, 255)).save(tampon, format="PNG")
    resultat = subprocess.run(
        [sys.executable, "-c", MESURE],
        input=tampon.getvalue(),
        capture_output=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
        check=True,
    )
    mo = int(resultat.stdout.split()[-1])
    assert mo < 200, f"{mo} MB for 25 Mpx RGBA"


def test_a_body_far_above_2_mb_is_refused_before_it_is_read(client_r1):
    class Corps(io.BytesIO):
        lu = 0

        def read(self, *args):
            Corps.lu += 1
            return super().read(*args)

    response = client_r1.generic(
        "POST",
        "/famille/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
        **{"wsgi.input": Corps(b"")},
    )
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()
    assert Corps.lu == 0


def _champs_fichier():
    from django.apps import apps

    for modele in apps.get_models():
        if modele._meta.app_label not in {
            "imuse",
            "comptes",
            "famille",
            "eleves",
            "facturation",
            "reinscription",
            "bac_a_sable",
        }:
            continue
        for champ in modele._meta.get_fields():
            if isinstance(champ, models.FileField):
                yield modele, champ


# Files the portal writes itself (never an upload): checked by construction.
GENERES = {
    ("famille", "exportdonnees", "fichier"),
    ("facturation", "documentpdf", "fichier"),
    ("facturation", "remiseprelevement", "fichier"),  # the pain.008 file we build
}
# Archives kept only until a task reads them (never served, deleted once read), like an
# import's file: each member goes through verifier_document as it is read.
ARCHIVES = {("eleves", "depotbulletins", "archive")}


def test_every_stored_file_field_is_a_checked_one():
    champs = list(_champs_fichier())
    assert len(champs) >= 3
    for modele, champ in champs:
        if (modele._meta.app_label, modele._meta.model_name, champ.name) in GENERES | ARCHIVES:
            continue
        assert isinstance(champ, FichierVerifieField | ImageVerifieeField), (modele, champ.name)


def test_every_admin_form_uploading_a_file_checks_it(superuser):
    requete = RequestFactory().get("/admin/")
    requete.user = superuser
    vus = 0
    for modele, champ in _champs_fichier():
        modele_admin = admin.site._registry.get(modele)
        if modele_admin is None:
            continue
        formulaire = modele_admin.get_form(requete)
        if champ.name in formulaire.base_fields:
            assert isinstance(formulaire.base_fields[champ.name], ChampFichierVerifie), modele
            vus += 1
    assert vus >= 2


def test_staff_cannot_upload_an_active_pdf_as_a_school_logo(client_superuser, etablissement):
    url = f"/admin/imuse/etablissement/{etablissement.pk}/change/"
    page = client_superuser.get(url)
    assert page.status_code == 200
    response = client_superuser.post(
        url,
        {
            "nom": etablissement.nom,
            "code": etablissement.code,
            "logo": fichier("logo.pdf", (CORPUS / "attestation.pdf").read_bytes()),
        },
    )
    assert response.status_code == 200
    assert "Seules les images JPEG ou PNG sont acceptées ici." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_file_written_in_a_rolled_back_transaction_is_removed(irina, settings):
    from django.core.files.base import ContentFile

    from eleves.models import DocumentEleve

    supprimer_fichiers_orphelins()  # what earlier tests of this thread left (their rollback)
    with pytest.raises(RuntimeError), transaction.atomic():
        document = DocumentEleve(eleve=irina, titre="Bulletin")
        document.fichier.save("bulletin.pdf", ContentFile(b"%PDF-1.4"), save=True)
        chemin = Path(document.fichier.path)
        assert chemin.exists()
        raise RuntimeError
    assert supprimer_fichiers_orphelins() == 1
    assert not chemin.exists()

    with transaction.atomic():
        garde = DocumentEleve(eleve=irina, titre="Bulletin")
        garde.fichier.save("garde.pdf", ContentFile(b"%PDF-1.4"), save=True)
    assert supprimer_fichiers_orphelins() == 0
    assert Path(garde.fichier.path).exists()
