"""Issue 14, the project's own admin pages in Chromium with axe (best-practice rules
included, as everywhere in this suite): the dashboard, the review of a family's request
(and its error state), the re-enrolment decision with named buttons, the family overview,
the one-page family creation (and its error state). The import pages: test_importation."""

from playwright.sync_api import expect

from imuse.services import demande_soumettre
from imuse.televersement import verifier_document
from reinscription import services
from tests.browser.conftest import verifier_axe
from tests.reinscription.conftest import (  # noqa: F401 (fixtures)
    campagne,
    certificat,
    cours_irina,
    danse,
    domicile,
    photo,
    pieces,
    upload,
)


def test_admin_pages_of_the_project_have_no_axe_violation(
    page, url, connecter, staff, responsable1, irina, request
):
    documents, cours = request.getfixturevalue("pieces"), request.getfixturevalue("cours_irina")
    page.set_default_timeout(30_000)
    modification = demande_soumettre(
        objet=responsable1,
        valeurs={"ville": "CHERBOURG", "tel_mobile": "06 99 99 99 99"},
        par=responsable1.utilisateur,
    )
    reinscription = services.demande_soumettre(
        eleve=irina,
        campagne=documents[0].campagne,
        par=responsable1.utilisateur,
        administrative=True,
        inscriptions=cours,
    )
    for piece, nom in ((documents[0], "attestation.pdf"), (documents[1], "photo.png")):
        services.piece_deposer(
            demande=reinscription,
            piece=piece,
            document=verifier_document(upload(nom)),
            par=responsable1.utilisateur,
        )
    connecter(page, "gestion")

    page.goto(url("/admin/"))
    expect(page.get_by_role("heading", name="Travail en attente")).to_be_visible()
    verifier_axe(page, "admin-tableau-de-bord")

    page.goto(url(f"/admin/imuse/demandemodification/{modification.pk}/change/"))
    verifier_axe(page, "admin-demande")
    # Refusing without a reason: the error state.
    page.locator("input[name='decision_ville'][value='refuser']").check()
    page.get_by_role("button", name="Appliquer les décisions").click()
    page.wait_for_load_state()
    expect(page.locator("#messages .error").first).to_be_visible()
    verifier_axe(page, "admin-demande-erreurs")

    page.goto(url(f"/admin/reinscription/demandereinscription/{reinscription.pk}/change/"))
    # One name per document and pupil, not "Accepter" twice.
    for piece in documents[:2]:
        nom = f"Accepter « {piece.libelle} » pour Irina"
        assert page.get_by_role("button", name=nom, exact=True).count() == 1, nom
        assert page.get_by_label(f"Motif du refus « {piece.libelle} » pour Irina").count() == 1
    expect(page.get_by_role("table", name="Pièces demandées pour ABARRE Irina")).to_be_visible()
    verifier_axe(page, "admin-reinscription")

    page.goto(url(f"/admin/famille/famille/{irina.famille_id}/synthese/"))
    verifier_axe(page, "admin-synthese-famille")

    page.goto(url("/admin/famille/famille/add/"))
    verifier_axe(page, "admin-famille-une-page")
    page.locator("input[name='_save']").click()
    page.wait_for_load_state()
    expect(page.locator(".errornote").first).to_be_visible()
    # The error summary takes the focus (static/js/admin_confirmation.js).
    expect(page.locator(".errornote").first).to_be_focused()
    verifier_axe(page, "admin-famille-une-page-erreurs")
