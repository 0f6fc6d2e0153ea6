"""Services: saving, submitting, documents, staff decisions and next year's sheets."""

import threading

import pytest
from django.core import mail
from django.db import connection

from eleves.models import Cours, Inscription
from imuse.journal import journal_de
from imuse.televersement import verifier_document
from reinscription import services
from reinscription.models import DemandeReinscription, PieceJointe
from tests import factories as f
from tests.reinscription.conftest import upload

Etat = DemandeReinscription.Etat


def soumettre(eleve, campagne, par, inscriptions=(), administrative=False):
    return services.demande_soumettre(
        eleve=eleve,
        campagne=campagne,
        par=par,
        administrative=administrative,
        inscriptions=inscriptions,
        texte="Changer d'horaire si possible",
    )


def test_submitting_needs_a_tick(campagne, irina, cours_irina, responsable1):
    with pytest.raises(services.ReinscriptionErreur):
        soumettre(irina, campagne, responsable1.utilisateur)
    assert not DemandeReinscription.objects.filter(etat=Etat.EN_ATTENTE).exists()


def test_submitting_records_a_waiting_request_and_mails_the_family(
    django_capture_on_commit_callbacks, campagne, irina, cours_irina, responsable1, responsable2
):
    with django_capture_on_commit_callbacks(execute=True):
        demande = soumettre(irina, campagne, responsable1.utilisateur, cours_irina[:1])
    assert demande.etat == Etat.EN_ATTENTE
    assert list(demande.inscriptions.all()) == cours_irina[:1]
    # One message per guardian: neither sees the other's address.
    assert sorted(m.to for m in mail.outbox) == [["jeremie@example.org"], ["sophie@example.org"]]
    message = mail.outbox[0]
    assert "ABARRE Irina" in message.subject
    assert "FM 2C4 A" in message.body
    html = message.alternatives[0][0]
    assert "FM 2C4 A" in html and "<li>" in html
    assert journal_de(demande).filter(action="reinscription.soumise").exists()


def test_courses_of_another_pupil_are_ignored(
    campagne, irina, hugo, cours_irina, cours_hugo, responsable1
):
    demande = soumettre(irina, campagne, responsable1.utilisateur, cours_irina + cours_hugo)
    assert set(demande.inscriptions.all()) == set(cours_irina)


