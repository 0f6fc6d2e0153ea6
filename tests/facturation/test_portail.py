from datetime import date

import pytest
from django.urls import reverse

from facturation.models import ModeReglement, Nature
from facturation.services import facture_annuler
from tests.facturation import factories as ff

INDEX = reverse("facturation:index")
LOCATIONS = reverse("facturation:locations")


def grand_livre(response) -> str:
    """The ledger section of the page (the invoices to pay come before it)."""
    return response.content.decode().split('id="titre-ecritures"')[1]


@pytest.fixture
def historique(famille, irina, hugo):
    """Two invoices paid by cheque, one cancelled, one rental: the ABARRE account."""
    f1 = ff.facture(famille, eleve=irina, montant="84.00", jour=date(2025, 10, 11))
    ff.reglement(famille, "84.00", jour=date(2025, 11, 19), reference="98135")
    f2 = ff.facture(famille, eleve=hugo, montant="120.00", jour=date(2026, 10, 11))
    erreur = ff.facture(famille, eleve=hugo, montant="999.00", jour=date(2026, 10, 2))
    facture_annuler(facture=erreur, motif="Erreur", par=None, jour=date(2026, 10, 3))
    loc = ff.facture(
        famille, eleve=irina, montant="90.00", nature=Nature.LOCATION, jour=date(2026, 9, 20)
    )
    ff.reglement(
        famille, "40.00", nature=Nature.LOCATION, mode=ModeReglement.ESPECES, reference="Caisse"
    )
    return {"f1": f1, "f2": f2, "erreur": erreur, "loc": loc}


def test_the_menu_shows_invoicing(client_r1, historique):
    page = client_r1.get(reverse("portail:accueil")).content.decode()
    assert f'href="{INDEX}"' in page


def test_ledger_of_membership_fees_newest_first_with_balance(client_r1, historique):
    response = client_r1.get(INDEX)
    page = response.content.decode()
    assert response.status_code == 200
    for titre in (
        "Facturation cotisations",
        "Facturation locations",
        "Date",
        "Mode de règlement",
        "Numéro d'opération",
        "Libellé",
        "Débit",
        "Crédit",
        "Remise",
        "Recherche",
    ):
        assert titre in page
    livre = grand_livre(response)
    numeros = ("26FC00001", "26AV00001", "26FC00002", "25RC00001", "25FC00001")
    ordre = [livre.index(n) for n in numeros]
    assert ordre == sorted(ordre)
    assert "AVIS DES SOMMES A PAYER" in page and "98135" in page and "Chèque" in page
    assert "Solde dû : 120,00\xa0€" in page
    assert "26FC00003" not in page  # the rental is on the other tab


def test_ledger_of_rentals(client_r1, historique):
    page = client_r1.get(LOCATIONS).content.decode()
    assert "26FC00003" in page and "Espèces" in page
    assert "Solde dû : 50,00\xa0€" in page
    assert 'aria-current="page">Facturation locations' in page


def test_each_row_links_to_its_pdf(client_r1, historique):
    page = client_r1.get(INDEX).content.decode()
    assert reverse("facturation:facture_pdf", args=[historique["f1"].pk]) in page
    reglement = historique["f1"].imputations.get().reglement
    assert reverse("facturation:recu_pdf", args=[reglement.pk]) in page


def test_search_filters_on_the_server(client_r1, historique):
    response = client_r1.get(INDEX, {"q": "98135"})
    page = grand_livre(response)
    assert "25RC00001" in page and "26FC00001" not in page
    assert "Solde dû : 120,00\xa0€" in response.content.decode()
    page = client_r1.get(INDEX, {"q": "introuvable"}).content.decode()
    assert "Aucune facture ni aucun règlement ne correspond à votre recherche." in page


def test_search_finds_an_amount_however_it_is_typed(client_r1, famille, irina):
    ff.facture(famille, eleve=irina, montant="1234.56")
    ff.facture(famille, eleve=irina, montant="84.00", jour=date(2026, 10, 12))
    for saisie in ("1 234,56", "1234,56", "1234.56", "1\xa0234,56 €", "  26fc00001 "):
        page = grand_livre(client_r1.get(INDEX, {"q": saisie}))
        assert "26FC00001" in page and "26FC00002" not in page, saisie


