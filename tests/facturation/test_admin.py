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
        "relance",
        "envoirelances",
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


def test_an_issued_invoice_is_read_only(client_staff, famille, responsable1):
    facture = ff.facture(famille)
    page = client_staff.get(
        reverse("admin:facturation_facture_change", args=[facture.pk])
    ).content.decode()
    assert 'name="libelle"' not in page and facture.numero in page
    # The frozen addressee reads as on the invoice, not as raw JSON.
    assert "Monsieur ABARRE Jérémie<br>19 rue de Paris<br>50700 VALOGNES" in page
    assert "&quot;civilite&quot;" not in page and '"civilite"' not in page


def test_a_draft_invoice_can_be_written_in_the_admin(client_staff, famille, irina):
    page = client_staff.get(reverse("admin:facturation_facture_add"))
    assert page.status_code == 200 and 'name="destinataire"' not in page.content.decode()


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


def _reglement_saisi(client, famille, montant):
    return client.post(
        reverse("admin:facturation_reglement_add"),
        {
            "famille": famille.pk,
            "nature": "cotisation",
            "date": "22/11/2026",
            "mode": "cheque",
            "montant": montant,
            "reference": "",
            "payeur": "",
            "imputations-TOTAL_FORMS": "0",
            "imputations-INITIAL_FORMS": "0",
        },
        headers={"accept-language": "fr"},
    )


@pytest.mark.parametrize(
    ("montant", "message"),
    [
        ("-5", "Saisissez une valeur supérieure à 0."),
        ("0", "Saisissez une valeur supérieure à 0."),
        ("99999999999999", "Assurez-vous qu’il n’y a pas plus de 10 chiffres au total."),
        ("abc", "Saisissez un nombre."),
    ],
)
def test_a_bad_payment_amount_is_refused_in_french(client_staff, famille, montant, message):
    page = _reglement_saisi(client_staff, famille, montant)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Reglement.objects.exists()


def test_negative_amounts_on_a_draft_and_a_rental_are_refused(client_staff, famille, irina):
    page = client_staff.post(
        reverse("admin:facturation_facture_add"),
        {
            "famille": famille.pk,
            "nature": "cotisation",
            "libelle": "AVIS DES SOMMES A PAYER",
            "remise": "-10",
            "lignes-TOTAL_FORMS": "1",
            "lignes-INITIAL_FORMS": "0",
            "lignes-0-eleve": irina.pk,
            "lignes-0-designation": "Piano",
            "lignes-0-quantite": "0",
            "lignes-0-prix_unitaire": "-84",
            "lignes-0-remise": "0",
            "avoirs-TOTAL_FORMS": "0",
            "avoirs-INITIAL_FORMS": "0",
            "imputations-TOTAL_FORMS": "0",
            "imputations-INITIAL_FORMS": "0",
        },
        headers={"accept-language": "fr"},
    )
    texte = page.content.decode()
    assert page.status_code == 200
    assert texte.count("Saisissez un montant supérieur ou égal à 0.") == 2
    assert "Saisissez une valeur supérieure à 0." in texte
    assert not Facture.objects.exists()
    instrument = Instrument.objects.create(etablissement=famille.etablissement, nom="Violon")
    page = client_staff.post(
        reverse("admin:facturation_location_add"),
        {
            "instrument": instrument.pk,
            "eleve": irina.pk,
            "date_debut": "01/09/2026",
            "date_fin": "30/06/2026",
            "loyer": "-90",
        },
        headers={"accept-language": "fr"},
    )
    texte = page.content.decode()
    assert "Saisissez un montant supérieur ou égal à 0." in texte
    assert "La fin de la location précède son début." in texte
    assert not Location.objects.exists()


def test_a_site_has_one_payment_settings_row(client_staff, etablissement):
    ff.bac_a_sable(etablissement)
    page = client_staff.post(
        reverse("admin:facturation_parametrespaiement_add"),
        {"backend": "dummy", "numcli": "", "saisie": "T"},
    )
    assert page.status_code == 403
    liste = client_staff.get(reverse("admin:facturation_parametrespaiement_changelist"))
    assert reverse("admin:facturation_parametrespaiement_add") not in liste.content.decode()


def test_an_online_payment_reads_in_french_with_its_notifications(
    client_staff, famille, responsable1, etablissement
):
    from facturation.models import NotificationPaiement
    from facturation.services.paiement import paiement_creer

    ff.bac_a_sable(etablissement)
    tentative, _url = paiement_creer(facture=ff.facture(famille), responsable=responsable1)
    NotificationPaiement.objects.create(
        paiement=tentative, source="serveur", backend="dummy", contenu="a=<b>&c=2"
    )
    page = client_staff.get(
        reverse("admin:facturation_paiementenligne_change", args=[tentative.pk])
    ).content.decode()
    assert "26FC00001 — 84,00\xa0€ (en attente)" in page
    assert "a=&lt;b&gt;<wbr>&amp;c=2" in page  # escaped, and allowed to wrap
