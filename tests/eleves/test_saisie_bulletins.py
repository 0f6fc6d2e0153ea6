"""Bulletins as one ZIP: matched by N° élève, a report of what did not match, the
upload checks of every document, published in one step; bombs and traversal refused."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eleves import saisie
from eleves.models import DocumentEleve
from tests import factories as f
from tests.conftest import connecter_staff

CORPUS = Path(__file__).parents[1] / "reinscription" / "corpus"
PDF = (CORPUS / "attestation.pdf").read_bytes()
PNG = (CORPUS / "photo.png").read_bytes()
URL = "admin:eleves_documenteleve_bulletins"


def archive(fichiers: dict[str, bytes], nom="bulletins.zip") -> SimpleUploadedFile:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as z:
        for chemin, contenu in fichiers.items():
            z.writestr(chemin, contenu)
    return SimpleUploadedFile(nom, tampon.getvalue(), content_type="application/zip")


@pytest.fixture
def numeros(irina, hugo, autre_etablissement):
    irina.numero, hugo.numero = 1042, 1043
    for e in (irina, hugo):
        e.save()
    # A pupil of another school.
    f.EleveFactory(famille=f.FamilleFactory(etablissement=autre_etablissement), numero=2001)


def envoyer(client, fichiers, annee):
    return client.post(
        reverse(URL), {"archive": archive(fichiers), "annee": annee.pk, "titre": "Bulletin S1"}
    )


def test_matched_bulletins_are_stored_unpublished_and_the_rest_reported(
    client_staff, client_r1, numeros, annee, irina, autre_etablissement
):
    reponse = envoyer(
        client_staff,
        {
            "S1/bulletin-1042.pdf": PDF,
            "bulletin 1043 ABARRE Hugo.pdf": PDF,
            "bulletin-9999.pdf": PDF,
            "1042-1043.pdf": PDF,
            "photo-1042.png": PNG,
            "notes.txt": b"bonjour",
            "__MACOSX/._bulletin-1042.pdf": b"x",
            "../../etc/bulletin-1043-bis.pdf": b"not a pdf",
        },
        annee,
    )
    texte = reponse.content.decode().replace("&#x27;", "'")
    assert "2 bulletins associés à leurs élèves (pas encore publiés)" in texte
    assert "bulletin-1042.pdf" in texte and "ABARRE Irina" in texte
    assert "5 fichiers écartés" in texte
    assert "Aucun numéro d'élève de l'établissement dans le nom du fichier." in texte
    assert (
        "Plusieurs numéros d'élève de l'établissement dans le nom du fichier (1042, 1043)." in texte
    )
    assert "Pas un fichier PDF." in texte
    assert "Un autre fichier de l'archive est pour cet élève." in texte
    assert "__MACOSX" not in texte
    documents = DocumentEleve.objects.order_by("eleve__prenom")
    assert [d.eleve.numero for d in documents] == [1043, 1042]
    assert not any(d.visible_famille for d in documents)
    # Stored under a generated name, never the archive's.
    assert all(".." not in d.fichier.name and "S1" not in d.fichier.name for d in documents)
    assert documents[1].nom_original == "bulletin-1042.pdf"
    assert "Bulletin S1" not in client_r1.get(f"/eleves/{irina.pk}/documents/").content.decode()
    assert "Publier les 2 bulletins à leurs familles" in texte
    reponse = client_staff.post(
        reverse("admin:eleves_documenteleve_bulletins_publier"),
        {"document": [d.pk for d in documents]},
        follow=True,
    )
    assert "2 bulletins publiés" in reponse.content.decode()
    assert "Bulletin S1" in client_r1.get(f"/eleves/{irina.pk}/documents/").content.decode()


def test_a_file_failing_the_upload_checks_is_refused_with_the_reason(client_staff, numeros, annee):
    actif = (CORPUS / "javascript.pdf").read_bytes()
    texte = envoyer(
        client_staff,
        {"bulletin-1042.pdf": PNG, "bulletin-1043.pdf": actif},
        annee,
    ).content.decode()
    assert "mais son contenu est au" in texte
    assert "JavaScript" in texte
    assert not DocumentEleve.objects.exists()


def test_a_bomb_is_read_no_further_than_the_limit(client_staff, numeros, annee):
    bombe = b"%PDF-1.4\n" + b"\0" * (50 * 1024 * 1024)  # 50 MB of zeros, 50 kB zipped
    texte = envoyer(client_staff, {"bulletin-1042.pdf": bombe}, annee).content.decode()
    assert "Le fichier est trop volumineux" in texte
    assert not DocumentEleve.objects.exists()


def test_not_a_zip_and_too_many_files_are_said_beside_the_field(
    client_staff, numeros, annee, monkeypatch
):
    reponse = client_staff.post(
        reverse(URL),
        {"archive": SimpleUploadedFile("b.zip", PDF), "annee": annee.pk, "titre": "B"},
    )
    texte = reponse.content.decode()
    assert 'id="id_archive_error"' in texte and "pas une archive ZIP lisible" in texte
    monkeypatch.setattr(saisie, "ZIP_FICHIERS_MAX", 1)
    texte = envoyer(client_staff, {"a-1042.pdf": PDF, "b-1043.pdf": PDF}, annee).content.decode()
    assert "L&#x27;archive contient 2 fichiers : la limite est 1." in texte


def test_another_school_s_pupils_are_never_matched_and_its_staff_publish_nothing(
    client_staff, numeros, annee, staff_autre
):
    texte = envoyer(client_staff, {"bulletin-2001.pdf": PDF}, annee).content.decode()
    assert "1 fichier écarté" in texte and not DocumentEleve.objects.exists()
    envoyer(client_staff, {"bulletin-1042.pdf": PDF}, annee)
    document = DocumentEleve.objects.get()
    client = connecter_staff(Client(), staff_autre)
    # Their form offers only their years: this one is refused as a choice.
    reponse = client.post(
        reverse(URL), {"archive": archive({"b-1042.pdf": PDF}), "annee": annee.pk, "titre": "B"}
    )
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    client.post(
        reverse("admin:eleves_documenteleve_bulletins_publier"), {"document": [document.pk]}
    )
    document.refresh_from_db()
    assert not document.visible_famille
