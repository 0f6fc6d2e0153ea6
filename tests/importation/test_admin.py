"""The admin import pages through HTTP: upload, preview, confirmation, templates,
background runs, and another site's staff seeing nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from famille.models import Famille, Responsable
from importation.models import Importation
from tests.conftest import connecter_staff
from tests.importation.outils import ENTETES_FAMILLES, ecrire_csv, famille

pytestmark = pytest.mark.django_db

AJOUT = reverse("admin:importation_importation_add")


def _televerser(client, tmp_path, lignes, genre="familles", nom="familles.csv"):
    contenu = ecrire_csv(tmp_path / nom, lignes).read_bytes()
    return client.post(AJOUT, {"type_import": genre, "fichier": SimpleUploadedFile(nom, contenu)})


def test_upload_preview_then_confirm(client_staff, tmp_path, etablissement, famille, responsable1):
    page = client_staff.get(AJOUT)
    assert page.status_code == 200
    assert "Type de données" in page.content.decode()
    lignes = [ENTETES_FAMILLES, famille_ligne(1001, responsable1), famille_(5)]
    reponse = _televerser(client_staff, tmp_path, lignes)
    importation = Importation.objects.get()
    assert reponse.url == reverse("admin:importation_importation_change", args=[importation.pk])
    assert importation.statut == "apercu"
    assert importation.etablissement == etablissement
    apercu = client_staff.get(reponse.url).content.decode()
    assert "Confirmer l’import" in apercu
    assert "« 06 01 02 03 04 » devient « 06 55 55 55 55 »" in apercu or "06 55 55 55 55" in apercu
    assert not Famille.objects.filter(numero=5).exists()

    fin = client_staff.post(reverse("admin:importation_confirmer", args=[importation.pk]))
    assert fin.status_code == 302
    importation.refresh_from_db()
    assert importation.statut == "importee"
    assert Famille.objects.filter(etablissement=etablissement, numero=5).exists()
    responsable1.refresh_from_db()
    assert responsable1.tel_mobile == "06 55 55 55 55"
    # A second click does nothing more.
    client_staff.post(reverse("admin:importation_confirmer", args=[importation.pk]))
    assert Famille.objects.filter(numero=5).count() == 1


def famille_(numero):
    return famille(numero)


def famille_ligne(numero, responsable):
    return famille(numero, nom=responsable.nom, prenom=responsable.prenom, mobile="0655555555")


def test_rows_in_error_cannot_be_confirmed(client_staff, tmp_path, etablissement):
    reponse = _televerser(client_staff, tmp_path, [ENTETES_FAMILLES, famille(1, mobile="abc")])
    importation = Importation.objects.get()
    page = client_staff.get(reponse.url).content.decode()
    assert "Confirmer l’import" not in page
    assert "Ligne" in page and '<th scope="row">2</th>' in page
    client_staff.post(reverse("admin:importation_confirmer", args=[importation.pk]))
    importation.refresh_from_db()
    assert importation.statut == "apercu"
    assert not Famille.objects.exists()


def test_bad_file_is_an_error_next_to_the_field(client_staff, etablissement):
    reponse = client_staff.post(
        AJOUT, {"type_import": "familles", "fichier": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    )
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert 'id="resume-erreurs"' in page
    assert "XLSX ou CSV" in page
    assert not Importation.objects.exists()


def test_unreadable_xlsx_and_missing_headers_are_reported(client_staff, tmp_path, etablissement):
    client_staff.post(
        AJOUT,
        {"type_import": "familles", "fichier": SimpleUploadedFile("a.xlsx", b"PK\x03\x04nope")},
    )
    importation = Importation.objects.get()
    assert importation.statut == "echec"
    page = client_staff.get(
        reverse("admin:importation_importation_change", args=[importation.pk])
    ).content.decode()
    assert "XLSX" in page


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_templates_download(client_staff, extension, etablissement):
    from importation.lecture import ouvrir

    reponse = client_staff.get(reverse("admin:importation_modele", args=["familles", extension]))
    assert reponse.status_code == 200
    assert "modele-familles" in reponse["Content-Disposition"]
    chemin = f"/tmp/modele-test.{extension}"  # noqa: S108
    with open(chemin, "wb") as flux:
        flux.write(reponse.content)
    fichier = ouvrir(chemin)
    assert fichier.entetes[:3] == ["N° famille", "Nom famille", "Civilité R1"]
    fichier.fermer()


def test_big_files_run_as_a_background_task(
    client_staff, tmp_path, settings, etablissement, django_capture_on_commit_callbacks
):
    settings.IMPORT_LIGNES_SYNCHRONES = 1
    lignes = [ENTETES_FAMILLES, famille(1), famille(2)]
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        reponse = _televerser(client_staff, tmp_path, lignes)
    importation = Importation.objects.get()
    assert importation.statut == "en_attente"
    page = client_staff.get(reponse.url).content.decode()
    assert 'id="barre-progression"' in page
    # The task is enqueued once the request commits; the tests' backend runs it at once.
    for rappel in rappels:
        rappel()
    importation.refresh_from_db()
    assert importation.statut == "apercu"
    etat = client_staff.get(reverse("admin:importation_progression", args=[importation.pk]))
    assert etat.json() == {"en_cours": False, "statut": "aperçu prêt", "fait": 2, "total": 2}
    with django_capture_on_commit_callbacks(execute=True):
        client_staff.post(reverse("admin:importation_confirmer", args=[importation.pk]))
    importation.refresh_from_db()
    assert importation.statut == "importee"
    assert Responsable.objects.count() == 2
    assert reponse.status_code == 302


def test_running_import_page_shows_accessible_progress(client_staff, etablissement):
    importation = Importation.objects.create(
        etablissement=etablissement,
        type_import="familles",
        nom_original="gros.csv",
        fichier=SimpleUploadedFile("gros.csv", b"x"),
        statut="analyse",
    )
    page = client_staff.get(
        reverse("admin:importation_importation_change", args=[importation.pk])
    ).content.decode()
    assert '<label for="barre-progression">' in page
    assert 'role="status"' in page
    assert "js/importation.js" in page


def test_other_site_staff_see_nothing(client_staff, staff_autre, tmp_path, etablissement):
    from django.test import Client

    _televerser(client_staff, tmp_path, [ENTETES_FAMILLES, famille(1)], nom="valognes-2026.csv")
    importation = Importation.objects.get()
    autre = Client()
    connecter_staff(autre, staff_autre)
    liste = autre.get(reverse("admin:importation_importation_changelist")).content.decode()
    assert "valognes-2026.csv" not in liste
    for url in (
        reverse("admin:importation_importation_change", args=[importation.pk]),
        reverse("admin:importation_progression", args=[importation.pk]),
    ):
        assert autre.get(url).status_code == 404
    assert (
        autre.post(reverse("admin:importation_confirmer", args=[importation.pk])).status_code == 404
    )
    # And their upload goes to their own site.
    contenu = ecrire_csv(tmp_path / "b.csv", [ENTETES_FAMILLES, famille(9)]).read_bytes()
    autre.post(AJOUT, {"type_import": "familles", "fichier": SimpleUploadedFile("b.csv", contenu)})
    assert Importation.objects.get(nom_original="b.csv").etablissement == staff_autre.etablissement
    assert io  # noqa: B018


def test_docs_list_every_column_of_every_kind():
    from pathlib import Path

    from importation.documentation import colonnes_markdown

    docs = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text()
    assert colonnes_markdown() in docs


def test_superuser_chooses_the_school(
    client_superuser, tmp_path, etablissement, autre_etablissement
):
    contenu = ecrire_csv(tmp_path / "s.csv", [ENTETES_FAMILLES, famille(3)]).read_bytes()
    reponse = client_superuser.post(
        AJOUT, {"type_import": "familles", "fichier": SimpleUploadedFile("s.csv", contenu)}
    )
    assert reponse.status_code == 200 and "Établissement" in reponse.content.decode()
    assert not Importation.objects.exists()
    client_superuser.post(
        AJOUT,
        {
            "type_import": "familles",
            "etablissement": autre_etablissement.pk,
            "fichier": SimpleUploadedFile("s.csv", contenu),
        },
    )
    assert Importation.objects.get().etablissement == autre_etablissement


def test_preview_page_queries_are_bounded(
    client_staff, tmp_path, etablissement, django_assert_max_num_queries
):
    lignes = [ENTETES_FAMILLES] + [famille(n) for n in range(1, 60)]
    reponse = _televerser(client_staff, tmp_path, lignes)
    # 13: one is django-otp's, reading the session's verified device on every staff page.
    with django_assert_max_num_queries(13):
        page = client_staff.get(reponse.url)
    assert page.content.decode().count("<tr>") > 59


def test_an_unexpected_failure_is_shown_not_a_500(
    client_staff, tmp_path, etablissement, monkeypatch
):
    from importation import admin as admin_import

    def panne(**kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(admin_import, "importation_analyser", panne)
    reponse = _televerser(client_staff, tmp_path, [ENTETES_FAMILLES, famille(1)])
    importation = Importation.objects.get()
    assert importation.statut == "echec"
    page = client_staff.get(reponse.url).content.decode()
    assert "disque plein" in page


def test_a_column_given_twice_is_reported_and_a_headers_only_file_is_said(
    client_staff, tmp_path, etablissement
):
    lignes = [ENTETES_FAMILLES + ["MOBILE r1"], famille(5) + ["0699999999"]]
    reponse = _televerser(client_staff, tmp_path, lignes)
    page = client_staff.get(reponse.url).content.decode()
    assert "MOBILE r1 (une deuxième fois : seule la première est lue)" in page
    client_staff.post(reverse("admin:importation_confirmer", args=[Importation.objects.get().pk]))
    assert Responsable.objects.get(famille__numero=5).tel_mobile == "06 12 34 56 78"
    reponse = _televerser(client_staff, tmp_path, [ENTETES_FAMILLES], nom="vide.csv")
    page = client_staff.get(reponse.url).content.decode()
    assert "Le fichier ne contient aucune ligne sous ses en-têtes." in page
    assert "Confirmer l’import" not in page


def test_a_workbook_saved_under_a_csv_name_is_read_not_a_500(client_staff, tmp_path, etablissement):
    from tests.importation.outils import ecrire_xlsx

    contenu = ecrire_xlsx(tmp_path / "f.xlsx", [ENTETES_FAMILLES, famille(8)]).read_bytes()
    reponse = client_staff.post(
        AJOUT, {"type_import": "familles", "fichier": SimpleUploadedFile("export.csv", contenu)}
    )
    assert reponse.status_code == 302
    client_staff.post(reverse("admin:importation_confirmer", args=[Importation.objects.get().pk]))
    assert Famille.objects.filter(etablissement=etablissement, numero=8).exists()


def test_excel_unicode_text_is_accepted_by_the_upload(client_staff, tmp_path, etablissement):
    contenu = ecrire_csv(
        tmp_path / "f.txt", [ENTETES_FAMILLES, famille(9)], delimiteur="\t", encodage="utf-16"
    ).read_bytes()
    reponse = client_staff.post(
        AJOUT, {"type_import": "familles", "fichier": SimpleUploadedFile("export.txt", contenu)}
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    client_staff.post(reverse("admin:importation_confirmer", args=[Importation.objects.get().pk]))
    assert Famille.objects.filter(etablissement=etablissement, numero=9).exists()
