"""Accounting exports (issue 12): each CSV parses back with the csv module (UTF-8 with a
BOM, semicolons, decimal comma), its totals match the database, formulas are
neutralised, the period form answers in French next to its fields, another school's
staff export nothing of this one."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from facturation.models import Avoir, Facture, Imputation, ModeReglement, Reglement
from facturation.services import avoir_creer, facture_annuler, paiement_confirmer, paiement_creer
from tests import factories as f
from tests.conftest import _client
from tests.facturation import factories as ff

D = Decimal
URL = "/admin/facturation/facture/exports/"
PERIODE = {"du": "01/09/2026", "au": "31/12/2026"}


def _montant(texte: str) -> Decimal:
    return Decimal(texte.replace(",", "."))


def _csv(reponse) -> list[dict]:
    assert reponse.status_code == 200, reponse.content[:500]
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    octets = b"".join(reponse.streaming_content)
    assert octets.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(octets.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def comptes(famille, responsable1, autre_famille, irina, autre_etablissement):
    payee = ff.facture(famille, eleve=irina, montant="120.00", jour=date(2026, 10, 1))
    partielle = ff.facture(famille, montant="84.00", jour=date(2026, 10, 2))
    annulee = ff.facture(autre_famille, montant="50.00", jour=date(2026, 10, 3))
    facture_annuler(facture=annulee, motif="Erreur", par=None, jour=date(2026, 10, 4))
    avoir_creer(facture=partielle, motif="Geste", par=None, montant=D("4.00"))
    ff.reglement(famille, "120.00", imputations=[(payee, D("120.00"))], jour=date(2026, 10, 5))
    ff.reglement(
        famille,
        "30.00",
        mode=ModeReglement.ESPECES,
        imputations=[(partielle, D("30.00"))],
        jour=date(2026, 10, 6),
        reference="=HYPERLINK(1)",
    )
    ff.bac_a_sable(famille.etablissement)
    en_ligne = ff.facture(autre_famille, montant="40.00", jour=date(2026, 10, 7))
    tentative, _url = paiement_creer(
        facture=en_ligne, responsable=f.ResponsableFactory(famille=autre_famille, rang=1)
    )
    paiement_confirmer(paiement=tentative)
    ailleurs = f.FamilleFactory(etablissement=autre_etablissement, nom="CHERBOURGEOIS")
    ff.facture(ailleurs, montant="999.00", jour=date(2026, 10, 8))
    return {"payee": payee, "partielle": partielle, "annulee": annulee}


def test_invoices_export(client_staff, comptes, etablissement):
    lignes = _csv(client_staff.get(URL, {"export": "factures", **PERIODE}))
    attendu = Facture.objects.filter(etablissement=etablissement).aggregate(s=Sum("montant"))
    assert sum(_montant(ligne["Montant"]) for ligne in lignes) == attendu["s"]
    assert "CHERBOURGEOIS" not in {ligne["Famille"] for ligne in lignes}
    par_numero = {ligne["Facture n°"]: ligne for ligne in lignes}
    payee = par_numero[comptes["payee"].numero]
    assert (payee["Famille n°"], payee["Famille"]) == ("1001", "ABARRE")
    assert payee["Facture payée"] == "oui" and payee["État"] == "payée"
    assert payee["Date d'émission"] == "01/10/2026"
    partielle = par_numero[comptes["partielle"].numero]
    assert (partielle["Avoirs"], partielle["Payé"], partielle["Reste à payer"]) == (
        "4,00",
        "30,00",
        "50,00",
    )
    assert par_numero[comptes["annulee"].numero]["État"] == "annulée"


def test_credit_notes_export(client_staff, comptes, etablissement):
    lignes = _csv(client_staff.get(URL, {"export": "avoirs", **PERIODE}))
    attendu = Avoir.objects.filter(etablissement=etablissement).aggregate(s=Sum("montant"))["s"]
    assert sum(_montant(ligne["Montant"]) for ligne in lignes) == attendu == D("54.00")
    assert {ligne["Facture annulée"] for ligne in lignes} == {"oui", "non"}


def test_payments_and_allocations_exports(client_staff, comptes, etablissement):
    reglements = _csv(client_staff.get(URL, {"export": "reglements", **PERIODE}))
    attendu = Reglement.objects.filter(etablissement=etablissement).aggregate(s=Sum("montant"))
    assert sum(_montant(ligne["Montant"]) for ligne in reglements) == attendu["s"]
    especes = next(ligne for ligne in reglements if ligne["Mode de règlement"] == "Espèces")
    assert especes["Référence"] == "'=HYPERLINK(1)"  # never a formula
    assert especes["Factures réglées"] == comptes["partielle"].numero
    imputations = _csv(client_staff.get(URL, {"export": "imputations", **PERIODE}))
    total = Imputation.objects.filter(reglement__etablissement=etablissement).aggregate(
        s=Sum("montant")
    )["s"]
    assert sum(_montant(ligne["Montant imputé"]) for ligne in imputations) == total
    payees = {ligne["Facture n°"]: ligne["Facture payée"] for ligne in imputations}
    assert payees[comptes["payee"].numero] == "oui"
    assert payees[comptes["partielle"].numero] == "non"


def test_online_payments_by_day(client_staff, comptes):
    (jour,) = _csv(
        client_staff.get(URL, {"export": "payfip", "du": "01/01/2026", "au": "31/12/2026"})
    )
    assert jour["Nombre de transactions"] == "1" and jour["Total"] == "40,00"
    assert "/" in jour["Références (facture/transaction)"]


@pytest.mark.parametrize(
    ("donnees", "champ", "message"),
    [
        ({"export": "factures", "du": "", "au": "31/12/2026"}, "du", "01/09/2026"),
        ({"export": "factures", "du": "32/13/2026", "au": "31/12/2026"}, "du", "01/09/2026"),
        ({"export": "factures", "du": "01/12/2026", "au": "01/09/2026"}, "au", "précède"),
        ({"export": "factures", "du": "01/01/2020", "au": "31/12/2026"}, "au", "400 jours"),
        ({"export": "autre", **PERIODE}, "export", "Sélectionnez"),
    ],
)
def test_the_period_form_answers_in_french(client_staff, donnees, champ, message):
    page = client_staff.get(URL, donnees, headers={"accept-language": "fr"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert message in " ".join(page.context["form"].errors[champ])


def test_reachable_from_the_invoice_and_payment_lists(client_staff):
    for liste in ("facture", "reglement"):
        page = client_staff.get(reverse(f"admin:facturation_{liste}_changelist"))
        assert URL in page.content.decode()
    assert client_staff.get(URL).status_code == 200


def test_another_school_exports_nothing_of_this_one(staff_autre, comptes):
    autre = _client(staff_autre)
    for code in ("factures", "avoirs", "reglements", "imputations", "payfip"):
        lignes = _csv(autre.get(URL, {"export": code, **PERIODE}))
        assert all("ABARRE" not in " ".join(ligne.values()) for ligne in lignes)
    (ligne,) = _csv(autre.get(URL, {"export": "factures", **PERIODE}))
    assert ligne["Famille"] == "CHERBOURGEOIS"


def test_a_superuser_chooses_the_school(client_superuser, comptes, autre_etablissement):
    page = client_superuser.get(URL, {"export": "factures", **PERIODE})
    assert "etablissement" in page.context["form"].errors
    lignes = _csv(
        client_superuser.get(
            URL, {"export": "factures", "etablissement": autre_etablissement.pk, **PERIODE}
        )
    )
    assert [ligne["Famille"] for ligne in lignes] == ["CHERBOURGEOIS"]


def test_bounded_queries(client_staff, etablissement, django_assert_max_num_queries):
    for i in range(20):
        famille = f.FamilleFactory(etablissement=etablissement, nom=f"F{i}")
        facture = ff.facture(famille, montant="10.00", jour=date(2026, 10, 1))
        ff.reglement(famille, "10.00", imputations=[(facture, D("10.00"))], jour=date(2026, 10, 2))
    for code in ("factures", "avoirs", "reglements", "imputations", "payfip"):
        with django_assert_max_num_queries(12):
            reponse = client_staff.get(URL, {"export": code, **PERIODE})
            b"".join(reponse.streaming_content)
