"""The re-enrolment page (checkboxes, file, choice, textarea) renders through the Python
form renderer exactly as through the templates, errors included."""

from tests.imuse.test_rendu import _page


def test_reenrolment_page_renders_as_with_the_templates(
    client_r1, settings, campagne, pieces, cours_irina, irina
):
    chemin = f"/reinscription/eleve/{irina.pk}/"
    for post in (None, {"action": "importer", "texte": "<b>"}, {"action": "valider"}):
        rapide, gabarits = _page(client_r1, settings, chemin, post)
        assert 'type="checkbox"' in rapide
        assert rapide == gabarits
