"""Following the money: each invoice's state and remainder, a family's aged balance, the
families who owe; in bounded queries, other school's staff seeing none of it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from facturation import suivi
from facturation.models import Facture
from facturation.services import facture_annuler
from tests import factories as f
from tests.conftest import connecter_staff
from tests.facturation.factories import facture, reglement

D = Decimal
NBSP = "\u00a0"


def _facture(famille, montant, jours_de_retard):
    jour = timezone.localdate()
    return facture(
        famille,
        montant=montant,
        jour=jour - timedelta(days=jours_de_retard + 30),
        date_echeance=jour - timedelta(days=jours_de_retard),
    )


@pytest.fixture
def dettes(famille, autre_famille, autre_etablissement):
    vieille = _facture(famille, "100.00", 100)
    partielle = _facture(famille, "50.00", 45)
    reglement(famille, "20.00", imputations=[(partielle, D("20.00"))])
    a_venir = _facture(famille, "84.00", -10)
    payee = _facture(famille, "60.00", 10)
    reglement(famille, "60.00", imputations=[(payee, D("60.00"))])
    annulee = _facture(famille, "70.00", 70)
    facture_annuler(facture=annulee, motif="Erreur", par=None)
    torre = _facture(autre_famille, "10.00", 5)
    ailleurs = f.FamilleFactory(etablissement=autre_etablissement, nom="CHERBOURGEOIS")
    _facture(ailleurs, "999.00", 200)
    return {
        "vieille": vieille,
        "partielle": partielle,
        "a_venir": a_venir,
        "payee": payee,
        "annulee": annulee,
        "torre": torre,
    }


def test_each_invoice_has_its_state_and_remainder(dettes):
    lignes = {f.pk: (f.etat_suivi, f.reste_suivi) for f in suivi.avec_suivi(Facture.objects.all())}
    assert lignes[dettes["vieille"].pk] == ("impayee", D("100.00"))
    assert lignes[dettes["partielle"].pk] == ("partielle", D("30.00"))
    assert lignes[dettes["payee"].pk] == ("payee", D("0.00"))
    assert lignes[dettes["annulee"].pk] == ("annulee", D("0.00"))


def test_a_familys_aged_balance_adds_up_to_what_it_owes(dettes, famille):
    balance = suivi.balance_agee(famille)
    assert [(code, montant) for code, _libelle, montant in balance.tranches] == [
        ("non_echu", D("84.00")),
        ("j0_30", D("0.00")),
        ("j31_60", D("30.00")),
        ("j61_90", D("0.00")),
        ("j90", D("100.00")),
    ]
    assert balance.total == D("214.00") == sum(m for *_c, m in balance.tranches)
    assert isinstance(balance.total, Decimal)


def test_the_invoice_list_shows_state_remainder_due_date_and_filters_on_them(
    client_staff, dettes, django_assert_max_num_queries
):
    url = reverse("admin:facturation_facture_changelist")
    with django_assert_max_num_queries(14):
        page = client_staff.get(url).content.decode()
    assert "partiellement payée" in page and f"30,00{NBSP}€" in page and "annulée" in page
    assert 'class="field-date_echeance nowrap"' in page
    assert "CHERBOURGEOIS" not in page
    impayees = client_staff.get(url, {"etat": "impayee"}).content.decode()
    assert dettes["vieille"].numero in impayees and dettes["torre"].numero in impayees
    assert dettes["partielle"].numero not in impayees
    assert dettes["payee"].numero not in impayees
    depassees = client_staff.get(url, {"echeance": "depassee"}).content.decode()
    assert dettes["partielle"].numero in depassees
    assert dettes["a_venir"].numero not in depassees and dettes["payee"].numero not in depassees


def test_the_invoice_list_makes_no_query_per_row(client_staff, famille):
    url = reverse("admin:facturation_facture_changelist")
    _facture(famille, "12.00", 3)
    client_staff.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as une:
        client_staff.get(url)
    for i in range(15):
        _facture(famille, "12.00", i)
    with CaptureQueriesContext(connection) as seize:
        client_staff.get(url)
    assert len(seize) == len(une)


def test_families_who_owe_sorted_by_amount_and_by_age(
    client_staff, dettes, django_assert_max_num_queries
):
    url = reverse("admin:facturation_debitrices")
    with django_assert_max_num_queries(12):
        page = client_staff.get(url).content.decode()
    assert page.index("ABARRE") < page.index("TORRE")
    assert f"214,00{NBSP}€" in page and f"10,00{NBSP}€" in page
    assert "CHERBOURGEOIS" not in page
    assert 'aria-sort="descending"' in page
    croissant = client_staff.get(url, {"tri": "montant"}).content.decode()
    assert croissant.index("TORRE") < croissant.index("ABARRE")
    recents = client_staff.get(url, {"tri": "age"}).content.decode()
    assert recents.index("TORRE") < recents.index("ABARRE")
    anciens = client_staff.get(url, {"tri": "-age"}).content.decode()
    assert anciens.index("ABARRE") < anciens.index("TORRE")
    assert ">100</td>" in anciens  # days late of ABARRE's oldest invoice


def test_another_schools_staff_see_none_of_these_families(dettes, staff_autre):
    client = connecter_staff(Client(), staff_autre)
    page = client.get(reverse("admin:facturation_debitrices")).content.decode()
    assert "ABARRE" not in page and "TORRE" not in page and "CHERBOURGEOIS" in page
    liste = client.get(reverse("admin:facturation_facture_changelist")).content.decode()
    assert "ABARRE" not in liste and "CHERBOURGEOIS" in liste


def test_the_family_overview_shows_the_aged_balance(client_staff, dettes, famille):
    page = client_staff.get(reverse("admin:famille_famille_synthese", args=[famille.pk]))
    texte = page.content.decode()
    assert "Balance âgée" in texte and "Plus de 90 jours" in texte
    assert f"100,00{NBSP}€" in texte and f"214,00{NBSP}€" in texte


def test_the_dashboard_counts_families_with_an_invoice_past_due(client_staff, dettes):
    page = client_staff.get(reverse("admin:index")).content.decode()
    assert "Familles avec une facture échue" in page
    assert reverse("admin:facturation_debitrices") in page