def test_an_overpayment_reads_as_a_balance_in_the_family_s_favour(client_r1, famille):
    ff.facture(famille, montant="84.00")
    ff.reglement(famille, "100.00")
    page = client_r1.get(INDEX).content.decode().replace("&#x27;", "'")
    assert "Solde en votre faveur : 16,00\xa0€" in page
    assert "-16,00" not in page


def test_rank_1_sees_the_online_payment_button(client_r1, historique, etablissement):
    ff.bac_a_sable(etablissement)
    page = client_r1.get(INDEX).content.decode()
    assert "Paiement en ligne" in page
    assert reverse("facturation:payer", args=[historique["f2"].pk]) in page
    assert reverse("facturation:payer", args=[historique["f1"].pk]) not in page


def test_rank_2_reads_why_there_is_no_button(client_r2, historique, etablissement):
    ff.bac_a_sable(etablissement)
    page = client_r2.get(INDEX).content.decode()
    assert reverse("facturation:payer", args=[historique["f2"].pk]) not in page
    assert "Seul le responsable 1 peut régler les factures en ligne." in page


def test_accueil_shows_the_amount_due(client_r1, historique):
    page = client_r1.get(reverse("portail:accueil")).content.decode()
    assert "Montant dû sur vos factures : 170,00\xa0€." in page


def test_accueil_says_nothing_when_nothing_is_due(client_r1, famille):
    ff.facture(famille)
    ff.reglement(famille)
    assert "Montant dû" not in client_r1.get(reverse("portail:accueil")).content.decode()


def test_staff_are_sent_to_the_admin(client_staff):
    assert client_staff.get(INDEX).url == reverse("admin:index")


@pytest.mark.parametrize("nom", ["facture_pdf", "payer"])
def test_another_familys_invoice_answers_404(client_autre, historique, nom):
    url = reverse(f"facturation:{nom}", args=[historique["f2"].pk])
    response = client_autre.post(url) if nom == "payer" else client_autre.get(url)
    assert response.status_code == 404


def test_another_familys_receipt_and_attestation_answer_404(client_autre, historique, irina):
    reglement = historique["f1"].imputations.get().reglement
    assert client_autre.get(reverse("facturation:recu_pdf", args=[reglement.pk])).status_code == 404
    url = reverse("facturation:attestation_pdf", args=[2025, irina.pk])
    assert client_autre.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/facturation/attestation/99999/{irina}/",
        "/facturation/attestation/0/{irina}/",
        "/facturation/attestation/2025/99999999999999999999999/",
        "/facturation/facture/99999999999999999999999/pdf/",
        "/facturation/reglement/99999999999999999999999/recu/",
        "/facturation/paiement/99999999999999999999999/",
        "/facturation/facture/abc/pdf/",
    ],
)
def test_absurd_ids_and_years_answer_404(client_r1, historique, irina, url):
    assert client_r1.get(url.format(irina=irina.pk)).status_code == 404


def _beaucoup(famille, eleve, n):
    for i in range(n):
        ff.facture(famille, eleve=eleve, montant="10.00", jour=date(2020 + i % 6, 10, 1 + i % 20))
        ff.reglement(famille, "10.00", jour=date(2020 + i % 6, 11, 1 + i % 20))


@pytest.mark.parametrize("url", [INDEX, LOCATIONS, reverse("portail:accueil")])
def test_queries_do_not_grow_with_history(
    client_r1, famille, irina, django_assert_max_num_queries, url
):
    _beaucoup(famille, irina, 3)
    client_r1.get(url)  # the first page of a visit stamps it (Accueil's What's new)
    with django_assert_max_num_queries(20) as peu:
        client_r1.get(url)
    _beaucoup(famille, irina, 30)
    with django_assert_max_num_queries(len(peu.captured_queries)):
        assert client_r1.get(url).status_code == 200
