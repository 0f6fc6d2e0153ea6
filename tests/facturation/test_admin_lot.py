"""The batch run's admin pages: choose, preview, confirm, follow; another school's staff
see nothing of it; bad input answers with a French message, never a 500."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from facturation.models import Facture, LotFacturation, Periode
from facturation.services import lot_lancer
from imuse.journal import journal_de
from tests import factories as f
from tests.conftest import connecter_staff
from tests.facturation.tarifs_outils import ecole, famille_avec, inscrire

NBSP = "\u00a0"


@pytest.fixture
def e(etablissement, annee):
    ecole_ = ecole(etablissement, annee)
    martin = famille_avec(etablissement, "MARTIN", ville="Valognes", qf=550)
    lea = f.EleveFactory(famille=martin, prenom="Léa", date_naissance=date(2012, 5, 1))
    tom = f.EleveFactory(famille=martin, prenom="Tom", date_naissance=date(2014, 5, 1))
    inscrire(lea, ecole_.cours["Formation musicale"], ecole_.cours["Violon"])
    inscrire(tom, ecole_.cours["Formation musicale"])
    durand = famille_avec(etablissement, "DURAND", ville="")
    inscrire(
        f.EleveFactory(famille=durand, date_naissance=date(2013, 1, 1)), ecole_.cours["Violon"]
    )
    return ecole_


def params(e, **autres):
    return {"grille": e.grille.pk, "periode": "annee", "date_emission": "01/10/2026", **autres}


def test_staff_choose_the_year_and_the_period(client_staff, e):
    reponse = client_staff.get(reverse("admin:facturation_lot_choisir"))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert '<label for="id_grille" class="required">Année scolaire</label>' in page
    assert "1er trimestre" in page and "2026/2027" in page
    liste = client_staff.get(reverse("admin:facturation_lotfacturation_changelist"))
    assert "Facturer l’année" in liste.content.decode()


def test_the_preview_shows_every_family_its_lines_and_why_one_cannot_be_priced(
    client_staff, e, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        reponse = client_staff.get(reverse("admin:facturation_lot_apercu"), params(e))
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "MARTIN" in page and f"408,32{NBSP}€" in page
    assert "Instrument 30 min · Habitant des communes listées · QF A · Mineur" in page
    assert "DURAND" in page and "n&#x27;a pas de commune" in page
    assert "Rien n’a encore été écrit." in page
    assert not Facture.objects.exists()


def test_bad_input_is_answered_next_to_the_field(client_staff, e):
    reponse = client_staff.get(
        reverse("admin:facturation_lot_apercu"), params(e, date_emission="31/02/2026")
    )
    assert reponse.status_code == 200
    assert "Saisissez une date comme 01/10/2026." in reponse.content.decode()


def test_confirming_issues_the_invoices_in_a_task_and_the_run_page_reports(
    client_staff, e, staff, django_capture_on_commit_callbacks
):
    confirmation = client_staff.get(reverse("admin:facturation_lot_confirmer"), params(e))
    assert "1 facture sera émise le 01/10/2026" in confirmation.content.decode()
    assert not LotFacturation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_staff.post(reverse("admin:facturation_lot_confirmer"), params(e))
    lot = LotFacturation.objects.get()
    assert reponse.url == reverse("admin:facturation_lotfacturation_change", args=[lot.pk])
    assert Facture.objects.emises().get().cree_par == staff
    page = client_staff.get(reponse.url).content.decode()
    statut = str(lot.get_statut_display())
    assert statut in page and f"408,32{NBSP}€" in page and "DURAND" in page
    etat = client_staff.get(reverse("admin:facturation_lot_progression", args=[lot.pk])).json()
    assert etat == {"en_cours": False, "statut": statut, "fait": 2, "total": 2}


def test_a_run_in_progress_shows_its_progress_bar(client_staff, e, staff):
    lot = lot_lancer(grille=e.grille, periode=Periode.ANNEE, par=staff)
    page = client_staff.get(reverse("admin:facturation_lotfacturation_change", args=[lot.pk]))
    assert '<progress id="barre-progression" max="2" value="0">' in page.content.decode()


def test_another_schools_staff_see_nothing_of_it(e, staff, staff_autre):
    lot = lot_lancer(grille=e.grille, periode=Periode.ANNEE, par=staff)
    client = connecter_staff(Client(), staff_autre)
    apercu = client.get(reverse("admin:facturation_lot_apercu"), params(e))
    assert "MARTIN" not in apercu.content.decode()
    assert "Sélectionnez un choix valide" in apercu.content.decode()
    choix = client.get(reverse("admin:facturation_lot_choisir")).content.decode()
    assert "2026/2027" not in choix
    assert client.post(reverse("admin:facturation_lot_confirmer"), params(e)).status_code == 200
    assert LotFacturation.objects.count() == 1
    assert (
        client.get(reverse("admin:facturation_lotfacturation_change", args=[lot.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("admin:facturation_lot_progression", args=[lot.pk])).status_code == 404
    )
    interrompre = reverse("admin:facturation_lot_interrompre", args=[lot.pk])
    assert client.get(interrompre).status_code == 404
    assert client.post(interrompre).status_code == 404
    lot.refresh_from_db()
    assert lot.statut == LotFacturation.Statut.EN_ATTENTE
    liste = client.get(reverse("admin:facturation_lotfacturation_changelist")).content.decode()
    assert "2026/2027" not in liste


def test_a_run_left_in_progress_by_a_stopped_worker_can_be_interrupted_then_run_again(
    client_staff, e, staff, django_capture_on_commit_callbacks
):
    lot = lot_lancer(grille=e.grille, periode=Periode.ANNEE, par=staff)
    LotFacturation.objects.filter(pk=lot.pk).update(statut=LotFacturation.Statut.EN_COURS)
    page = client_staff.get(reverse("admin:facturation_lotfacturation_change", args=[lot.pk]))
    interrompre = reverse("admin:facturation_lot_interrompre", args=[lot.pk])
    assert interrompre in page.content.decode()
    confirmation = client_staff.get(interrompre).content.decode()
    assert "0 familles sur 2" in confirmation and "Confirmer : interrompre" in confirmation
    reponse = client_staff.post(interrompre, follow=True)
    lot.refresh_from_db()
    assert lot.statut == LotFacturation.Statut.ECHEC
    page = reponse.content.decode()
    assert "interrompue" in page and "relancez" in page.lower()
    assert journal_de(lot).get(action="lot.interrompre").par == staff
    again = client_staff.post(interrompre, follow=True).content.decode()
    assert "pas en cours" in again
    with django_capture_on_commit_callbacks(execute=True):
        client_staff.post(reverse("admin:facturation_lot_confirmer"), params(e))
    assert Facture.objects.emises().count() == 1


def test_a_run_interrupted_before_a_worker_took_it_is_left_alone_by_the_task(e, staff):
    from facturation.services import lot_interrompre
    from facturation.services.lot import facturer_lot

    lot = lot_lancer(grille=e.grille, periode=Periode.ANNEE, par=staff)
    lot_interrompre(lot=lot, par=staff)
    facturer_lot.call(lot.pk)
    lot.refresh_from_db()
    assert lot.statut == LotFacturation.Statut.ECHEC and "Interrompue" in lot.erreurs[0]["erreur"]
    assert not Facture.objects.exists()


def test_the_preview_names_families_already_invoiced_by_hand_for_that_year(client_staff, e):
    from decimal import Decimal

    from facturation.models import Nature
    from facturation.services import Ligne, facture_creer

    martin = e.grille.etablissement.familles.get(nom="MARTIN")
    facture_creer(
        famille=martin,
        nature=Nature.COTISATION,
        lignes=[Ligne("Cotisation saisie à la main", Decimal("150.00"))],
        par=None,
        date_emission=e.grille.annee.debut,
    )
    page = client_staff.get(reverse("admin:facturation_lot_apercu"), params(e)).content.decode()
    assert "1 famille à facturer a déjà une facture de cotisation" in page
    assert f"?q={martin.numero}" in page
    confirmation = client_staff.get(reverse("admin:facturation_lot_confirmer"), params(e))
    assert "facturée à nouveau" in confirmation.content.decode()
