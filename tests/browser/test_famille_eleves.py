"""Famille and Élèves pages in Chromium, checked with axe-core (0 violations)."""

import datetime as dt

from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import verifier_axe


def test_famille_page_pending_markers_and_errors(page, connecter, url, responsable1, responsable2):
    connecter(page, "abarre1")
    page.goto(url("/famille/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Famille"
    verifier_axe(page, "famille")
    page.get_by_label("Ville").fill("CHERBOURG")
    page.get_by_label("Tél. domicile").fill("0233942277")
    page.get_by_role("button", name="Modifier").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Votre fiche a été mise à jour")).to_be_visible()
    assert page.get_by_label("Tél. domicile").input_value() == "02 33 94 22 77"
    # The marker is tied to the field: screen readers announce it with the field.
    ville = page.get_by_label("Ville")
    assert ville.input_value() == "CHERBOURG"
    assert (
        "Valeur enregistrée : VALOGNES"
        in page.locator(f"#{ville.get_attribute('aria-describedby')}").inner_text()
    )
    verifier_axe(page, "famille-en-attente")
    page.get_by_label("Tél. pro").fill("12 34")
    page.get_by_role("button", name="Modifier").click()
    expect(page.get_by_text("Saisissez un numéro de téléphone français").first).to_be_visible()
    expect(page.locator("#resume-erreurs")).to_be_focused()
    verifier_axe(page, "famille-erreurs")


def test_eleves_pages(page, connecter, url, responsable1, irina, hugo, etablissement):
    annee = f.AnneeScolaireFactory(etablissement=etablissement)
    ancienne = f.AnneeScolaireFactory(
        etablissement=etablissement,
        debut=dt.date(2025, 9, 1),
        fin=dt.date(2026, 7, 4),
        courante=False,
    )
    cours = f.CoursFactory(annee=annee, code="FM 2C4 A")
    inscription = f.InscriptionFactory(eleve=irina, cours=cours)
    f.EvaluationFactory(inscription=inscription, appreciation="Très bon travail")
    f.AbsenceFactory(inscription=inscription)
    ancienne_fiche = f.InscriptionFactory(
        eleve=irina, cours=f.CoursFactory(annee=ancienne, code="FM 2C3"), moyenne="15.75"
    )
    f.EvaluationFactory(inscription=ancienne_fiche, date=dt.date(2026, 2, 6))
    f.PieceRepertoireFactory(eleve=irina, annee=annee)
    f.DocumentEleveFactory(eleve=irina)

    connecter(page, "abarre1")
    page.goto(url("/eleves/"))
    verifier_axe(page, "eleves-index")
    page.get_by_label("Choisissez un élève").select_option(label="ABARRE Irina")
    page.get_by_role("button", name="Ouvrir le dossier").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/eleves/{irina.pk}/identite/")
    assert page.locator(".onglets a[aria-current='page']").inner_text() == "Identité"
    verifier_axe(page, "eleves-identite")
    page.get_by_role("group", name="Droit à l'image").get_by_label("Oui").check()
    page.get_by_role("button", name="Modifier").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Valeur enregistrée : Non").first).to_be_visible()
    verifier_axe(page, "eleves-identite-en-attente")

    page.get_by_role("link", name="Cours", exact=True).last.click()
    assert page.locator(".onglets a[aria-current='page']").inner_text() == "Cours"
    verifier_axe(page, "eleves-cours")
    page.get_by_role("link", name="FM 2C4 A").click()
    expect(page.get_by_text("Très bon travail").first).to_be_visible()
    verifier_axe(page, "eleves-fiche-cours")
    page.get_by_role("link", name="Contrôle continu").click()
    verifier_axe(page, "eleves-evaluation")

    page.goto(url(f"/eleves/{irina.pk}/historique/"))
    verifier_axe(page, "eleves-historique")
    page.get_by_role("link", name="2025/2026").click()
    expect(page.get_by_text("15,75 / 20", exact=True)).to_be_visible()
    verifier_axe(page, "eleves-fiche-historique")

    page.goto(url(f"/eleves/{irina.pk}/repertoire/"))
    verifier_axe(page, "eleves-repertoire")
    page.goto(url(f"/eleves/{irina.pk}/documents/"))
    verifier_axe(page, "eleves-documents")
