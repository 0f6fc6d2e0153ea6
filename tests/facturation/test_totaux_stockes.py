"""The totals stored for the admin's filters (issue 15): after every service that
allocates a payment or removes an allocation, each invoice's `montant_paye` and each
payment's `montant_impute` equal the sums of their allocations; the migration fills them."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Sum
from django.urls import reverse

from facturation import suivi
from facturation.models import Facture, Imputation, PaiementEnLigne, Reglement
from facturation.services import (
    avoir_creer,
    imputations_supprimer,
    paiement_confirmer,
    reglement_imputer,
    rejet_enregistrer,
    remise_creer,
)
from facturation.services.paiement import paiement_creer
from tests import factories as f
from tests.facturation import factories as ff
from tests.facturation import sepa_outils

D = Decimal


def verifier():
    """Every stored total equals the sum of the allocations."""
    for facture in Facture.objects.annotate(s=Sum("imputations__montant")):
        assert facture.montant_paye == (facture.s or D("0.00")), facture
    for reglement in Reglement.objects.annotate(s=Sum("imputations__montant")):
        assert reglement.montant_impute == (reglement.s or D("0.00")), reglement


def test_every_allocation_service_keeps_the_stored_totals(
    famille, etablissement, client_staff, staff
):
    ancienne = ff.facture(famille, montant="100.00", jour=date(2026, 9, 1))
    recente = ff.facture(famille, montant="60.00", jour=date(2026, 10, 1))
    verifier()
    # Allocated to the oldest unpaid invoices, then the rest kept as credit.
    premier = ff.reglement(famille, "130.00")
    verifier()
    assert Facture.objects.get(pk=ancienne.pk).montant_paye == D("100.00")
    assert Reglement.objects.get(pk=premier.pk).montant_impute == D("130.00")
    # Explicit allocations, then a second allocation of the same pair.
    second = ff.reglement(famille, "50.00", imputations=[])
    verifier()
    reglement_imputer(reglement=second, facture=recente, montant=D("10.00"), par=None)
    reglement_imputer(reglement=second, facture=recente, montant=D("5.00"), par=None)
    verifier()
    assert Reglement.objects.get(pk=second.pk).montant_impute == D("15.00")
    # A credit note changes what is due, not what was paid.
    avoir_creer(facture=recente, motif="Geste", par=None, montant=D("5.00"))
    verifier()
    # Removing allocations (the admin's delete, one and several).
    imputations_supprimer(imputations=[Imputation.objects.get(reglement=second)], par=staff)
    verifier()
    assert Reglement.objects.get(pk=second.pk).montant_impute == D("0.00")
    imputation = Imputation.objects.filter(reglement=premier).first()
    page = client_staff.post(
        reverse("admin:facturation_imputation_delete", args=[imputation.pk]), {"post": "yes"}
    )
    assert page.status_code == 302
    verifier()
    page = client_staff.post(
        reverse("admin:facturation_imputation_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(Imputation.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert page.status_code == 302 and not Imputation.objects.exists()
    verifier()
    assert Facture.objects.get(pk=ancienne.pk).montant_paye == D("0.00")


def test_direct_debits_their_rejects_and_online_payments_keep_them(famille, etablissement):
    sepa_outils.creancier(etablissement)
    sepa_outils.mandat(famille)
    sepa_outils.facture_en_trois(famille)
    remise = remise_creer(etablissement=etablissement, date_echeance=date(2026, 11, 30), par=None)
    verifier()
    assert Reglement.objects.filter(montant_impute__gt=0).exists()
    rejet_enregistrer(ligne=remise.lignes.get(), motif="AM04", par=None)
    verifier()
    ff.bac_a_sable(etablissement)
    facture = ff.facture(famille, montant="40.00")
    responsable = f.ResponsableFactory(famille=famille, rang=1)
    tentative, _url = paiement_creer(facture=facture, responsable=responsable)
    paiement_confirmer(paiement=tentative)
    verifier()
    assert PaiementEnLigne.objects.get(pk=tentative.pk).reglement.montant_impute == D("40.00")


class _Editeur:
    connection = connection

    def execute(self, sql, params=()):
        with connection.cursor() as curseur:
            curseur.execute(sql, params)


def test_the_migration_fills_them_from_the_allocations(famille):
    facture = ff.facture(famille, montant="100.00")
    ff.reglement(famille, "30.00")
    ff.reglement(famille, "20.00")
    Facture.objects.update(montant_paye=0)
    Reglement.objects.update(montant_impute=0)
    migration = __import__("facturation.migrations.0011_totaux_stockes", fromlist=["remplir"])
    # The migration's statements run as the schema editor would run them; SQLite cannot open
    # a schema editor inside the test's transaction.
    migration.remplir(apps, _Editeur())
    verifier()
    assert Facture.objects.get(pk=facture.pk).montant_paye == D("50.00")


@pytest.mark.parametrize(
    ("tri", "index"),
    [
        ("reste_suivi", "facture_reste_idx"),
        ("-reste_suivi", "facture_reste_desc_idx"),
        ("etat_suivi", "facture_etat_idx"),
        ("-etat_suivi", "facture_etat_desc_idx"),
    ],
)
def test_the_list_sorted_by_remainder_or_state_reads_its_index(famille, tri, index):
    """The indexes of migration 0013 are on the very expressions avec_suivi compiles: a
    change there must change them too (else the sort reads the whole site again)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL indexes")
    ff.facture(famille, montant="10.00")
    requete = (
        suivi.avec_suivi(Facture.objects.filter(etablissement_id=famille.etablissement_id))
        .order_by(tri, "-pk")  # as the admin orders: the column, then -pk
        .values_list("pk", flat=True)[:50]
    )
    sql, params = requete.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_sort = off")
        curseur.execute("SET LOCAL enable_seqscan = off")
        curseur.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(ligne[0] for ligne in curseur.fetchall())
    assert f"using {index} " in plan, plan


@pytest.mark.parametrize(
    ("tri", "index"),
    [("non_impute", "reglement_credit_idx"), ("-non_impute", "reglement_credit_desc_idx")],
)
def test_the_payment_list_sorted_by_credit_reads_its_index(famille, tri, index):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL indexes")
    ff.reglement(famille, "10.00")
    requete = (
        Reglement.objects.filter(etablissement_id=famille.etablissement_id)
        .avec_non_impute()
        .order_by(tri, "-pk")
        .values_list("pk", flat=True)[:50]
    )
    sql, params = requete.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_sort = off")
        curseur.execute("SET LOCAL enable_seqscan = off")
        curseur.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(ligne[0] for ligne in curseur.fetchall())
    assert f"using {index} " in plan, plan
