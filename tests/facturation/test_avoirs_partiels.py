"""Partial credit notes (issue 12): for an amount or for lines, with a reason and a
confirmation step, never beyond what can still be credited; a fully credited invoice is
"annulée" everywhere (admin list, portal ledger, PDF duplicate, suivi)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from facturation import suivi
from facturation.models import Avoir, Facture
from facturation.services import (
    FacturationError,
    Ligne,
    avoir_creer,
    facture_annuler,
    facture_creer,
    reste_a_payer,
)
from imuse.journal import journal_de
from tests.conftest import _client
from tests.facturation import factories as ff

D = Decimal
FR = {"accept-language": "fr"}


@pytest.fixture
def facture(famille, irina, hugo):
    return facture_creer(
        famille=famille,
        nature="cotisation",
        lignes=[
            Ligne("Formation musicale", D("84.00"), eleve=irina),
            Ligne("Piano 30 min", D("210.00"), eleve=hugo),
        ],
        par=None,
        date_emission=date(2026, 10, 1),
    )


def _url(facture):
    return reverse("admin:facturation_facture_avoir", args=[facture.pk])


def test_an_amount_is_credited_and_the_remainder_falls(facture, staff):
    avoir = avoir_creer(facture=facture, motif="Geste commercial", par=staff, montant=D("50.00"))
    assert avoir.numero.endswith("AV00001") and avoir.montant == D("50.00")
    facture.refresh_from_db()
    assert facture.total_avoirs == D("50.00") and not facture.annulee
    assert reste_a_payer(facture) == D("244.00")
    (ligne,) = suivi.avec_suivi(Facture.objects.filter(pk=facture.pk))
    assert (ligne.etat_suivi, ligne.reste_suivi) == ("impayee", D("244.00"))
    entree = journal_de(facture).filter(action="facture.avoir").get()
    assert entree.par == staff and entree.donnees["avoir"] == avoir.numero


def test_lines_are_credited_once(facture):
    piano = facture.lignes.get(designation="Piano 30 min")
    avoir = avoir_creer(facture=facture, motif="Abandon", par=None, lignes=[piano])
    assert avoir.montant == D("210.00") and avoir.lignes[0]["designation"] == "Piano 30 min"
    with pytest.raises(FacturationError, match="déjà crédité|already credited"):
        avoir_creer(facture=facture, motif="Encore", par=None, lignes=[piano])


def test_never_more_than_what_can_be_credited(famille, facture):
    ff.reglement(famille, "100.00", imputations=[(facture, D("100.00"))])
    with pytest.raises(FacturationError, match="194"):
        avoir_creer(facture=facture, motif="Trop", par=None, montant=D("195.00"))
    with pytest.raises(FacturationError):
        avoir_creer(facture=facture, motif="", par=None, montant=D("1.00"))
    with pytest.raises(FacturationError):
        avoir_creer(facture=facture, motif="Zéro", par=None, montant=D("0"))
    assert not Avoir.objects.exists()


def test_credit_notes_adding_up_cancel_the_invoice_everywhere(client_r1, facture):
    avoir_creer(facture=facture, motif="Erreur", par=None, montant=D("94.00"))
    avoir_creer(facture=facture, motif="Erreur", par=None, montant=D("200.00"))
    facture.refresh_from_db()
    assert facture.annulee and reste_a_payer(facture) == 0
    assert journal_de(facture).filter(action="facture.annuler").exists()
    (ligne,) = suivi.avec_suivi(Facture.objects.filter(pk=facture.pk))
    assert ligne.etat_suivi == "annulee" and ligne.reste_suivi == 0
    assert not suivi.dues(Facture.objects.all()).exists()
    ledger = client_r1.get(reverse("facturation:index"), headers=FR).content.decode()
    assert "annulée" in ledger and ledger.count("AVOIR sur") == 2
    pdf = client_r1.get(reverse("facturation:facture_pdf", args=[facture.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    with pytest.raises(FacturationError, match="déjà annulée|already cancelled"):
        facture_annuler(facture=facture, motif="x", par=None)


def test_cancelling_after_a_partial_credit_note_credits_the_rest(facture):
    avoir_creer(facture=facture, motif="Geste", par=None, montant=D("10.00"))
    avoir = facture_annuler(facture=facture, motif="Erreur", par=None)
    assert avoir.montant == D("284.00")
    facture.refresh_from_db()
    assert facture.annulee and facture.total_avoirs == facture.montant


def test_a_payment_goes_to_the_credited_remainder_only(famille, facture):
    avoir_creer(facture=facture, motif="Geste", par=None, montant=D("94.00"))
    reglement = ff.reglement(famille, "250.00")
    assert reglement.imputations.get().montant == D("200.00")


def test_admin_form_confirmation_then_credit_note(client_staff, facture, staff):
    page = client_staff.get(_url(facture), headers=FR)
    assert page.status_code == 200 and "294,00" in page.content.decode()
    donnees = {"mode": "montant", "montant": "42,50", "motif": "Cours non assurés"}
    confirmation = client_staff.post(_url(facture), donnees, headers=FR)
    texte = confirmation.content.decode()
    assert "Confirmer" in texte and "42,50" in texte and "251,50" in texte
    assert not Avoir.objects.exists()  # nothing written before the confirmation
    fini = client_staff.post(_url(facture), {**donnees, "confirmer": "1"}, headers=FR)
    assert fini.status_code == 302
    avoir = Avoir.objects.get()
    assert avoir.montant == D("42.50") and avoir.cree_par == staff
    assert avoir.motif == "Cours non assurés"


def test_admin_credits_lines(client_staff, facture):
    piano = facture.lignes.get(designation="Piano 30 min")
    donnees = {"mode": "lignes", "lignes": [piano.pk], "motif": "Abandon", "confirmer": "1"}
    assert client_staff.post(_url(facture), donnees, headers=FR).status_code == 302
    assert Avoir.objects.get().montant == D("210.00")


@pytest.mark.parametrize(
    ("donnees", "champ", "message"),
    [
        ({"mode": "montant", "montant": "", "motif": "x"}, "montant", "Saisissez le montant"),
        ({"mode": "montant", "montant": "abc", "motif": "x"}, "montant", "12,50"),
        ({"mode": "montant", "montant": "500", "motif": "x"}, "montant", "peuvent encore"),
        ({"mode": "montant", "montant": "10", "motif": ""}, "motif", "motif"),
        ({"mode": "lignes", "motif": "x"}, "lignes", "au moins une ligne"),
    ],
)
def test_admin_form_errors_in_french_next_to_the_field(
    client_staff, facture, donnees, champ, message
):
    page = client_staff.post(_url(facture), donnees, headers=FR)
    assert page.status_code == 200
    erreurs = page.context["form"].errors
    assert champ in erreurs and message in " ".join(erreurs[champ])
    assert not Avoir.objects.exists()


def test_staff_of_another_school_cannot_credit(staff_autre, facture):
    autre = _client(staff_autre)
    assert autre.get(_url(facture)).status_code == 404
    donnees = {"mode": "montant", "montant": "10", "motif": "x", "confirmer": "1"}
    assert autre.post(_url(facture), donnees).status_code == 404
    assert not Avoir.objects.exists()


def test_the_invoice_page_links_to_the_credit_note_page(client_staff, facture):
    page = client_staff.get(reverse("admin:facturation_facture_change", args=[facture.pk]))
    assert _url(facture) in page.content.decode()
