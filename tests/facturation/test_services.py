from datetime import date
from decimal import Decimal

import pytest

from facturation.models import Avoir, Facture, Imputation, Instrument, Location, Nature
from facturation.services import (
    FacturationError,
    Ligne,
    facture_annuler,
    facture_creer,
    facture_emettre,
    location_facturer,
    reglement_imputer,
    reste_a_payer,
)
from tests.facturation import factories as ff


def test_it_numbers_invoices_per_school_and_year_without_gaps(famille, irina, autre_famille):
    a = ff.facture(famille, eleve=irina)
    b = ff.facture(autre_famille)
    c = ff.facture(famille, jour=date(2027, 1, 5))
    assert (a.numero, b.numero, c.numero) == ("26FC00001", "26FC00002", "27FC00001")


def test_another_school_has_its_own_series(famille, autre_etablissement):
    from tests import factories as f

    ailleurs = f.FamilleFactory(etablissement=autre_etablissement)
    ff.facture(famille)
    assert ff.facture(ailleurs).numero == "26FC00001"


def test_issue_freezes_addressee_lines_and_totals(famille, responsable1, irina, hugo):
    facture = facture_creer(
        famille=famille,
        nature=Nature.COTISATION,
        lignes=[
            Ligne("Piano 1C2", Decimal("168.00"), eleve=irina),
            Ligne(
                "Formation musicale",
                Decimal("84.00"),
                quantite=Decimal("2"),
                remise=Decimal("16.80"),
                eleve=hugo,
            ),
        ],
        remise=Decimal("10.00"),
        par=None,
        date_emission=date(2026, 10, 11),
    )
    assert facture.total_brut == Decimal("336.00")
    assert facture.total_remise == Decimal("26.80")
    assert facture.montant == Decimal("309.20")
    assert facture.date_echeance == date(2026, 11, 10)
    assert facture.destinataire["nom"] == "ABARRE"
    assert facture.destinataire["prenom"] == "Jérémie"
    responsable1.adresse = "1 rue Neuve"
    responsable1.save()
    facture.refresh_from_db()
    assert facture.destinataire["adresse"] == "19 rue de Paris"
    assert [ligne.eleve_nom for ligne in facture.lignes.all()] == ["ABARRE Irina", "ABARRE Hugo"]


def test_an_issued_invoice_cannot_be_issued_again(famille):
    facture = ff.facture(famille)
    with pytest.raises(FacturationError):
        facture_emettre(facture=facture, par=None)


def test_a_draft_is_numbered_only_when_issued(famille):
    brouillon = facture_creer(
        famille=famille,
        nature=Nature.COTISATION,
        lignes=[Ligne("FM", Decimal("10"))],
        par=None,
        emettre=False,
    )
    assert brouillon.numero == "" and not Facture.objects.de_la_famille(famille).exists()
    emise = facture_emettre(facture=brouillon, par=None, date_emission=date(2026, 10, 1))
    assert emise.numero == "26FC00001"


def test_a_credit_note_cancels_an_invoice(famille):
    facture = ff.facture(famille)
    avoir = facture_annuler(
        facture=facture, motif="Erreur de tarif", par=None, jour=date(2026, 10, 20)
    )
    assert avoir.numero == "26AV00001" and avoir.montant == Decimal("84.00")
    assert reste_a_payer(facture) == 0
    with pytest.raises(FacturationError):
        facture_annuler(facture=facture, motif="encore", par=None)


def test_a_paid_invoice_cannot_be_cancelled(famille):
    facture = ff.facture(famille)
    ff.reglement(famille)
    with pytest.raises(FacturationError, match="règlements imputés|payments allocated"):
        facture_annuler(facture=facture, motif="x", par=None)
    assert not Avoir.objects.exists()


def test_a_payment_is_allocated_to_the_oldest_invoices_first(famille):
    ancienne = ff.facture(famille, montant="50.00", jour=date(2026, 9, 1))
    recente = ff.facture(famille, montant="84.00", jour=date(2026, 10, 1))
    reglement = ff.reglement(famille, "100.00")
    assert reglement.numero == "26RC00001"
    assert reste_a_payer(ancienne) == 0
    assert reste_a_payer(recente) == Decimal("34.00")
    assert Imputation.objects.filter(reglement=reglement).count() == 2


def test_allocations_across_invoices_as_asked(famille):
    a = ff.facture(famille, montant="50.00")
    b = ff.facture(famille, montant="84.00")
    reglement = ff.reglement(famille, "60.00", imputations=[(a, Decimal("20")), (b, Decimal("40"))])
    assert reste_a_payer(a) == Decimal("30.00") and reste_a_payer(b) == Decimal("44.00")
    reglement_imputer(
        reglement=ff.reglement(famille, "30.00", imputations=[]),
        facture=a,
        montant=Decimal("30"),
        par=None,
    )
    assert reste_a_payer(a) == 0
    assert reglement.imputations.count() == 2


def test_an_allocation_never_overpays_an_invoice(famille):
    facture = ff.facture(famille, montant="50.00")
    with pytest.raises(FacturationError):
        ff.reglement(famille, "80.00", imputations=[(facture, Decimal("80"))])


def test_an_allocation_stays_within_the_family(famille, autre_famille):
    facture = ff.facture(autre_famille)
    with pytest.raises(FacturationError):
        ff.reglement(famille, imputations=[(facture, Decimal("84"))])


def test_a_rental_is_invoiced_as_nature_location(famille, etablissement, irina):
    violon = Instrument.objects.create(
        etablissement=etablissement, nom="Violon 3/4", numero_inventaire="VL-1"
    )
    location = Location.objects.create(
        instrument=violon,
        eleve=irina,
        date_debut=date(2026, 9, 15),
        date_fin=date(2027, 6, 30),
        loyer=Decimal("90.00"),
    )
    facture = location_facturer(location=location, par=None, jour=date(2026, 9, 20))
    assert facture.nature == Nature.LOCATION and facture.montant == Decimal("90.00")
    assert "Violon 3/4" in facture.lignes.get().designation
    with pytest.raises(FacturationError):
        location_facturer(location=location, par=None)


def test_a_line_names_only_a_pupil_of_the_family(famille, autre_eleve):
    with pytest.raises(FacturationError, match="n'est pas un élève de la famille"):
        ff.facture(famille, eleve=autre_eleve)
    assert not Facture.objects.filter(statut=Facture.Statut.EMISE).exists()
