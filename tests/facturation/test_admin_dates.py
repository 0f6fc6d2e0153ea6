"""The invoice and payment lists' date drill-down by index probes (imuse/admin_dates.py):
the same years and months as Django's, filters applied, no more queries."""

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from facturation.models import Facture, Reglement
from imuse.admin_dates import avec_sondes
from tests.conftest import connecter_staff
from tests.facturation import factories as ff

JOURS = [date(2023, 3, 2), date(2025, 7, 14), date(2026, 10, 1), date(2026, 11, 30)]


def _garnir(famille):
    factures = [ff.facture(famille, montant="10.00", jour=jour) for jour in JOURS]
    ff.reglement(famille, "10.00", jour=date(2024, 1, 5), imputations=[(factures[0], Decimal(10))])
    ff.reglement(famille, "10.00", jour=date(2026, 2, 5), imputations=[])
    return factures


def test_the_years_and_months_are_djangos(famille):
    _garnir(famille)
    for modele, champ in ((Facture, "date_emission"), (Reglement, "date")):
        tous = modele.objects.all()
        sondes = avec_sondes(tous)
        for genre in ("year", "month", "day"):
            assert list(sondes.dates(champ, genre)) == list(QuerySet.dates(tous, champ, genre))
            assert list(sondes.dates(champ, genre, "DESC")) == list(
                QuerySet.dates(tous, champ, genre, "DESC")
            )
    # Days of one month: probed too.
    novembre = avec_sondes(Facture.objects.filter(date_emission__month=11))
    # A list on PostgreSQL (probed), a queryset on SQLite (Django's own): the same dates.
    assert list(novembre.dates("date_emission", "day")) == [date(2026, 11, 30)]
    paye = avec_sondes(Facture.objects.filter(montant_paye__gt=0))
    assert list(paye.dates("date_emission", "year")) == [date(2023, 1, 1)]
    assert list(avec_sondes(Facture.objects.none()).dates("date_emission", "year")) == []


def test_staff_drill_down_years_months_days(client_staff, famille, django_assert_max_num_queries):
    _garnir(famille)
    url = reverse("admin:facturation_facture_changelist")
    with django_assert_max_num_queries(14):
        page = client_staff.get(url).content.decode()
    for annee in (2023, 2025, 2026):
        assert f"?date_emission__year={annee}" in page
    assert "?date_emission__year=2024" not in page
    with django_assert_max_num_queries(14):
        page = client_staff.get(url, {"date_emission__year": "2026"}).content.decode()
    assert "date_emission__month=10" in page and "date_emission__month=11" in page
    assert "date_emission__month=9" not in page
    page = client_staff.get(
        url, {"date_emission__year": "2026", "date_emission__month": "11"}
    ).content.decode()
    assert "date_emission__day=30" in page and "date_emission__day=29" not in page
    # Searched: Django's own DISTINCT over the rows found (the probes would search again).
    page = client_staff.get(url, {"q": famille.nom}).content.decode()
    assert "?date_emission__year=2023&amp;q=" in page or "date_emission__year=2023" in page
    # Filtered: only the years of the rows the filter keeps.
    page = client_staff.get(url, {"etat": "payee"}).content.decode()
    assert "date_emission__year=2025" not in page and "date_emission__year=2023" in page
    reglements = client_staff.get(reverse("admin:facturation_reglement_changelist"))
    contenu = reglements.content.decode()
    assert "?date__year=2024" in contenu and "?date__year=2026" in contenu
    # A malformed year answers as Django does, never a 500.
    assert client_staff.get(url, {"date_emission__year": "abc"}).status_code in (200, 302)


def test_the_other_schools_staff_see_no_year_of_ours(famille, staff_autre):
    _garnir(famille)
    client = connecter_staff(Client(), staff_autre)
    for modele, champ in (("facture", "date_emission"), ("reglement", "date")):
        page = client.get(reverse(f"admin:facturation_{modele}_changelist")).content.decode()
        assert f"{champ}__year=2023" not in page and f"{champ}__year=2026" not in page
