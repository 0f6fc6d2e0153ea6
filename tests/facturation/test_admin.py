from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from facturation.models import (
    Avoir,
    Facture,
    Instrument,
    LigneFacture,
    Location,
    Nature,
    Reglement,
)
from tests.facturation import factories as ff


@pytest.mark.parametrize(
    "modele",
    [
        "facture",
        "avoir",
        "reglement",
        "imputation",
        "instrument",
        "location",
        "paiementenligne",
        "notificationpaiement",
        "parametrespaiement",
    ],
)
def test_every_list_opens_for_staff(client_superuser, famille, modele):
    ff.facture(famille)
    ff.reglement(famille)
    response = client_superuser.get(reverse(f"admin:facturation_{modele}_changelist"))
    assert response.status_code == 200


def test_staff_only_see_their_sites_invoices(client_staff, staff_autre, famille):
    from tests.conftest import _client

    facture = ff.facture(famille)
    assert (
        facture.numero
        in client_staff.get(reverse("admin:facturation_facture_changelist")).content.decode()
    )
    autre = _client(staff_autre)
    assert (
        facture.numero
        not in autre.get(reverse("admin:facturation_facture_changelist")).content.decode()
    )
    url = reverse("admin:facturation_facture_change", args=[facture.pk])
    assert autre.get(url).status_code == 302  # not found for that site: back to the index


def test_an_issued_invoice_is_read_only(client_staff, famille):
    facture = ff.facture(famille)
    page = client_staff.get(
        reverse("admin:facturation_facture_change", args=[facture.pk])
    ).content.decode()
    assert 'name="libelle"' not in page and facture.numero in page


def test_admin_actions_issue_and_cancel(client_staff, famille):
    brouillon = Facture.objects.create(etablissement=famille.etablissement, famille=famille)
    LigneFacture.objects.create(facture=brouillon, designation="FM", prix_unitaire=Decimal("50"))
    url = reverse("admin:facturation_facture_changelist")
    client_staff.post(url, {"action": "emettre", "_selected_action": [brouillon.pk]})
    brouillon.refresh_from_db()
    assert brouillon.est_emise and brouillon.numero.endswith("FC00001")
    client_staff.post(url, {"action": "annuler", "_selected_action": [brouillon.pk]})
    assert Avoir.objects.get().facture == brouillon


def test_admin_records_a_payment_through_the_service(client_staff, famille):
    facture = ff.facture(famille)
    response = client_staff.post(
        reverse("admin:facturation_reglement_add"),
        {
            "famille": famille.pk,
            "nature": Nature.COTISATION,
            "date": "19/11/2026",
            "mode": "cheque",
            "montant": "84.00",
            "reference": "98135",
            "payeur": "",
            "imputations-TOTAL_FORMS": "0",
            "imputations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )

    reglement = Reglement.objects.get()
    assert reglement.numero == "26RC00001"
    assert reglement.imputations.get().facture == facture


def test_admin_invoices_a_rental(client_staff, etablissement, irina):
    violon = Instrument.objects.create(etablissement=etablissement, nom="Violon 3/4")
    location = Location.objects.create(
        instrument=violon,
        eleve=irina,
        date_debut=date(2026, 9, 1),
        date_fin=date(2027, 6, 30),
        loyer=Decimal("90"),
    )
    client_staff.post(
        reverse("admin:facturation_location_changelist"),
        {"action": "facturer", "_selected_action": [location.pk]},
    )
    location.refresh_from_db()
    assert location.facture.nature == Nature.LOCATION


def test_change_pages_open(client_staff, client_r1, famille, etablissement):
    from facturation.models import PaiementEnLigne

    ff.bac_a_sable(etablissement)
    facture = ff.facture(famille)
    client_r1.post(reverse("facturation:payer", args=[facture.pk]))
    paiement = PaiementEnLigne.objects.get()
    reglement = ff.reglement(famille, "10.00")
    for nom, pk in (
        ("facture", facture.pk),
        ("reglement", reglement.pk),
        ("paiementenligne", paiement.pk),
        ("parametrespaiement", etablissement.parametres_paiement.pk),
    ):
        response = client_staff.get(reverse(f"admin:facturation_{nom}_change", args=[pk]))
        assert response.status_code == 200, nom
    assert client_staff.get(reverse("admin:facturation_facture_add")).status_code == 200
    assert client_staff.get(reverse("admin:facturation_reglement_add")).status_code == 200
