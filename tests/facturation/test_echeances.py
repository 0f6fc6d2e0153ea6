"""Instalments: the plans a school offers, the split to the cent, the family's choice on
the portal (journaled), the due dates on the ledger, Accueil and the invoice PDF."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from facturation.models import Echeance, ParametresEcheances
from facturation.services import FacturationError, echeancier_choisir, facture_annuler
from facturation.services.echeances import ajouter_mois, decouper
from imuse.journal import journal_de
from tests.facturation import factories as ff
from tests.facturation.test_pdf import texte_pdf

INDEX = reverse("facturation:index")


@pytest.fixture
def dix_fois(etablissement):
    return ParametresEcheances.objects.create(
        etablissement=etablissement, en_trois_fois=True, en_dix_fois=True
    )


@pytest.fixture
def facture(famille, irina):
    return ff.facture(famille, eleve=irina, montant="100.00", jour=date(2026, 10, 11))


def test_split_to_the_cent_the_last_absorbing_the_rounding():
    assert decouper(Decimal("100.00"), 3) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    parts = decouper(Decimal("84.07"), 10)
    assert parts[:9] == [Decimal("8.40")] * 9 and parts[9] == Decimal("8.47")
    assert sum(parts) == Decimal("84.07")
    assert decouper(Decimal("84.00"), 1) == [Decimal("84.00")]


def test_months_keep_the_day_or_take_the_last_one():
    assert ajouter_mois(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert ajouter_mois(date(2026, 11, 10), 2) == date(2027, 1, 10)


def test_three_instalments_monthly_from_the_due_date_journaled(facture, dix_fois):
    echeances = echeancier_choisir(facture=facture, nombre=3, par=None, jour=date(2026, 10, 12))
    assert [(e.rang, e.date, e.montant) for e in echeances] == [
        (1, date(2026, 11, 10), Decimal("33.33")),
        (2, date(2026, 12, 10), Decimal("33.33")),
        (3, date(2027, 1, 10), Decimal("33.34")),
    ]
    entree = journal_de(facture).filter(action="facture.echeancier").get()
    assert entree.donnees["nombre"] == 3
    # Choosing again replaces the plan.
    echeancier_choisir(facture=facture, nombre=10, par=None, jour=date(2026, 10, 12))
    assert facture.echeances.count() == 10
    assert sum(e.montant for e in facture.echeances.all()) == Decimal("100.00")


def test_a_plan_the_school_does_not_offer_is_refused(facture):
    # By default: one or three instalments, not ten.
    with pytest.raises(FacturationError, match="10"):
        echeancier_choisir(facture=facture, nombre=10, par=None)
    assert not facture.echeances.exists()


def test_no_new_plan_once_paid_in_part_or_cancelled(famille, facture, irina):
    ff.reglement(famille, "10.00")
    with pytest.raises(FacturationError, match="déjà payée"):
        echeancier_choisir(facture=facture, nombre=3, par=None)
    autre = ff.facture(famille, eleve=irina, montant="50.00")
    facture_annuler(facture=autre, motif="Erreur", par=None)
    with pytest.raises(FacturationError, match="annulée"):
        echeancier_choisir(facture=autre, nombre=3, par=None)


def test_family_chooses_on_the_portal_and_sees_its_due_dates(client_r1, facture, dix_fois):
    page = client_r1.get(INDEX).content.decode()
    assert "Échéances" in page
    assert "Comment souhaitez-vous régler la facture 26FC00001 ?" in page
    assert "En 10 mensualités" in page
    url = reverse("facturation:echeances_choisir", args=[facture.pk])
    response = client_r1.post(url, {"nombre": "3"}, follow=True)
    page = response.content.decode()
    assert "sera réglée en 3 échéance(s)" in page
    assert facture.echeances.count() == 3
    assert "33,33\xa0€" in page and "33,34\xa0€" in page
    entree = journal_de(facture).get(action="facture.echeancier")
    assert entree.par is not None and entree.par.identifiant == "abarre1"


def test_a_bad_choice_is_said_never_a_500(client_r1, facture):
    url = reverse("facturation:echeances_choisir", args=[facture.pk])
    for valeur in ("10", "7", "abc", ""):
        response = client_r1.post(url, {"nombre": valeur}, follow=True)
        assert response.status_code == 200
        assert "Choisissez" in response.content.decode() or "ne propose pas" in (
            response.content.decode()
        )
    assert not facture.echeances.exists()


def test_another_family_s_invoice_answers_404(client_autre, facture):
    url = reverse("facturation:echeances_choisir", args=[facture.pk])
    assert client_autre.post(url, {"nombre": "3"}).status_code == 404
    assert not facture.echeances.exists()


def test_accueil_shows_the_next_instalment(client_r1, facture):
    echeancier_choisir(facture=facture, nombre=3, par=None, jour=date(2026, 10, 12))
    page = client_r1.get(reverse("portail:accueil")).content.decode()
    assert "Prochaine échéance : 33,33 € le 10/11/2026" in page.replace("\xa0", " ")


def test_invoice_pdf_lists_the_due_dates(client_r1, facture):
    echeancier_choisir(facture=facture, nombre=3, par=None, jour=date(2026, 10, 12))
    texte = texte_pdf(client_r1.get(reverse("facturation:facture_pdf", args=[facture.pk])))
    assert "Règlement en 3 échéances" in texte
    assert "10/12/2026" in texte and "33,34 €" in texte


def test_ledger_queries_do_not_grow_with_instalments(
    client_r1, famille, irina, dix_fois, django_assert_max_num_queries
):
    for _ in range(2):
        echeancier_choisir(facture=ff.facture(famille, eleve=irina), nombre=10, par=None)
    client_r1.get(INDEX)
    with django_assert_max_num_queries(9) as peu:
        client_r1.get(INDEX)
    for _ in range(8):
        echeancier_choisir(facture=ff.facture(famille, eleve=irina), nombre=10, par=None)
    with django_assert_max_num_queries(len(peu.captured_queries)):
        assert client_r1.get(INDEX).status_code == 200


def test_admin_lists_instalments_of_its_site_only(
    client_staff, staff, staff_autre, facture, autre_etablissement
):
    from tests import factories as f

    echeancier_choisir(facture=facture, nombre=3, par=None)
    ailleurs = f.FamilleFactory(etablissement=autre_etablissement, nom="LOIN")
    echeancier_choisir(facture=ff.facture(ailleurs), nombre=3, par=None)
    ParametresEcheances.objects.create(etablissement=autre_etablissement, en_dix_fois=True)
    page = client_staff.get("/admin/facturation/echeance/").content.decode()
    assert "26FC00001" in page and "LOIN" not in page
    assert Echeance.objects.count() == 6
    from tests.facturation.admin_sites import verifier_cloisonnement

    peuples = verifier_cloisonnement("facturation", staff, staff_autre, client_staff)
    assert {"Echeance", "ParametresEcheances"} <= set(peuples)
