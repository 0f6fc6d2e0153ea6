"""The "Réinscription" tab in Chromium, in each of its states, checked with axe-core."""

from playwright.sync_api import expect

from reinscription import services
from reinscription.models import DemandeReinscription
from tests.browser.conftest import verifier_axe
from tests.reinscription.conftest import (  # noqa: F401 (fixtures)
    CORPUS,
    campagne,
    certificat,
    cours_hugo,
    cours_irina,
    danse,
    domicile,
    photo,
    pieces,
)


def _cast(request) -> dict:
    """The re-enrolment cast of tests/reinscription/conftest.py (imported above)."""
    noms = ["responsable1", "staff", "irina", "pieces", "cours_irina"]
    return {nom: request.getfixturevalue(nom) for nom in noms}


def test_re_enrolment_page_in_its_states(page, url, connecter, request):
    irina = _cast(request)["irina"]
    connecter(page, "abarre1")
    page.goto(url(f"/eleves/{irina.pk}/identite/"))
    page.get_by_role("link", name="Réinscription").click()
    assert page.title() == "Réinscription — ABARRE Irina — Portail familles"
    verifier_axe(page, "reinscription-vide")

    # Importing before ticking anything: the page says what to do, nothing is lost.
    page.get_by_label("Autres demandes").fill("Le mercredi si possible")
    page.set_input_files("#id_fichier", str(CORPUS / "photo.png"))
    page.get_by_label("Nom du document").select_option(label="Photo d'identité")
    page.get_by_role("button", name="Importer").click()
    expect(
        page.get_by_text("cochez « Réinscription administrative » ou au moins un cours").first
    ).to_be_visible()
    assert page.get_by_label("Autres demandes").input_value() == "Le mercredi si possible"
    verifier_axe(page, "reinscription-erreur-cocher")

    # A hostile file is refused with its reason next to the field.
    page.get_by_label("Se réinscrire en FM 2C4 A").check()
    page.set_input_files("#id_fichier", str(CORPUS / "javascript.pdf"))
    page.get_by_label("Nom du document").select_option(label="Justificatif de domicile")
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("Le PDF contient un script").first).to_be_visible()
    assert page.get_by_label("Se réinscrire en FM 2C4 A").is_checked()
    verifier_axe(page, "reinscription-erreur-fichier")

    # A good file is imported and listed.
    page.set_input_files("#id_fichier", str(CORPUS / "photo.png"))
    page.get_by_label("Nom du document").select_option(label="Photo d'identité")
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("Le fichier « photo.png » a été importé")).to_be_visible()
    expect(page.get_by_role("cell", name="photo.png", exact=True)).to_be_visible()
    verifier_axe(page, "reinscription-piece")

    # Valider: waiting for staff.
    page.get_by_role("button", name="Valider", exact=True).click()
    expect(page.get_by_text("Votre demande de réinscription est enregistrée")).to_be_visible()
    expect(page.get_by_text("Réinscription en attente de validation")).to_be_visible()
    verifier_axe(page, "reinscription-en-attente")


def test_a_validated_re_enrolment_is_read_only(page, url, connecter, request):
    cast = _cast(request)
    irina = cast["irina"]
    demande = services.demande_soumettre(
        eleve=irina,
        campagne=cast["pieces"][0].campagne,
        par=cast["responsable1"].utilisateur,
        administrative=True,
        inscriptions=cast["cours_irina"],
    )
    services.demande_valider(demande=demande, par=cast["staff"])
    assert DemandeReinscription.objects.get().etat == "validee"
    connecter(page, "abarre1")
    page.goto(url(f"/reinscription/eleve/{irina.pk}/"))
    expect(page.get_by_text("Réinscription validée par l'établissement")).to_be_visible()
    assert page.get_by_role("button", name="Valider", exact=True).count() == 0
    verifier_axe(page, "reinscription-validee")
