"""The batch run "Facturer l'année" as a service: preview, issue in a task, idempotence,
complementary invoice of a late pupil (prorated), journal, e-mails with the PDF link."""

from datetime import date
from decimal import Decimal

import pytest

from facturation.models import Facture, LotFacturation, Periode
from facturation.services import FacturationError, lot_apercu, lot_lancer
from facturation.services.lot import LIBELLE_COMPLEMENT
from imuse.journal import journal_de
from imuse.models import Courriel
from tests import factories as f
from tests.facturation.tarifs_outils import ecole, famille_avec, inscrire

D = Decimal


@pytest.fixture
def e(etablissement, annee):
    return ecole(etablissement, annee)


@pytest.fixture
def familles(e):
    martin = famille_avec(e.etablissement, "MARTIN", ville="Valognes", qf=550)
    lea = f.EleveFactory(famille=martin, prenom="Léa", date_naissance=date(2012, 5, 1))
    tom = f.EleveFactory(famille=martin, prenom="Tom", date_naissance=date(2014, 5, 1))
    inscrire(lea, e.cours["Formation musicale"], e.cours["Violon"])
    inscrire(tom, e.cours["Formation musicale"])
    leroy = famille_avec(e.etablissement, "LEROY", ville="Cherbourg-en-Cotentin")
    leo = f.EleveFactory(famille=leroy, prenom="Léo", date_naissance=date(1990, 1, 2))
    inscrire(leo, e.cours["Formation musicale"], e.cours["Violon"])
    # No town for guardian 1: the residence rules cannot price it.
    sans_ville = famille_avec(e.etablissement, "DURAND", ville="")
    inscrire(f.EleveFactory(famille=sans_ville, date_naissance=date(2013, 1, 1)), e.cours["Violon"])
    return martin, leroy, sans_ville


def lancer(grille, periode, par, capture, jour=date(2026, 10, 1)):
    with capture(execute=True):
        lot = lot_lancer(grille=grille, periode=periode, par=par, date_emission=jour)
    lot.refresh_from_db()
    return lot


def test_the_preview_lists_families_with_their_lines_and_those_it_cannot_price(e, familles):
    martin, leroy, sans_ville = familles
    apercu = lot_apercu(e.grille, Periode.ANNEE)
    assert [t.famille for t in apercu.a_facturer] == [martin, leroy]
    assert [t.total for t in apercu.a_facturer] == [D("408.32"), D("805.60")]
    assert apercu.total == D("1213.92")
    assert [t.famille for t in apercu.non_tarifees] == [sans_ville]
    assert "l'adresse du responsable 1 n'a pas de commune" in apercu.non_tarifees[0].erreurs[0]
    assert not Facture.objects.exists()


def test_a_run_issues_one_journaled_invoice_per_family_and_tells_it(
    e, familles, staff, django_capture_on_commit_callbacks
):
    martin, leroy, sans_ville = familles
    lot = lancer(e.grille, Periode.ANNEE, staff, django_capture_on_commit_callbacks)
    assert lot.statut == LotFacturation.Statut.TERMINE
    assert (lot.total, lot.traitees, lot.factures) == (3, 3, 2)
    assert lot.montant == D("1213.92")
    assert [n["numero"] for n in lot.non_tarifees] == [sans_ville.numero]
    factures = Facture.objects.emises().order_by("numero")
    assert [(x.famille, x.montant) for x in factures] == [
        (martin, D("408.32")),
        (leroy, D("805.60")),
    ]
    premiere = factures[0]
    assert premiere.date_echeance == date(2026, 10, 31)
    assert (premiere.annee, premiere.periode) == (e.annee, Periode.ANNEE)
    assert sum(ligne.montant for ligne in premiere.lignes.all()) == premiere.montant
    assert {j.action for j in journal_de(premiere)} == {"facture.creer", "facture.emettre"}
    assert [j.action for j in journal_de(lot)] == ["lot.terminer", "lot.lancer"]
    courriel = Courriel.objects.get(destinataire="martin@example.org")
    assert f"/facturation/facture/{premiere.pk}/pdf/" in courriel.texte
    assert premiere.numero in courriel.sujet


def test_running_twice_invoices_nobody_twice(
    e, familles, staff, django_capture_on_commit_callbacks
):
    lancer(e.grille, Periode.ANNEE, staff, django_capture_on_commit_callbacks)
    second = lancer(e.grille, Periode.ANNEE, staff, django_capture_on_commit_callbacks)
    assert second.factures == 0 and second.montant == 0
    assert Facture.objects.count() == 2
    assert lot_apercu(e.grille, Periode.ANNEE).a_facturer == []


def test_a_pupil_enrolled_later_gets_a_prorated_complementary_invoice(
    e, familles, staff, django_capture_on_commit_callbacks
):
    martin = familles[0]
    lancer(e.grille, Periode.ANNEE, staff, django_capture_on_commit_callbacks)
    tardif = f.EleveFactory(famille=martin, prenom="Zoé", date_naissance=date(2016, 3, 3))
    inscrire(tardif, e.cours["Formation musicale"], debut=date(2027, 1, 10))
    lot = lancer(e.grille, Periode.ANNEE, staff, django_capture_on_commit_callbacks)
    assert lot.factures == 1
    complement = Facture.objects.get(famille=martin, libelle=LIBELLE_COMPLEMENT)
    lignes = [(x.genre, x.prix_unitaire, x.remise) for x in complement.lignes.all()]
    # 95.25 × 7/11 = 60.61; third pupil's discount 20 % = 12.12; no second family fee.
    assert lignes == [("cours", D("60.61"), D("0.00")), ("remise", D("0.00"), D("12.12"))]
    assert "prorata 7/11 mois" in complement.lignes.first().designation
    assert complement.montant == D("48.49")


def test_a_trimester_then_the_next_bill_their_own_share(
    e, familles, staff, django_capture_on_commit_callbacks
):
    lancer(e.grille, Periode.T1, staff, django_capture_on_commit_callbacks)
    lancer(e.grille, Periode.T2, staff, django_capture_on_commit_callbacks)
    martin = familles[0]
    t1, t2 = Facture.objects.filter(famille=martin).order_by("numero")
    assert (t1.periode, t2.periode) == (Periode.T1, Periode.T2)
    assert t1.lignes.filter(genre="frais").exists()
    assert not t2.lignes.filter(genre="frais").exists()


def test_a_second_run_cannot_start_while_one_is_going(e, familles, staff):
    lot_lancer(grille=e.grille, periode=Periode.ANNEE, par=staff)
    with pytest.raises(FacturationError, match="déjà en cours"):
        lot_lancer(grille=e.grille, periode=Periode.S1, par=staff)


def test_the_demo_school_can_invoice_its_year_from_its_tariff_grid(
    db, settings, django_capture_on_commit_callbacks, demo_sans_pdf
):
    import io

    from django.core.management import call_command

    from facturation.models import GrilleTarifaire

    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=io.StringIO())
    grille = GrilleTarifaire.objects.get(etablissement__code="valognes", annee__courante=True)
    apercu = lot_apercu(grille, Periode.ANNEE)
    assert len(apercu.a_facturer) >= 30
    assert len(apercu.non_tarifees) <= len(apercu.a_facturer) // 4
    lot = lancer(grille, Periode.ANNEE, None, django_capture_on_commit_callbacks)
    assert lot.factures >= 30 and lot.statut == LotFacturation.Statut.TERMINE
