"""Staff publish documents, evaluations and course sheets in the admin."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from eleves.models import DocumentEleve
from tests import factories as f


def test_staff_publish_a_document_to_the_family(client_staff, client_r1, irina):
    document = f.DocumentEleveFactory(eleve=irina, titre="Attestation", visible_famille=False)
    assert "Attestation" not in client_r1.get(f"/eleves/{irina.pk}/documents/").content.decode()
    r = client_staff.post(
        "/admin/eleves/documenteleve/",
        {"action": "publier", "_selected_action": [document.pk]},
        follow=True,
    )
    assert "1 document publié." in r.content.decode()
    assert DocumentEleve.objects.get().visible_famille
    assert "Attestation" in client_r1.get(f"/eleves/{irina.pk}/documents/").content.decode()


def test_the_admin_pages_of_teaching_records_open(client_staff, fiche_irina):
    for url in [
        "/admin/eleves/cours/",
        f"/admin/eleves/cours/{fiche_irina.cours.pk}/change/",
        "/admin/eleves/inscription/",
        f"/admin/eleves/inscription/{fiche_irina.pk}/change/",
        "/admin/eleves/piecerepertoire/",
        "/admin/eleves/documenteleve/",
        "/admin/imuse/demandemodification/?etat=toutes",
    ]:
        assert client_staff.get(url).status_code == 200, url


def test_staff_publish_the_evaluations_and_absences_of_a_sheet(
    client_staff, client_r1, irina, fiche_irina
):
    url = f"/eleves/{irina.pk}/fiches/{fiche_irina.pk}/"
    assert "Brouillon secret" not in client_r1.get(url).content.decode()
    r = client_staff.post(
        "/admin/eleves/inscription/",
        {"action": "publier_suivi", "_selected_action": [fiche_irina.pk]},
        follow=True,
    )
    assert "1 évaluation(s) publiée(s), 1 absence(s) rendue(s) définitive(s)." in r.content.decode()
    html = client_r1.get(url).content.decode()
    assert "Brouillon secret" in html and "Provisoire" in html


def test_staff_open_a_document_and_download_it_through_a_checked_view(
    client_staff, staff_autre, irina
):
    from tests.conftest import _client

    document = f.DocumentEleveFactory(eleve=irina, titre="Bulletin 2025")
    page = client_staff.get(f"/admin/eleves/documenteleve/{document.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    # A document's title is its "Titre", not a person's "Civilité".
    assert '<label class="required" for="id_titre">Titre\xa0:</label>' in html
    url = f"/admin/eleves/documenteleve/{document.pk}/fichier/"
    assert f'<a href="{url}">bulletin.pdf</a>' in html
    reponse = client_staff.get(url)
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith("attachment")
    # Reading the whole stream closes the response (closing it again would end the
    # test's database connection).
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")
    # Saved without a new upload, the file stays; another site's staff cannot fetch it.
    reponse = client_staff.post(
        f"/admin/eleves/documenteleve/{document.pk}/change/",
        {
            "eleve": irina.pk,
            "type_document": "attestation",
            "titre": "Attestation 2025",
            "nom_original": "bulletin.pdf",
            "visible_famille": "on",
        },
    )
    assert reponse.status_code == 302
    document.refresh_from_db()
    assert document.titre == "Attestation 2025" and document.fichier
    assert _client(staff_autre).get(url).status_code == 404


def test_staff_open_their_school_with_its_logo(client_staff, etablissement):
    from django.core.files.base import ContentFile

    etablissement.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"))
    page = client_staff.get(f"/admin/imuse/etablissement/{etablissement.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'src="/etablissement/{etablissement.code}/logo/"' in html
    assert "logos/logo" in html


CORPUS = Path(__file__).resolve().parent.parent / "reinscription" / "corpus"


def _ajouter_document(client, eleve, nom: str, contenu: bytes):
    return client.post(
        "/admin/eleves/documenteleve/add/",
        {
            "eleve": eleve.pk,
            "type_document": "bulletin",
            "titre": "Bulletin du 1er trimestre",
            "fichier": SimpleUploadedFile(nom, contenu),
        },
    )


def test_a_staff_upload_of_a_hostile_file_is_refused_with_the_reason(client_staff, irina):
    page = (CORPUS / "page_html.pdf").read_bytes()
    reponse = _ajouter_document(client_staff, irina, "bulletin.pdf", page)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "pas une image JPEG, une image PNG ou un document PDF, quel que soit son nom" in html
    # What was typed stays.
    assert 'value="Bulletin du 1er trimestre"' in html
    assert not DocumentEleve.objects.exists()

    reponse = _ajouter_document(
        client_staff, irina, "programme.pdf", (CORPUS / "javascript.pdf").read_bytes()
    )
    assert reponse.status_code == 200
    assert "Le PDF contient un script (JavaScript), ce qui" in reponse.content.decode()
    assert not DocumentEleve.objects.exists()


def test_a_staff_upload_is_stored_as_checked(client_staff, irina):
    # A clean photo with a payload after its end (a polyglot file).
    photo = (CORPUS / "photo.jpg").read_bytes() + b"<script>alert(1)</script>"
    reponse = _ajouter_document(client_staff, irina, "dossier/Bulletin.jpg", photo)
    assert reponse.status_code == 302
    document = DocumentEleve.objects.get()
    assert document.nom_original == "Bulletin.jpg"
    with document.fichier.open("rb") as fichier:
        stocke = fichier.read()
    # Re-encoded from its pixels: what was not the image is not stored. (A clean JPEG
    # coarser than quality 90 keeps its own tables: its pixels may come back byte for byte.)
    assert stocke.startswith(b"\xff\xd8") and stocke.endswith(b"\xff\xd9")
    assert b"<script>" not in stocke and stocke != photo
