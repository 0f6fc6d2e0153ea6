"""The admin import pages in a real browser, with axe: upload (and its errors), preview,
result."""

from playwright.sync_api import expect

from tests.importation.outils import ENTETES_FAMILLES, ecrire_csv
from tests.importation.outils import famille as ligne_famille

from .conftest import verifier_axe


def test_import_upload_preview_result(page, url, connecter, staff, famille, tmp_path):
    page.set_default_timeout(60_000)  # the shared machine is slow at times
    page.set_default_navigation_timeout(60_000)
    connecter(page, "gestion")
    page.goto(url("/admin/importation/importation/add/"))
    verifier_axe(page, "import-televersement")

    # Sent without a file: the error summary takes focus, next to the field too.
    page.get_by_role("button", name="Lire le fichier et afficher l’aperçu").click()
    page.wait_for_load_state()
    expect(page.locator("#resume-erreurs")).to_be_focused()
    verifier_axe(page, "import-televersement-erreurs")

    chemin = ecrire_csv(
        tmp_path / "familles.csv",
        [ENTETES_FAMILLES, ligne_famille(1001, nom="ABARRE", prenom="Jérémie"), ligne_famille(7)],
    )
    page.get_by_label("Type de données").select_option("familles")
    page.get_by_label("Fichier (XLSX ou CSV)").set_input_files(str(chemin))
    page.get_by_role("button", name="Lire le fichier et afficher l’aperçu").click()
    page.wait_for_load_state()
    expect(page.get_by_role("table", name="Les lignes du fichier, une à une")).to_be_visible()
    verifier_axe(page, "import-apercu")

    page.get_by_role("button", name="Confirmer l’import").click()
    page.wait_for_load_state()
    assert "Le fichier a été importé." in page.content()
    # The confirmation is announced and focused (issue 14).
    expect(page.locator("#messages")).to_be_focused()
    assert "Le fichier a été importé." in page.get_by_role("status").first.inner_text()
    verifier_axe(page, "import-resultat")


def test_progress_page_of_a_background_run(page, url, connecter, staff, etablissement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from importation.models import Importation
    from importation.services import ecrire_progression

    importation = Importation.objects.create(
        etablissement=etablissement,
        type_import="familles",
        nom_original="gros.csv",
        fichier=SimpleUploadedFile("gros.csv", b"x"),
        statut="analyse",
    )
    ecrire_progression(importation, 1200, 5000)
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    connecter(page, "gestion")
    page.goto(url(f"/admin/importation/importation/{importation.pk}/change/"))
    barre = page.get_by_label("Lignes lues")
    assert barre.get_attribute("value") == "1200" and barre.get_attribute("max") == "5000"
    assert "1200 lignes lues sur 5000." in page.get_by_role("status").inner_text()
    verifier_axe(page, "import-progression")


def test_a_preview_with_rows_in_error_focuses_its_summary(
    page, url, connecter, staff, etablissement, tmp_path
):
    """A row in error: the preview says it first (focused), names the row and the reason,
    offers no confirmation; axe finds nothing. The upload is done with the keyboard."""
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    chemin = ecrire_csv(
        tmp_path / "familles.csv",
        [ENTETES_FAMILLES, ligne_famille(1001), ligne_famille(1002, mobile="12 34")],
    )
    connecter(page, "gestion")
    page.goto(url("/admin/importation/importation/add/"))
    page.get_by_label("Type de données").select_option("familles")
    page.get_by_label("Fichier (XLSX ou CSV)").set_input_files(str(chemin))
    page.get_by_role("button", name="Lire le fichier et afficher l’aperçu").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#resume-erreurs")).to_be_focused()
    assert "1 ligne est en erreur" in page.locator("#resume-erreurs").inner_text()
    assert "« 12 34 » n’est pas un numéro de téléphone français" in page.content()
    assert page.get_by_role("button", name="Confirmer l’import").count() == 0
    verifier_axe(page, "import-apercu-erreurs")
