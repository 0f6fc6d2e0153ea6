"""The "Réinscription" tab as a family sees it."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from imuse.televersement import verifier_document
from reinscription import services
from reinscription.accueil import notices
from reinscription.models import DemandeReinscription, PieceJointe
from tests import factories as f
from tests.reinscription.conftest import upload
from tests.reinscription.factories import CampagneFactory

Etat = DemandeReinscription.Etat


def page(eleve) -> str:
    return reverse("reinscription:eleve", args=[eleve.pk])


def identite(eleve) -> str:
    return reverse("eleves:identite", args=[eleve.pk])


# The tab and the notice


def test_the_tab_shows_while_the_campaign_is_open(client_r1, campagne, irina):
    reponse = client_r1.get(identite(irina))
    assert f'href="{page(irina)}"' in reponse.content.decode().replace("&#x27;", "'")
    assert client_r1.get(page(irina)).status_code == 200


@pytest.mark.parametrize(
    "valeurs",
    [
        {"active": False},
        {"ouverture": timezone.localdate() + timedelta(days=1)},
        {
            "cloture": timezone.localdate() - timedelta(days=1),
            "ouverture": timezone.localdate() - timedelta(days=10),
        },
    ],
    ids=["inactive", "not-yet-open", "closed"],
)
def test_the_tab_is_hidden_otherwise(client_r1, etablissement, annee, irina, valeurs):
    CampagneFactory(etablissement=etablissement, **valeurs)
    assert f'href="{page(irina)}"' not in client_r1.get(identite(irina)).content.decode().replace(
        "&#x27;", "'"
    )
    assert client_r1.get(page(irina)).status_code == 404


def test_another_site_s_campaign_does_not_open_the_tab(client_r1, autre_etablissement, irina):
    CampagneFactory(etablissement=autre_etablissement)
    assert client_r1.get(page(irina)).status_code == 404


def test_the_last_day_is_still_open(client_r1, etablissement, annee, irina):
    CampagneFactory(etablissement=etablissement, cloture=timezone.localdate())
    assert client_r1.get(page(irina)).status_code == 200


def _requete(famille):
    # The notices are tested directly: Accueil also shows other apps' notices.
    from imuse.portail import Portail

    portail = Portail.__new__(Portail)  # no guardian needed: the notices read the family
    portail.famille, portail.etablissement = famille, famille.etablissement
    return SimpleNamespace(portail=portail)


def test_home_shows_the_closing_date(campagne, irina, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        (notice,) = notices(_requete(irina.famille))
    assert f"ouvertes jusqu'au {campagne.cloture:%d/%m/%Y}" in str(notice.texte)
    assert notice.lien == page(irina)


def test_home_is_silent_without_campaign(annee, irina):
    assert notices(_requete(irina.famille)) == []


# The page


def test_the_page_lists_courses_and_documents(client_r1, pieces, irina, cours_irina):
    texte = client_r1.get(page(irina)).content.decode().replace("&#x27;", "'")
    for colonne in ("Cursus", "Cours", "Enseignant", "Cycle", "Actif", "Réinscription"):
        assert f'<th scope="col">{colonne}</th>' in texte
    assert "FM 2C4 A" in texte and "Pian 2C4" in texte and "Polyphoniques" in texte
    assert "Carmen ASTAREL" in texte
    assert "Réinscription administrative" in texte
    assert "Pièces à fournir - Famille" in texte
    assert "Pièces à fournir - Élève" in texte
    for colonne in (
        "Nom du document",
        "Nom du fichier",
        "Date",
        "Heure",
        "Taille (Mo)",
        "État",
        "Consulter",
    ):
        assert f">{colonne}</th>" in texte
    assert "Justificatif de domicile" in texte and "Photo d'identité" in texte
    assert "À fournir" in texte
    # Irina does no dance: no medical certificate for her.
    assert "Certificat médical" not in texte
    assert "Les réinscriptions sont ouvertes." in texte


def test_a_dance_pupil_must_give_a_medical_certificate(client_r1, pieces, hugo, cours_hugo):
    assert "Certificat médical (pour Danse)" in client_r1.get(page(hugo)).content.decode().replace(
        "&#x27;", "'"
    )


def test_per_discipline_documents_follow_the_courses_ticked(
    client_r1, campagne, pieces, irina, cours_irina, cours_hugo, danse
):
    # Irina also takes a dance course but re-enrols only in FM: no certificate asked.
    danse_irina = f.InscriptionFactory(
        eleve=irina,
        cours=f.CoursFactory(
            annee=cours_hugo[0].cours.annee, discipline=cours_hugo[0].cours.discipline
        ),
    )
    assert "Certificat médical" in client_r1.get(page(irina)).content.decode().replace(
        "&#x27;", "'"
    )
    client_r1.post(page(irina), {"action": "enregistrer", "cours": [cours_irina[0].pk]})
    assert "Certificat médical" not in client_r1.get(page(irina)).content.decode().replace(
        "&#x27;", "'"
    )
    client_r1.post(page(irina), {"action": "enregistrer", "cours": [danse_irina.pk]})
    assert "Certificat médical" in client_r1.get(page(irina)).content.decode().replace(
        "&#x27;", "'"
    )


def test_validating_without_a_tick_says_what_to_do(client_r1, pieces, irina, cours_irina):
    reponse = client_r1.post(page(irina), {"action": "valider", "texte": "Merci"})
    assert reponse.status_code == 400
    texte = reponse.content.decode().replace("&#x27;", "'")
    assert "cochez « Réinscription administrative » ou au moins un cours" in texte
    assert "Merci</textarea>" in texte
    assert not DemandeReinscription.objects.filter(etat=Etat.EN_ATTENTE).exists()


def test_importing_without_a_tick_says_what_to_do(client_r1, domicile, irina, cours_irina):
    reponse = client_r1.post(
        page(irina),
        {"action": "importer", "piece": domicile.pk, "fichier": upload("attestation.pdf")},
    )
    assert reponse.status_code == 400
    assert (
        "cochez « Réinscription administrative » ou au moins un cours"
        in reponse.content.decode().replace("&#x27;", "'")
    )
    assert not PieceJointe.objects.exists()


def test_validating_records_the_request(
    client_r1, pieces, irina, cours_irina, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_r1.post(
            page(irina),
            {"action": "valider", "cours": [cours_irina[0].pk], "texte": "Horaire du mercredi"},
            follow=True,
        )
    texte = reponse.content.decode().replace("&#x27;", "'")
    assert "Votre demande de réinscription est enregistrée" in texte
    assert "Réinscription en attente de validation" in texte
    demande = DemandeReinscription.objects.get(eleve=irina)
    assert demande.etat == Etat.EN_ATTENTE and demande.texte == "Horaire du mercredi"
    assert len(mail.outbox) == 1 and mail.outbox[0].alternatives


@pytest.mark.parametrize(
    ("nom", "type_mime"),
    [
        ("photo.jpg", "image/jpeg"),
        ("photo.png", "image/png"),
        ("attestation.pdf", "application/pdf"),
    ],
)
def test_each_accepted_type_can_be_imported_and_downloaded(
    client_r1, pieces, irina, cours_irina, nom, type_mime
):
    reponse = client_r1.post(
        page(irina),
        {
            "action": "importer",
            "administrative": "on",
            "piece": pieces[0].pk,
            "fichier": upload(nom),
        },
        follow=True,
    )
    assert f"Le fichier « {nom} » a été importé" in reponse.content.decode().replace("&#x27;", "'")
    pj = PieceJointe.objects.get()
    assert pj.type_mime == type_mime and pj.eleve is None and pj.nom_original == nom
    assert nom not in pj.fichier.name
    texte = reponse.content.decode().replace("&#x27;", "'")
    assert "Fournie" in texte and nom in texte
    fichier = client_r1.get(reverse("reinscription:fichier", args=[irina.pk, pj.pk]))
    assert fichier.status_code == 200
    assert fichier["Content-Disposition"].startswith("attachment")
    assert fichier["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in fichier["Content-Security-Policy"]
    assert b"".join(fichier.streaming_content)


@pytest.mark.parametrize(
    ("nom", "message"),
    [
        ("image.svg", "seuls les fichiers JPEG, PNG ou PDF sont acceptés"),
        ("page_html.pdf", "n'est pas une image JPEG, une image PNG ou un document PDF"),
        ("programme.png", "n'est pas une image JPEG, une image PNG ou un document PDF"),
        ("bombe.png", "L'image est trop grande"),
        ("javascript.pdf", "contient un script (JavaScript)"),
    ],
)
def test_a_refused_file_says_why_and_keeps_the_form(
    client_r1, pieces, irina, cours_irina, nom, message
):
    reponse = client_r1.post(
        page(irina),
        {
            "action": "importer",
            "cours": [cours_irina[1].pk],
            "piece": pieces[1].pk,
            "fichier": upload(nom),
            "texte": "Texte gardé",
        },
    )
    assert reponse.status_code == 400
    texte = reponse.content.decode().replace("&#x27;", "'")
    assert message in texte
    assert 'id="id_fichier_error"' in texte or "id_fichier" in texte
    assert "Texte gardé</textarea>" in texte
    assert f'value="{cours_irina[1].pk}" id="id_cours_{cours_irina[1].pk}" checked' in texte
    assert not PieceJointe.objects.exists()


def test_a_file_of_2_mb_and_one_byte_is_refused(client_r1, pieces, irina, cours_irina):
    contenu = upload("attestation.pdf").read()
    contenu += b"%" * (2 * 1024 * 1024 + 1 - len(contenu))
    reponse = client_r1.post(
        page(irina),
        {
            "action": "importer",
            "administrative": "on",
            "piece": pieces[0].pk,
            "fichier": upload("gros.pdf", contenu),
        },
    )
    assert reponse.status_code == 400
    assert (
        "Le fichier est trop volumineux (2,01 Mo) : la limite est de 2 Mo."
        in reponse.content.decode().replace("&#x27;", "'")
    )


def test_appended_html_is_not_served_back(client_r1, pieces, irina, cours_irina):
    client_r1.post(
        page(irina),
        {
            "action": "importer",
            "administrative": "on",
            "piece": pieces[1].pk,
            "fichier": upload("jpeg_avec_html.jpg"),
        },
    )
    pj = PieceJointe.objects.get()
    assert pj.eleve == irina
    contenu = b"".join(
        client_r1.get(reverse("reinscription:fichier", args=[irina.pk, pj.pk])).streaming_content
    )
    assert contenu.startswith(b"\xff\xd8") and b"<script>" not in contenu


def _deposer(demande, piece, nom, par):
    return services.piece_deposer(
        demande=demande, piece=piece, document=verifier_document(upload(nom)), par=par
    )


def test_a_file_can_be_deleted_until_validated(
    client_r1, pieces, irina, cours_irina, responsable1, staff
):
    demande = services.demande_enregistrer(
        eleve=irina,
        campagne=pieces[0].campagne,
        par=responsable1.utilisateur,
        administrative=True,
        inscriptions=[],
    )
    pj = _deposer(demande, pieces[0], "photo.png", responsable1.utilisateur)
    texte = client_r1.get(page(irina)).content.decode().replace("&#x27;", "'")
    assert f'form="supprimer-{pj.pk}"' in texte and "Remplacer" in texte
    reponse = client_r1.post(
        reverse("reinscription:supprimer", args=[irina.pk, pj.pk]), follow=True
    )
    assert "a été supprimé" in reponse.content.decode().replace("&#x27;", "'")
    assert not PieceJointe.objects.exists()
    pj = _deposer(demande, pieces[0], "photo.png", responsable1.utilisateur)
    services.piece_valider(demande=demande, piece_jointe=pj, par=staff)
    texte = client_r1.get(page(irina)).content.decode().replace("&#x27;", "'")
    assert f'form="supprimer-{pj.pk}"' not in texte and "Validée" in texte
    reponse = client_r1.post(
        reverse("reinscription:supprimer", args=[irina.pk, pj.pk]), follow=True
    )
    assert "ne peut plus être supprimé" in reponse.content.decode().replace("&#x27;", "'")
    assert PieceJointe.objects.exists()


def test_a_refused_document_shows_its_reason(
    client_r1, pieces, irina, cours_irina, responsable1, staff
):
    demande = services.demande_enregistrer(
        eleve=irina,
        campagne=pieces[0].campagne,
        par=responsable1.utilisateur,
        administrative=True,
        inscriptions=[],
    )
    pj = _deposer(demande, pieces[0], "photo.png", responsable1.utilisateur)
    services.piece_refuser(
        demande=demande, piece_jointe=pj, par=staff, motif="Document de plus de 3 mois"
    )
    texte = client_r1.get(page(irina)).content.decode().replace("&#x27;", "'")
    assert "Refusée" in texte and "Document de plus de 3 mois" in texte


def test_a_decided_request_can_no_longer_change(
    client_r1, pieces, irina, cours_irina, responsable1, staff
):
    demande = services.demande_soumettre(
        eleve=irina,
        campagne=pieces[0].campagne,
        par=responsable1.utilisateur,
        administrative=False,
        inscriptions=cours_irina,
    )
    texte = client_r1.get(page(irina)).content.decode().replace("&#x27;", "'")
    assert "Réinscription en attente de validation" in texte
    services.demande_valider(demande=demande, par=staff)
    texte = client_r1.get(page(irina)).content.decode().replace("&#x27;", "'")
    assert "Réinscription en attente de validation" not in texte
    assert "Réinscription validée" in texte
    assert 'name="action"' not in texte and "disabled" in texte
    reponse = client_r1.post(
        page(irina), {"action": "valider", "administrative": "on"}, follow=True
    )
    texte = reponse.content.decode().replace("&#x27;", "'")
    assert "a déjà traité cette réinscription : elle ne peut plus être modifiée" in texte
    demande.refresh_from_db()
    assert demande.etat == Etat.VALIDEE and not demande.administrative


# Scoping


def test_another_family_gets_404(
    client_autre, pieces, irina, cours_irina, responsable1, autre_eleve
):
    demande = services.demande_enregistrer(
        eleve=irina,
        campagne=pieces[0].campagne,
        par=responsable1.utilisateur,
        administrative=True,
        inscriptions=[],
    )
    pj = _deposer(demande, pieces[1], "photo.png", responsable1.utilisateur)
    assert client_autre.get(page(irina)).status_code == 404
    assert (
        client_autre.post(page(irina), {"action": "valider", "administrative": "on"}).status_code
        == 404
    )
    assert (
        client_autre.get(reverse("reinscription:fichier", args=[irina.pk, pj.pk])).status_code
        == 404
    )
    assert (
        client_autre.get(reverse("reinscription:fichier", args=[autre_eleve.pk, pj.pk])).status_code
        == 404
    )
    assert (
        client_autre.post(
            reverse("reinscription:supprimer", args=[autre_eleve.pk, pj.pk])
        ).status_code
        == 404
    )
    assert PieceJointe.objects.exists()
    demande.refresh_from_db()
    assert demande.etat == Etat.BROUILLON


def test_a_sibling_s_own_document_is_not_reachable_from_another_pupil(
    client_r1, pieces, irina, hugo, cours_irina, responsable1
):
    demande = services.demande_enregistrer(
        eleve=irina,
        campagne=pieces[0].campagne,
        par=responsable1.utilisateur,
        administrative=True,
        inscriptions=[],
    )
    photo_irina = _deposer(demande, pieces[1], "photo.png", responsable1.utilisateur)
    domicile = _deposer(demande, pieces[0], "attestation.pdf", responsable1.utilisateur)
    assert (
        client_r1.get(reverse("reinscription:fichier", args=[hugo.pk, photo_irina.pk])).status_code
        == 404
    )
    # The family's document is shared by every pupil of the family.
    reponse = client_r1.get(reverse("reinscription:fichier", args=[hugo.pk, domicile.pk]))
    assert reponse.status_code == 200
    reponse.close()


def test_staff_are_sent_to_the_admin(client_staff, campagne, irina):
    assert client_staff.get(page(irina)).status_code == 302


# Queries


def test_home_points_to_the_next_pupil_to_re_enrol(
    campagne, irina, hugo, cours_irina, responsable1
):
    services.demande_soumettre(
        eleve=hugo,
        campagne=campagne,
        par=responsable1.utilisateur,
        administrative=True,
        inscriptions=[],
    )
    (notice,) = notices(_requete(irina.famille))
    assert notice.lien == page(irina) and str(notice.lien_texte) == "Réinscrire Irina"
    services.demande_soumettre(
        eleve=irina,
        campagne=campagne,
        par=responsable1.utilisateur,
        administrative=True,
        inscriptions=[],
    )
    (notice,) = notices(_requete(irina.famille))
    assert str(notice.lien_texte) == "Voir la réinscription de Hugo"
