"""Staff side of the pending modifications: the queue, the per-field decisions, the
conflicts, the history on each record."""

import pytest
from django.core import mail

from imuse.models import DemandeModification, HistoriqueModification
from imuse.services import demande_soumettre
from tests.conftest import _client

QUEUE = "/admin/imuse/demandemodification/"


@pytest.fixture
def demande(responsable1):
    return demande_soumettre(
        objet=responsable1,
        valeurs={"ville": "CHERBOURG", "tel_mobile": "06 99 99 99 99"},
        par=responsable1.utilisateur,
    )


def test_the_queue_shows_open_requests_of_the_staffs_site(client_staff, demande, staff_autre):
    html = client_staff.get(QUEUE).content.decode()
    assert f"{QUEUE}{demande.pk}/change/" in html
    assert "ABARRE (1001)" in html
    autre = _client(staff_autre).get(QUEUE).content.decode()
    assert f"{QUEUE}{demande.pk}/change/" not in autre
    assert _client(staff_autre).get(f"{QUEUE}{demande.pk}/change/").status_code == 404


def test_the_request_page_shows_before_now_and_asked_per_field(client_staff, demande):
    html = client_staff.get(f"{QUEUE}{demande.pk}/change/").content.decode()
    assert "Valeur au moment de la demande" in html and "Valeur actuelle" in html
    assert "VALOGNES" in html and "CHERBOURG" in html
    assert "06 99 99 99 99" in html
    assert "Conflit" not in html


def test_staff_accept_one_field_refuse_another_and_the_family_is_told(
    client_staff, demande, responsable1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = client_staff.post(
            f"{QUEUE}{demande.pk}/change/",
            {
                "decision_ville": "accepter",
                "motif_ville": "",
                "decision_tel_mobile": "refuser",
                "motif_tel_mobile": "Numéro non attribué",
            },
        )
    assert r.status_code == 302
    responsable1.refresh_from_db()
    assert responsable1.ville == "CHERBOURG"
    assert responsable1.tel_mobile == "06 01 02 03 04"
    demande.refresh_from_db()
    assert demande.statut == DemandeModification.Statut.TRAITEE
    assert "Numéro non attribué" in mail.outbox[-1].body
    # The history on the Responsable's admin page.
    html = client_staff.get(
        f"/admin/famille/responsable/{responsable1.pk}/change/"
    ).content.decode()
    assert "historique des modifications demandées par la famille" in html.lower()
    assert "Numéro non attribué" in html
    # The portal shows the live values again.
    portail = _client(responsable1.utilisateur).get("/famille/").content.decode()
    assert 'name="ville" value="CHERBOURG"' in portail
    assert "en attente de validation" not in portail.lower()


def test_a_refusal_without_reason_is_refused_and_nothing_changes(
    client_staff, demande, responsable1
):
    r = client_staff.post(
        f"{QUEUE}{demande.pk}/change/",
        {"decision_ville": "refuser", "decision_tel_mobile": "accepter"},
        follow=True,
    )
    assert "Indiquez un motif" in r.content.decode() or "motif" in r.content.decode()
    demande.refresh_from_db()
    assert demande.statut == DemandeModification.Statut.OUVERTE
    responsable1.refresh_from_db()
    assert responsable1.tel_mobile == "06 01 02 03 04"


def test_a_conflict_is_flagged_and_needs_an_explicit_overwrite(client_staff, demande, responsable1):
    responsable1.ville = "BRIX"
    responsable1.save()
    url = f"{QUEUE}{demande.pk}/change/"
    html = client_staff.get(url).content.decode()
    assert "CONFLIT" in html and "BRIX" in html
    assert 'name="confirmer_ville"' in html
    donnees = {"decision_ville": "accepter", "decision_tel_mobile": "accepter"}
    html = client_staff.post(url, donnees, follow=True).content.decode()
    assert "Confirm" in html or "Confirmez" in html or "écraser" in html
    responsable1.refresh_from_db()
    assert responsable1.ville == "BRIX"
    r = client_staff.post(url, donnees | {"confirmer_ville": "on"})
    assert r.status_code == 302
    responsable1.refresh_from_db()
    assert responsable1.ville == "CHERBOURG"
    assert HistoriqueModification.objects.get(champ="ville").conflit


def test_pupil_admin_links_to_its_open_request(client_staff, irina, responsable1):
    demande = demande_soumettre(
        objet=irina, valeurs={"lieu_naissance": "Caen"}, par=responsable1.utilisateur
    )
    html = client_staff.get(f"/admin/eleves/eleve/{irina.pk}/change/").content.decode()
    assert f"{QUEUE}{demande.pk}/change/" in html


def test_a_change_url_with_a_path_for_id_answers_404(client_staff, demande):
    for suite in (f"{demande.pk}/change/widgets.css/change/", "x/change/", f"{10**30}/change/"):
        assert client_staff.get(QUEUE + suite).status_code == 404, suite
