"""The invoicing admin's searches, one indexed query per table combined by key
(imuse/admin_recherche.py): the same rows as Django's own search, for every list."""

from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from facturation.models import Facture, Reglement
from facturation.services import rejet_enregistrer, relance_envoyer, remise_creer
from imuse.admin_recherche import RechercheParTable, champ_de, tableau
from tests import factories as f
from tests.facturation import factories as ff
from tests.facturation import sepa_outils

TERMES = [
    "martin",
    "MARTIN",
    "Lefèvre",
    "lefevre",
    "F2026",
    "2026",
    "12",
    "cheque 98135",
    '"AVIS DES"',
    "zzz",
    "R2026 martin",
    "%",
    "_",
]


def _garnir(etablissement, nom, numero):
    famille = f.FamilleFactory(etablissement=etablissement, nom=nom, numero=numero)
    sepa_outils.creancier(etablissement)
    sepa_outils.mandat(famille)
    sepa_outils.facture_en_trois(famille)
    remise = remise_creer(etablissement=etablissement, date_echeance=date(2026, 11, 30), par=None)
    rejet_enregistrer(ligne=remise.lignes.get(mandat__famille=famille), motif="AM04", par=None)
    facture = ff.facture(famille, montant="120.00")
    ff.reglement(famille, "50.00", imputations=[(facture, 50)])
    relance_envoyer(famille=famille, par=None)
    return famille


def _admins():
    return [
        (modele, modele_admin)
        for modele, modele_admin in admin.site._registry.items()
        if isinstance(modele_admin, RechercheParTable)
    ]


def test_the_invoicing_lists_search_table_by_table():
    noms = {modele._meta.label for modele, _ in _admins()}
    assert {
        "facturation.Facture",
        "facturation.Reglement",
        "facturation.Avoir",
        "facturation.Imputation",
        "facturation.Echeance",
        "facturation.PaiementEnLigne",
        "facturation.LignePrelevement",
        "facturation.MandatSepa",
        "facturation.Relance",
    } <= noms


@pytest.mark.parametrize("terme", TERMES)
def test_the_rows_found_are_djangos(superuser, etablissement, autre_etablissement, terme):
    _garnir(etablissement, "MARTIN", 12)
    _garnir(etablissement, "LEFÈVRE", 2026)
    _garnir(autre_etablissement, "Martinez", 120)
    requete = RequestFactory().get("/admin/")
    requete.user = superuser
    for modele, modele_admin in _admins():
        tous = modele_admin.get_queryset(requete)
        attendu, _doublons = admin.ModelAdmin.get_search_results(modele_admin, requete, tous, terme)
        trouve, doublons = modele_admin.get_search_results(requete, tous, terme)
        assert not doublons
        assert sorted(trouve.values_list("pk", flat=True)) == sorted(
            set(attendu.values_list("pk", flat=True))
        ), (modele.__name__, terme)


def test_a_search_finds_nothing_of_the_other_school(
    client_staff, etablissement, autre_etablissement, django_assert_max_num_queries
):
    _garnir(etablissement, "DUPONT", 12)
    ailleurs = _garnir(autre_etablissement, "MARTIN", 13)
    for modele in ("facture", "reglement"):
        with django_assert_max_num_queries(16):
            page = client_staff.get(
                reverse(f"admin:facturation_{modele}_changelist"), {"q": "MARTIN"}
            )
        assert page.status_code == 200
        assert "0 " in page.content.decode() or "MARTIN" not in page.content.decode()
        for objet in getattr(ailleurs, f"{modele}s").all():
            assert f"/{objet.pk}/change/" not in page.content.decode()


@pytest.fixture
def large(monkeypatch):
    """Every search of the invoice and payment lists answered as a common name's: one
    condition on the table (`SEUIL_LARGE`: the planner's estimate is always above)."""
    for modele in ("Facture", "Reglement"):
        modele_admin = admin.site._registry[apps.get_model("facturation", modele)]
        monkeypatch.setattr(modele_admin, "SEUIL_LARGE", -1)
        monkeypatch.setattr(modele_admin, "_etale", lambda *args: True)


