"""Staff publish documents, evaluations and course sheets in the admin."""

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
