"""The admin index opens on the work waiting for the staff member's site: each entry a
count with a link to the filtered list, in a bounded number of queries, and staff of
another school see only their own counts."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from facturation.models import PaiementEnLigne
from imuse.models import Courriel, DemandeModification
from reinscription.models import DemandeReinscription, PieceJointe
from tests import factories as f
from tests.conftest import connecter_staff
from tests.facturation import factories as ff
from tests.reinscription.factories import CampagneFactory, PieceAFournirFactory


def _client(user) -> Client:
    return connecter_staff(Client(), user)


def _courriel(etablissement, etat=Courriel.Etat.ECHEC):
    return Courriel.objects.create(
        etablissement=etablissement,
        modele="test",
        destinataire=f"{etat}@example.org",
        expediteur="ecole@example.org",
        sujet="Sujet",
        texte="Texte",
        langue="fr",
        etat=etat,
    )


def _demande_modification(famille, eleve):
    return DemandeModification.objects.create(
        etablissement=famille.etablissement,
        famille_id=famille.pk,
        famille_libelle=str(famille),
        content_type=ContentType.objects.get_for_model(eleve),
        object_id=eleve.pk,
        valeurs={"prenom": {"avant": eleve.prenom, "demande": "Irène"}},
    )


def _reinscription(eleve, etablissement, campagne=None):
    campagne = campagne or CampagneFactory(etablissement=etablissement)
    piece = PieceAFournirFactory(campagne=campagne)
    demande = DemandeReinscription.objects.create(
        campagne=campagne, eleve=eleve, etat=DemandeReinscription.Etat.EN_ATTENTE
    )
    PieceJointe.objects.create(
        piece=piece,
        famille=eleve.famille,
        fichier="reinscription/x.pdf",
        nom_original="attestation.pdf",
        type_mime="application/pdf",
    )
    return demande


def _paiement(famille, eleve, minutes):
    ff.bac_a_sable(famille.etablissement)
    facture = ff.facture(famille, eleve=eleve, montant="84.00")
    paiement = PaiementEnLigne.objects.create(
        facture=facture, backend="dummy", montant=facture.montant, etat="en_attente"
    )
    PaiementEnLigne.objects.filter(pk=paiement.pk).update(
        cree_le=timezone.now() - timedelta(minutes=minutes)
    )
    return paiement


@pytest.fixture
def travail(etablissement, annee, famille, irina, hugo):
    """Valognes: 1 modification request, 2 failed e-mails (1 sent), 1 re-enrolment
    request with 1 document to check, 1 payment pending for 30 minutes (1 for 5)."""
    _demande_modification(famille, irina)
    _courriel(etablissement)
    _courriel(etablissement)
    _courriel(etablissement, Courriel.Etat.ENVOYE)
    _reinscription(irina, etablissement)
    _paiement(famille, irina, 30)
    _paiement(famille, hugo, 5)


def _lignes(page: str) -> dict[str, tuple[str, str]]:
    """{label: (url, count)} of the dashboard table."""
    tableau = page.split('id="tableau-de-bord-titre"', 1)[1].split("</table>", 1)[0]
    return {
        libelle: (url.replace("&amp;", "&"), nombre)
        for url, libelle, nombre in re.findall(
            r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td>(\d+)</td>', tableau
        )
    }


def test_the_index_shows_what_waits_with_links_to_the_filtered_lists(client_staff, travail):
    page = client_staff.get("/admin/").content.decode()
    assert "<caption>Ce qui attend pour École municipale de musique de Valognes</caption>" in page
    lignes = _lignes(page)
    assert lignes["Demandes de modification à décider"] == (
        "/admin/imuse/demandemodification/",
        "1",
    )
    assert lignes["Courriels en échec"] == ("/admin/imuse/courriel/?etat__exact=echec", "2")
    assert lignes["Demandes de réinscription à décider"] == (
        "/admin/reinscription/demandereinscription/?etat__exact=en_attente",
        "1",
    )
    assert lignes["Pièces justificatives à vérifier"][1] == "1"
    assert lignes["Paiements en ligne en attente depuis plus de 20 minutes"][1] == "1"
    assert lignes["Demandes de fermeture de compte"][1] == "0"
    # The models are still listed below.
    assert "/admin/famille/famille/" in page


def test_each_link_opens_the_list_of_what_it_counts(client_staff, travail, irina):
    lignes = _lignes(client_staff.get("/admin/").content.decode())
    paiements = client_staff.get(
        lignes["Paiements en ligne en attente depuis plus de 20 minutes"][0]
    ).content.decode()
    assert "1 paiement en ligne" in paiements
    pieces = client_staff.get(lignes["Pièces justificatives à vérifier"][0]).content.decode()
    assert "ABARRE Irina" in pieces
    echecs = client_staff.get(lignes["Courriels en échec"][0]).content.decode()
    assert "echec@example.org" in echecs and "envoye@example.org" not in echecs


def test_a_request_whose_documents_are_checked_is_not_listed_as_to_check(
    client_staff, etablissement, annee, irina
):
    _reinscription(irina, etablissement)
    PieceJointe.objects.update(etat=PieceJointe.Etat.VALIDEE)
    lignes = _lignes(client_staff.get("/admin/").content.decode())
    assert lignes["Pièces justificatives à vérifier"][1] == "0"
    liste = client_staff.get(lignes["Pièces justificatives à vérifier"][0]).content.decode()
    assert "ABARRE Irina" not in liste


def test_staff_of_another_school_see_only_their_own_counts(staff_autre, travail):
    page = _client(staff_autre).get("/admin/").content.decode()
    assert "Valognes" not in page
    assert "Ce qui attend pour Conservatoire de Cherbourg-en-Cotentin" in page
    assert {nombre for _url, nombre in _lignes(page).values()} == {"0"}


def test_the_superuser_sees_every_school(client_superuser, travail, autre_etablissement):
    _courriel(autre_etablissement)
    page = client_superuser.get("/admin/").content.decode()
    assert "Ce qui attend, tous établissements" in page
    assert _lignes(page)["Courriels en échec"][1] == "3"


def test_the_dashboard_runs_a_bounded_number_of_queries(
    client_staff, travail, etablissement, famille, django_assert_max_num_queries
):
    # One count query per entry of the dashboard (facturation's families past due: 21).
    with django_assert_max_num_queries(21):
        client_staff.get("/admin/")
    campagne = DemandeReinscription.objects.get().campagne
    for i in range(30):
        eleve = f.EleveFactory(famille=famille, prenom=f"E{i}")
        _demande_modification(famille, eleve)
        _reinscription(eleve, etablissement, campagne)
        _courriel(etablissement)
    with django_assert_max_num_queries(21):
        page = client_staff.get("/admin/").content.decode()
    assert _lignes(page)["Courriels en échec"][1] == "32"