def test_validating_places_next_year_sheets_in_the_admitted_class(
    django_capture_on_commit_callbacks, campagne, irina, cours_irina, responsable1, staff
):
    fm, piano = cours_irina
    # Admitted higher in piano; FM stays in its class (group A kept, teacher kept).
    piano.admission_classe = "2C5"
    piano.save()
    demande = soumettre(irina, campagne, responsable1.utilisateur, cours_irina)
    meme_groupe = f.CoursFactory(
        annee=campagne.annee,
        code="FM 2C4 A",
        discipline=fm.cours.discipline,
        enseignant=fm.cours.enseignant,
    )
    f.CoursFactory(annee=campagne.annee, code="FM 2C4 B", discipline=fm.cours.discipline)
    f.CoursFactory(annee=campagne.annee, code="Pian 2C4", discipline=piano.cours.discipline)
    superieur = f.CoursFactory(
        annee=campagne.annee, code="Pian 2C5", discipline=piano.cours.discipline
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        placement = services.demande_valider(demande=demande, par=staff)
    assert {fiche.cours for fiche in placement.fiches} == {meme_groupe, superieur}
    assert placement.non_placees == []
    demande.refresh_from_db()
    assert demande.etat == Etat.VALIDEE and demande.traitee_par == staff
    assert "validée" in mail.outbox[0].subject
    assert "Pian 2C5" in mail.outbox[0].body
    (ligne,) = journal_de(demande).filter(action="reinscription.placement")
    assert ligne.donnees["places"] == ["FM 2C4 A → FM 2C4 A", "Pian 2C4 → Pian 2C5"]


def test_what_finds_no_course_is_reported_not_created(
    campagne, irina, cours_irina, responsable1, staff
):
    fm, piano = cours_irina
    fm.admission_classe = "FM 2C5"
    fm.save()
    demande = soumettre(irina, campagne, responsable1.utilisateur, cours_irina)
    # Two groups of piano 2C4 next year, neither with Irina's teacher.
    for code in ("Pian 2C4 A", "Pian 2C4 B"):
        f.CoursFactory(annee=campagne.annee, code=code, discipline=piano.cours.discipline)
    placement = services.demande_valider(demande=demande, par=staff)
    assert placement.fiches == []
    assert [str(ligne) for ligne in placement.non_placees] == [
        "FM 2C4 A non placé : aucun cours de la classe « FM 2C5 » en 2027/2028.",
        "Pian 2C4 non placé : plusieurs cours de la classe « Pian 2C4 » en 2027/2028 "
        "(Pian 2C4 A, Pian 2C4 B).",
    ]
    assert Cours.objects.filter(annee=campagne.annee).count() == 2
    demande.refresh_from_db()
    assert demande.etat == Etat.VALIDEE
    (ligne,) = journal_de(demande).filter(action="reinscription.placement")
    assert len(ligne.donnees["non_places"]) == 2


def test_the_teacher_decides_between_groups(campagne, irina, cours_irina, responsable1, staff):
    fm = cours_irina[0]
    demande = soumettre(irina, campagne, responsable1.utilisateur, cours_irina[:1])
    f.CoursFactory(annee=campagne.annee, code="fm  2c4 b", discipline=fm.cours.discipline)
    sien = f.CoursFactory(
        annee=campagne.annee,
        code="FM 2C4 C",
        discipline=fm.cours.discipline,
        enseignant=fm.cours.enseignant,
    )
    assert services.demande_valider(demande=demande, par=staff).fiches[0].cours == sien


def test_an_administrative_re_enrolment_creates_no_sheet(campagne, irina, responsable1, staff):
    demande = soumettre(irina, campagne, responsable1.utilisateur, administrative=True)
    assert services.demande_valider(demande=demande, par=staff).fiches == []
    assert not Inscription.objects.filter(cours__annee=campagne.annee).exists()
    assert journal_de(demande).filter(action="reinscription.validee").exists()


def test_a_decided_request_cannot_be_decided_again_nor_changed(
    campagne, irina, cours_irina, cours_suivants, responsable1, staff
):
    demande = soumettre(irina, campagne, responsable1.utilisateur, cours_irina)
    services.demande_valider(demande=demande, par=staff)
    with pytest.raises(services.ReinscriptionErreur, match="déjà été validée"):
        services.demande_valider(demande=demande, par=staff)
    with pytest.raises(services.ReinscriptionErreur, match="ne peut plus être modifiée"):
        soumettre(irina, campagne, responsable1.utilisateur, cours_irina[:1])
    assert Inscription.objects.filter(cours__annee=campagne.annee).count() == 2


def test_a_draft_cannot_be_validated(campagne, irina, cours_irina, responsable1, staff):
    demande = services.demande_enregistrer(
        eleve=irina,
        campagne=campagne,
        par=responsable1.utilisateur,
        administrative=True,
        inscriptions=[],
    )
    with pytest.raises(services.ReinscriptionErreur, match="pas encore validé"):
        services.demande_valider(demande=demande, par=staff)


def test_refusing_needs_a_reason_and_mails_it(
    django_capture_on_commit_callbacks, campagne, irina, responsable1, staff
):
    demande = soumettre(irina, campagne, responsable1.utilisateur, administrative=True)
    with pytest.raises(services.ReinscriptionErreur, match="motif"):
        services.demande_refuser(demande=demande, par=staff, motif="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_refuser(
            demande=demande, par=staff, motif="Dossier incomplet : il manque l'attestation"
        )
    demande.refresh_from_db()
    assert demande.etat == Etat.REFUSEE
    # The text part is not HTML-escaped.
    assert "Dossier incomplet : il manque l'attestation" in mail.outbox[0].body
    assert "Dossier incomplet" in mail.outbox[0].alternatives[0][0]


def test_documents_replaced_refused_validated(
    campagne, domicile, irina, responsable1, staff, settings
):
    demande = soumettre(irina, campagne, responsable1.utilisateur, administrative=True)
    premier = services.piece_deposer(
        demande=demande,
        piece=domicile,
        document=verifier_document(upload("attestation.pdf")),
        par=responsable1.utilisateur,
    )
    ancien = premier.fichier.path
    services.piece_refuser(demande=demande, piece_jointe=premier, par=staff, motif="Illisible")
    second = services.piece_deposer(
        demande=demande,
        piece=domicile,
        document=verifier_document(upload("photo.png")),
        par=responsable1.utilisateur,
    )
    assert second.pk == premier.pk
    assert second.etat == PieceJointe.Etat.FOURNIE and second.motif_refus == ""
    assert str(settings.PRIVATE_ROOT) in second.fichier.path
    assert "photo" not in second.fichier.name  # a generated name
    services.piece_valider(demande=demande, piece_jointe=second, par=staff)
    with pytest.raises(services.ReinscriptionErreur):
        services.piece_supprimer(demande=demande, piece_jointe=second, par=responsable1.utilisateur)
    with pytest.raises(services.ReinscriptionErreur):
        services.piece_deposer(
            demande=demande,
            piece=domicile,
            document=verifier_document(upload("photo.jpg")),
            par=responsable1.utilisateur,
        )
    assert ancien != second.fichier.path


@pytest.mark.django_db(transaction=True)
def test_two_staff_validating_at_once_give_one_result(
    campagne, irina, cours_irina, cours_suivants, responsable1, staff, superuser
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    demande = soumettre(irina, campagne, responsable1.utilisateur, cours_irina)
    barriere = threading.Barrier(2)
    resultats = []

    def valider(par):
        try:
            barriere.wait()
            services.demande_valider(demande=demande, par=par)
            resultats.append("ok")
        except services.ReinscriptionErreur:
            resultats.append("refus")
        finally:
            connection.close()

    fils = [threading.Thread(target=valider, args=(u,)) for u in (staff, superuser)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert sorted(resultats) == ["ok", "refus"]
    assert Inscription.objects.filter(cours__annee=campagne.annee).count() == 2
    assert Cours.objects.filter(annee=campagne.annee).count() == 2


def test_a_document_can_be_asked_only_for_a_discipline(
    campagne, irina, cours_irina, hugo, cours_hugo
):
    from reinscription.lecture import pieces_de
    from tests.reinscription.factories import PieceAFournirFactory, TypePieceFactory

    piano = cours_irina[1].cours.discipline
    partition = PieceAFournirFactory(
        campagne=campagne,
        type_piece=TypePieceFactory(etablissement=campagne.etablissement, nom="Autorisation"),
        portee="eleve",
        discipline=piano,
    )
    _famille, propres = pieces_de(campagne, irina, None, cours_irina)
    assert [ligne.piece for ligne in propres] == [partition]
    assert propres[0].etat == "a_fournir" and propres[0].etat_libelle == "à fournir"
    _famille, propres = pieces_de(campagne, hugo, None, cours_hugo)
    assert propres == []
