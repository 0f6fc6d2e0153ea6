"""Bulk validation from the requests list: complete requests go at once, the others
need an explicit confirmation; a background run with progress and a report."""

import pytest
from django.test import Client
from django.urls import reverse

from eleves.models import Inscription
from imuse.journal import journal_de
from imuse.televersement import verifier_document
from reinscription import services
from reinscription.models import DemandeReinscription, PieceJointe, ValidationGroupee
from tests import factories as f
from tests.conftest import connecter_staff
from tests.reinscription.conftest import upload

Etat = DemandeReinscription.Etat
LISTE = "admin:reinscription_demandereinscription_changelist"


@pytest.fixture
def demandes(pieces, irina, hugo, cours_irina, cours_hugo, cours_suivants, responsable1, staff):
    """Irina's documents all accepted; Hugo's photo refused and certificate missing."""
    campagne = pieces[0].campagne
    irina_d = services.demande_soumettre(
        eleve=irina,
        campagne=campagne,
        par=responsable1.utilisateur,
        administrative=False,
        inscriptions=cours_irina,
    )
    hugo_d = services.demande_soumettre(
        eleve=hugo,
        campagne=campagne,
        par=responsable1.utilisateur,
        administrative=False,
        inscriptions=cours_hugo,
    )
    domicile, photo, _certificat = pieces
    for demande, piece in ((irina_d, domicile), (irina_d, photo), (hugo_d, photo)):
        services.piece_deposer(
            demande=demande,
            piece=piece,
            document=verifier_document(upload("photo.png")),
            par=responsable1.utilisateur,
        )
    for pj in PieceJointe.objects.all():
        if pj.eleve_id == hugo.pk:
            services.piece_refuser(demande=hugo_d, piece_jointe=pj, par=staff, motif="Floue")
        else:
            services.piece_valider(demande=irina_d, piece_jointe=pj, par=staff)
    return irina_d, hugo_d


@pytest.fixture
def agir(django_capture_on_commit_callbacks):
    """Post the action on a selection; the task (immediate in tests) runs on commit."""

    def poster(client, demandes, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse(LISTE),
                {
                    "action": "valider_selection",
                    "_selected_action": [d.pk for d in demandes],
                    **extra,
                },
                follow=True,
            )

    return poster


def test_complete_requests_are_validated_at_once_with_a_report(client_staff, demandes, agir):
    irina_d, _hugo_d = demandes
    texte = agir(client_staff, [irina_d]).content.decode()
    irina_d.refresh_from_db()
    assert irina_d.etat == Etat.VALIDEE
    (validation,) = ValidationGroupee.objects.all()
    assert validation.statut == "termine" and validation.fiches == 2
    assert "Validation de 1 demande lancée" in texte
    url = reverse("admin:reinscription_validationgroupee_change", args=[validation.pk])
    texte = client_staff.get(url).content.decode()
    assert "FM 2C4 A → FM 2C4 A" in texte and "Pian 2C4 → Pian 2C4" in texte
    assert 'value="100"' in texte  # the progress bar
    assert journal_de(validation).filter(action="reinscription.validation_groupee").exists()


def test_a_refused_or_missing_document_needs_a_confirmation(client_staff, demandes, agir):
    irina_d, hugo_d = demandes
    reponse = agir(client_staff, demandes)
    texte = reponse.content.decode()
    assert "Demandes dont les pièces ne sont pas toutes acceptées" in texte
    assert "ABARRE Hugo" in texte and "Certificat médical" in texte and "Photo d" in texte
    assert "Valider les 2 demandes, pièces non acceptées comprises" in texte
    assert "Valider seulement la demande dont les pièces sont toutes acceptées" in texte
    assert not ValidationGroupee.objects.exists()
    hugo_d.refresh_from_db()
    assert hugo_d.etat == Etat.EN_ATTENTE
    # "Only the complete ones": Hugo waits, Irina is validated.
    agir(client_staff, demandes, confirmer="completes")
    hugo_d.refresh_from_db()
    irina_d.refresh_from_db()
    assert (irina_d.etat, hugo_d.etat) == (Etat.VALIDEE, Etat.EN_ATTENTE)
    # Confirmed: Hugo is validated too, and his dance course (none next year) is reported.
    agir(client_staff, [hugo_d], confirmer="toutes")
    hugo_d.refresh_from_db()
    assert hugo_d.etat == Etat.VALIDEE
    derniere = ValidationGroupee.objects.order_by("-pk").first()
    assert derniere.non_placees == 1
    url = reverse("admin:reinscription_validationgroupee_change", args=[derniere.pk])
    texte = client_staff.get(url).content.decode()
    assert "Non placé" in texte and "aucun cours de la classe « Dans 1C1 »" in texte


def test_requests_not_waiting_are_left_alone(client_staff, demandes, agir):
    irina_d, _ = demandes
    services.demande_valider(demande=irina_d, par=None)
    texte = agir(client_staff, [irina_d]).content.decode()
    assert "1 demande n&#x27;était pas en attente" in texte or "1 demande n'était pas" in texte
    assert not ValidationGroupee.objects.exists()


def test_another_site_s_staff_validate_nothing_and_see_no_run(
    client_staff, demandes, staff_autre, agir
):
    client = connecter_staff(Client(), staff_autre)
    agir(client, demandes, confirmer="toutes")
    assert not DemandeReinscription.objects.filter(etat=Etat.VALIDEE).exists()
    agir(client_staff, demandes[:1])
    validation = ValidationGroupee.objects.get()
    url = reverse("admin:reinscription_validationgroupee_change", args=[validation.pk])
    assert client.get(url).status_code in (302, 404)
    assert (
        "Validation de"
        not in client.get(
            reverse("admin:reinscription_validationgroupee_changelist")
        ).content.decode()
    )


def test_the_confirmation_page_keeps_its_queries_bounded(
    client_staff, demandes, famille, campagne, django_assert_max_num_queries, agir
):
    autres = []
    for n in range(15):
        eleve = f.EleveFactory(famille=famille, prenom=f"Élève{n}")
        autres.append(
            services.demande_soumettre(
                eleve=eleve,
                campagne=campagne,
                par=None,
                administrative=True,
                inscriptions=[],
            )
        )
    with django_assert_max_num_queries(25):
        reponse = agir(client_staff, [*demandes, *autres])
    assert reponse.content.decode().count("<tr>") >= 16
    assert Inscription.objects.filter(cours__annee=campagne.annee).count() == 0
