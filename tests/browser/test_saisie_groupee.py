"""Bulk entry pages in a real browser, with axe: the evaluation grid typed with the
keyboard alone (errors beside the cell, then the named publish button), the ZIP of
bulletins, and the bulk validation's confirmation page."""

import io
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from eleves.models import Evaluation
from reinscription import services
from reinscription.models import DemandeReinscription
from tests import factories as f
from tests.browser.conftest import verifier_axe
from tests.reinscription.conftest import (  # noqa: F401 (fixtures)
    campagne,
    certificat,
    cours_irina,
    danse,
    domicile,
    photo,
    pieces,
)

CORPUS = Path(__file__).parents[1] / "reinscription" / "corpus"


def test_the_grid_by_keyboard(page, url, connecter, staff, annee, irina, hugo):
    cours = f.CoursFactory(annee=annee, code="Piano 1C1")
    for eleve in (irina, hugo):
        f.InscriptionFactory(eleve=eleve, cours=cours)
    connecter(page, "gestion")
    page.goto(url(f"/admin/eleves/cours/{cours.pk}/evaluation/"))
    verifier_axe(page, "grille-evaluation")
    page.get_by_label("Date").fill("12/03/2027")
    page.get_by_label("Type d'évaluation").fill("Contrôle")
    page.get_by_label("Note de ABARRE Hugo").fill("25")
    # From Hugo's mark the keyboard goes on to his absence, his appreciation, then Irina.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Bon rythme")
    page.keyboard.press("Tab")
    page.keyboard.type("15,5")
    page.get_by_role("button", name="Enregistrer l'évaluation").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("#resume-erreurs").wait_for()
    expect(page.locator("#resume-erreurs")).to_be_focused()
    expect(page.get_by_text("La note doit être comprise entre 0 et 20.").first).to_be_visible()
    assert page.get_by_label("Appréciation de ABARRE Hugo").input_value() == "Bon rythme"
    assert page.get_by_label("Note de ABARRE Irina").input_value() == "15,5"
    verifier_axe(page, "grille-evaluation-erreurs")
    page.get_by_label("Note de ABARRE Hugo").fill("18")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer l'évaluation").click()
    bouton = page.get_by_role("button", name="Publier l'évaluation du 12/03 de Piano 1C1")
    bouton.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("2 évaluations publiées")).to_be_visible()
    assert Evaluation.objects.filter(publiee=True).count() == 2
    verifier_axe(page, "grille-evaluation-publiee")


def test_the_bulletins_zip(page, url, connecter, staff, annee, irina, tmp_path):
    irina.numero = 1042
    irina.save()
    chemin = tmp_path / "bulletins.zip"
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as z:
        z.writestr("bulletin-1042.pdf", (CORPUS / "attestation.pdf").read_bytes())
        z.writestr("bulletin-7.pdf", (CORPUS / "attestation.pdf").read_bytes())
    chemin.write_bytes(tampon.getvalue())
    connecter(page, "gestion")
    page.goto(url("/admin/eleves/documenteleve/"))
    page.get_by_role("link", name="Déposer les bulletins (ZIP)").click()
    verifier_axe(page, "bulletins-zip")
    page.get_by_label("Archive ZIP des bulletins").set_input_files(str(chemin))
    with page.expect_navigation():
        page.get_by_role("button", name="Lire l'archive et associer les bulletins").click()
    expect(page.get_by_text("1 fichier écarté")).to_be_visible()
    verifier_axe(page, "bulletins-zip-rapport")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier le bulletin à sa famille").click()
    expect(page.get_by_text("1 bulletin publié")).to_be_visible()


def test_bulk_validation_confirmation_and_report(page, url, connecter, request):
    cast = {n: request.getfixturevalue(n) for n in ("pieces", "irina", "responsable1", "staff")}
    services.demande_soumettre(
        eleve=cast["irina"],
        campagne=cast["pieces"][0].campagne,
        par=cast["responsable1"].utilisateur,
        administrative=False,
        inscriptions=request.getfixturevalue("cours_irina"),
    )
    connecter(page, "gestion")
    page.goto(url("/admin/reinscription/demandereinscription/"))
    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option(
        label="Valider les demandes sélectionnées (en arrière-plan, avec compte rendu)"
    )
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    assert page.get_by_role("table", name="Demandes dont les pièces ne sont pas toutes acceptées")
    verifier_axe(page, "validation-groupee-confirmation")
    bouton = page.get_by_role("button", name="Valider la demande, pièces non acceptées comprises")
    bouton.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert DemandeReinscription.objects.get().etat == "validee"
    with page.expect_navigation():
        page.get_by_role("link", name="Validation de 1 demande").click()
    expect(page.get_by_text("Non placé").first).to_be_visible()
    verifier_axe(page, "validation-groupee-rapport")
