"""SEPA in the admin: a paper mandate recorded (account checked, French messages), revoked;
the collection file through its confirmation step and downloaded; a reject recorded on
its line and from the bank's pain.002 report; another school's staff see nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from facturation.models import Echeance, LignePrelevement, MandatSepa, RemisePrelevement
from facturation.services import reste_a_payer
from imuse.journal import journal_de
from tests.conftest import _client
from tests.facturation import sepa_outils as so
from tests.facturation.test_sepa_services import PAIN002, valider_pain008

AJOUT = reverse("admin:facturation_mandatsepa_add")
LISTE = reverse("admin:facturation_mandatsepa_changelist")


def test_staff_record_a_paper_mandate_then_revoke_it(client_staff, famille, staff):
    so.creancier(famille.etablissement)
    donnees = {
        "famille": famille.pk,
        "titulaire": "Irène Martin",
        "iban": "FR76 3000 6000 0112 3456 7890 188",
        "bic": "",
        "date_signature": "15/09/2026",
    }
    page = client_staff.get(AJOUT)
    assert page.status_code == 200
    reponse = client_staff.post(AJOUT, donnees)
    assert reponse.status_code == 200
    assert "Cet IBAN n&#x27;est pas valide" in reponse.content.decode()
    assert not MandatSepa.objects.exists()
    donnees["iban"] = so.IBAN_FAMILLE
    assert client_staff.post(AJOUT, donnees).status_code == 302
    mandat = MandatSepa.objects.get()
    assert mandat.source == "papier" and mandat.bic == so.BIC_FAMILLE
    assert mandat.etablissement == famille.etablissement
    assert [j.action for j in journal_de(mandat)] == ["mandat.enregistrer"]
    # A second one while the first is active: refused next to the family.
    reponse = client_staff.post(AJOUT, donnees)
    assert "déjà un mandat actif" in reponse.content.decode()
    liste = client_staff.get(LISTE).content.decode()
    assert "•••• 0189" in liste and so.IBAN_FAMILLE not in liste
    client_staff.post(LISTE, {"action": "arreter", "_selected_action": [mandat.pk]})
    mandat.refresh_from_db()
    assert not mandat.prelever
    assert journal_de(mandat).filter(action="mandat.prelever").exists()
    client_staff.post(LISTE, {"action": "reprendre", "_selected_action": [mandat.pk]})
    mandat.refresh_from_db()
    assert mandat.prelever
    client_staff.post(LISTE, {"action": "revoquer", "_selected_action": [mandat.pk]})
    mandat.refresh_from_db()
    assert mandat.statut == "revoque"
    assert journal_de(mandat).filter(action="mandat.revoquer").exists()


def test_the_collection_file_through_its_confirmation(
    client_staff, famille, irina, staff, django_capture_on_commit_callbacks
):
    so.creancier(famille.etablissement, frais="5.00")
    so.mandat(famille)
    facture = so.facture_en_trois(famille, irina)
    preparer = reverse("admin:facturation_remise_preparer")
    assert client_staff.get(preparer).status_code == 200
    reponse = client_staff.get(preparer, {"date_echeance": "31/02/2026"})
    assert reponse.status_code == 400 and 'id="resume-erreurs"' in reponse.content.decode()
    confirmer = reverse("admin:facturation_remise_confirmer")
    page = client_staff.get(confirmer, {"date_echeance": "30/11/2026"}).content.decode()
    assert "FRST" in page and facture.numero in page and "33,33" in page
    assert not RemisePrelevement.objects.exists()  # the confirmation page writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_staff.post(confirmer, {"date_echeance": "30/11/2026"})
    remise = RemisePrelevement.objects.get()  # built by the task, run at once in tests
    assert reponse.url == reverse("admin:facturation_remiseprelevement_change", args=[remise.pk])
    assert remise.cree_par == staff and remise.montant == Decimal("33.33")
    assert remise.statut == RemisePrelevement.Statut.TERMINE and remise.traitees == 1
    assert journal_de(remise).filter(action="remise.lancer", par=staff).exists()
    page = client_staff.get(reponse.url).content.decode()
    fichier = reverse("admin:facturation_remise_fichier", args=[remise.pk])
    statut = str(remise.get_statut_display())
    assert fichier in page and statut in page and 'id="progression"' not in page
    suivi = reverse("admin:facturation_remiseprelevement_progression", args=[remise.pk])
    etat = client_staff.get(suivi).json()
    assert etat == {"en_cours": False, "statut": statut, "fait": 1, "total": 1}
    telechargement = client_staff.get(fichier)
    contenu = b"".join(telechargement.streaming_content)
    for fermer in telechargement._resource_closers:  # as the server would, keeping the db
        fermer()
    valider_pain008(contenu)
    assert telechargement["Content-Disposition"].startswith("attachment")
    # A reject recorded by hand on the line.
    ligne = remise.lignes.get()
    url = reverse("admin:facturation_ligneprelevement_change", args=[ligne.pk])
    assert "AM04 — provision insuffisante" in client_staff.get(url).content.decode()
    assert client_staff.post(url, {"motif_rejet": "AM04"}).status_code == 302
    ligne.refresh_from_db()
    assert ligne.statut == LignePrelevement.Statut.REJETEE and ligne.rejet_par == staff
    assert Echeance.objects.get(pk=ligne.echeance_id).statut == Echeance.Statut.A_PAYER
    assert reste_a_payer(facture) == Decimal("100.00")
    assert ligne.frais.montant == Decimal("5.00")


def test_rejects_from_the_bank_report_in_the_admin(client_staff, famille, irina, staff):
    from facturation.services import remise_creer

    so.creancier(famille.etablissement)
    so.mandat(famille)
    so.facture_en_trois(famille, irina)
    remise = remise_creer(
        etablissement=famille.etablissement, date_echeance=date(2026, 11, 30), par=staff
    )
    ligne = remise.lignes.get()
    url = reverse("admin:facturation_remise_retour")
    assert client_staff.get(url).status_code == 200
    assert client_staff.post(url, {}).status_code == 400
    mauvais = SimpleUploadedFile("retour.xml", b"<pas du xml", content_type="text/xml")
    reponse = client_staff.post(url, {"fichier": mauvais})
    assert reponse.status_code == 400 and "XML" in reponse.content.decode()
    fichier = SimpleUploadedFile(
        "retour.xml", PAIN002.format(ref=ligne.reference).encode(), content_type="text/xml"
    )
    page = client_staff.post(url, {"fichier": fichier}).content.decode()
    assert ligne.reference in page and "INCONNU-1" in page
    ligne.refresh_from_db()
    assert ligne.motif_rejet == "AC04"


def test_other_school_staff_see_no_mandate_nor_file(
    client_staff, famille, irina, staff, staff_autre
):
    from facturation.services import remise_creer

    so.creancier(famille.etablissement)
    mandat = so.mandat(famille)
    so.facture_en_trois(famille, irina)
    remise = remise_creer(
        etablissement=famille.etablissement, date_echeance=date(2026, 11, 30), par=staff
    )
    autre = _client(staff_autre)
    assert mandat.rum not in autre.get(LISTE).content.decode()
    fichier = reverse("admin:facturation_remise_fichier", args=[remise.pk])
    assert autre.get(fichier).status_code == 404
    suivi = reverse("admin:facturation_remiseprelevement_progression", args=[remise.pk])
    assert autre.get(suivi).status_code == 404
    page = reverse("admin:facturation_remiseprelevement_change", args=[remise.pk])
    assert autre.get(page).status_code in (302, 404)
    ligne = remise.lignes.get()
    url = reverse("admin:facturation_ligneprelevement_change", args=[ligne.pk])
    assert autre.get(url).status_code in (302, 404)
    autre.post(url, {"motif_rejet": "AM04"})
    ligne.refresh_from_db()
    assert ligne.statut == LignePrelevement.Statut.PRELEVEE


def test_a_file_being_built_shows_its_progress_and_blocks_a_second_one(
    client_staff, famille, irina, staff
):
    so.creancier(famille.etablissement)
    so.mandat(famille)
    so.facture_en_trois(famille, irina)
    confirmer = reverse("admin:facturation_remise_confirmer")
    reponse = client_staff.post(confirmer, {"date_echeance": "30/11/2026"})  # task not run
    remise = RemisePrelevement.objects.get()
    assert remise.statut == RemisePrelevement.Statut.EN_ATTENTE
    page = client_staff.get(reponse.url).content.decode()
    suivi = reverse("admin:facturation_remiseprelevement_progression", args=[remise.pk])
    assert 'id="progression"' in page and suivi in page
    assert client_staff.get(suivi).json()["en_cours"] is True
    second = client_staff.post(confirmer, {"date_echeance": "30/11/2026"}, follow=True)
    assert "déjà" in second.content.decode() and RemisePrelevement.objects.count() == 1
    # Its worker stopped: staff mark it failed (nothing was recorded), then build again.
    liste = reverse("admin:facturation_remiseprelevement_changelist")
    client_staff.post(liste, {"action": "interrompre", "_selected_action": [remise.pk]})
    remise.refresh_from_db()
    assert remise.statut == RemisePrelevement.Statut.ECHEC and "gestion" in remise.erreur
    assert journal_de(remise).filter(action="remise.interrompre", par=staff).exists()
    client_staff.post(confirmer, {"date_echeance": "30/11/2026"})
    assert RemisePrelevement.objects.count() == 2


def test_a_build_that_crashes_is_failed_with_its_reason_and_writes_nothing(
    client_staff, famille, irina, staff, django_capture_on_commit_callbacks, monkeypatch
):
    from facturation.models import Reglement
    from facturation.services import prelevements

    so.creancier(famille.etablissement)
    so.mandat(famille)
    facture = so.facture_en_trois(famille, irina)

    def panne(**kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(prelevements, "reglement_enregistrer", panne)
    confirmer = reverse("admin:facturation_remise_confirmer")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client_staff.post(confirmer, {"date_echeance": "30/11/2026"})
    except RuntimeError:
        pass  # the task re-raises an unexpected error (logged by the worker)
    remise = RemisePrelevement.objects.get()
    assert remise.statut == RemisePrelevement.Statut.ECHEC
    assert "RuntimeError: disque plein" in remise.erreur and not remise.fichier
    assert not remise.lignes.exists() and not Reglement.objects.exists()
    assert Echeance.objects.filter(facture=facture, statut=Echeance.Statut.PRELEVEE).count() == 0
    assert journal_de(remise).filter(action="remise.echouer").exists()
    page = client_staff.get(
        reverse("admin:facturation_remiseprelevement_change", args=[remise.pk])
    ).content.decode()
    assert str(remise.get_statut_display()) in page and "disque plein" in page


@pytest.mark.django_db(transaction=True)
def test_the_worker_saves_the_progress_where_the_page_sees_it_during_the_build(
    famille, irina, staff, monkeypatch
):
    """As the db_worker runs it (no transaction around): the progress is committed through a
    connection of its own while the build's transaction is open, without waiting on it."""
    from django.db import connections

    from facturation.services import construire_remise, prelevements, remise_lancer

    so.creancier(famille.etablissement)
    so.mandat(famille)
    so.facture_en_trois(famille, irina)
    vu = []
    enregistrer = prelevements.reglement_enregistrer

    def espion(**kwargs):
        autre = connections.create_connection("default")
        try:
            with autre.cursor() as curseur:
                curseur.execute(
                    "SELECT statut, total FROM facturation_remiseprelevement WHERE id = %s",
                    [RemisePrelevement.objects.get().pk],
                )
                vu.append(curseur.fetchone())
        finally:
            autre.close()
        return enregistrer(**kwargs)

    monkeypatch.setattr(prelevements, "reglement_enregistrer", espion)
    # Committed, the task runs (at once in tests) outside any transaction, as in the worker.
    remise = remise_lancer(
        etablissement=famille.etablissement, date_echeance=date(2026, 11, 30), par=staff
    )
    assert construire_remise.call(remise.pk) == RemisePrelevement.Statut.TERMINE  # done once
    assert vu == [(RemisePrelevement.Statut.EN_COURS, 1)]
    remise.refresh_from_db()
    assert remise.traitees == remise.total == remise.nombre == 1 and remise.fichier