@pytest.mark.parametrize("terme", TERMES)
def test_a_common_name_s_rows_are_djangos(
    large, superuser, staff, etablissement, autre_etablissement, terme
):
    _garnir(etablissement, "MARTIN", 12)
    _garnir(etablissement, "LEFÈVRE", 2026)
    _garnir(autre_etablissement, "Martinez", 120)
    for user in (superuser, staff):
        requete = RequestFactory().get("/admin/")
        requete.user = user
        for modele in (Facture, Reglement):
            modele_admin = admin.site._registry[modele]
            tous = modele_admin.get_queryset(requete)
            attendu, _d = admin.ModelAdmin.get_search_results(modele_admin, requete, tous, terme)
            trouve, doublons = modele_admin.get_search_results(requete, tous, terme)
            assert not doublons
            assert sorted(trouve.values_list("pk", flat=True)) == sorted(
                set(attendu.values_list("pk", flat=True))
            ), (modele.__name__, user, terme)


def test_a_common_name_finds_nothing_of_the_other_school(
    large, client_staff, etablissement, autre_etablissement, django_assert_max_num_queries
):
    ici = _garnir(etablissement, "MARTIN", 12)
    ailleurs = _garnir(autre_etablissement, "MARTIN", 13)
    for modele in ("facture", "reglement"):
        with django_assert_max_num_queries(16):
            page = client_staff.get(
                reverse(f"admin:facturation_{modele}_changelist"), {"q": "MARTIN"}
            )
        contenu = page.content.decode()
        assert page.status_code == 200
        for objet in getattr(ailleurs, f"{modele}s").all():
            assert f"/{objet.pk}/change/" not in contenu
        for objet in getattr(ici, f"{modele}s").all():
            assert f"/{objet.pk}/change/" in contenu


def test_a_common_name_s_drill_down_probes_the_years_found(large, client_staff, etablissement):
    martin = _garnir(etablissement, "MARTIN", 12)
    dupont = f.FamilleFactory(etablissement=etablissement, nom="DUPONT", numero=13)
    ff.facture(martin, montant="10.00", jour=date(2023, 3, 2))
    ff.facture(dupont, montant="10.00", jour=date(2021, 5, 6))
    ff.facture(dupont, montant="10.00", jour=date(2023, 5, 6))
    url = reverse("admin:facturation_facture_changelist")
    annees = sorted(
        {
            d.year
            for d in Facture.objects.filter(famille=martin).values_list("date_emission", flat=True)
        }
    )
    page = client_staff.get(url, {"q": "MARTIN"}).content.decode()
    for annee in annees:
        assert f"date_emission__year={annee}" in page
    assert "date_emission__year=2021" not in page
    page = client_staff.get(url, {"q": "MARTIN", "date_emission__year": "2023"}).content.decode()
    assert "date_emission__month=3" in page and "date_emission__month=5" not in page


def test_keys_are_sent_as_the_text_of_an_array():
    assert tableau([3, 1, 2]) == ("{3,1,2}", "::bigint[]")
    assert tableau(["a", "b"]) == (["a", "b"], "")
    assert tableau([]) == ([], "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate")
def test_many_matches_of_the_table_s_own_columns_stay_keys(rf, superuser, famille):
    """An invoice number holds its year ("F2018"): its matches sit together in the date
    order, so they are read as keys, never walked to from the newest invoice."""
    modele_admin = admin.site._registry[Facture]
    facture = ff.facture(famille, montant="10.00")
    requete = rf.get("/admin/", {"q": facture.numero})
    requete.user = superuser
    tous = modele_admin.get_queryset(requete)
    lus = [champ_de(Facture, c) for c in modele_admin.search_fields]
    assert modele_admin._etale(tous, lus, [famille.nom])
    modele_admin.SEUIL_LARGE, avant = -1, modele_admin.SEUIL_LARGE
    try:
        assert not modele_admin._etale(tous, lus, [facture.numero])
        trouve, _d = modele_admin.get_search_results(requete, tous, facture.numero)
        assert not getattr(trouve, "_sondable", False)
        assert list(trouve.values_list("pk", flat=True)) == [facture.pk]
    finally:
        modele_admin.SEUIL_LARGE = avant
