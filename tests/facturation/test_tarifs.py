"""Tariff grids: pricing a family (rules, residence, QF, adult, family rules, periods,
rentals, why a family cannot be priced) and the grid's admin (copy to the next year)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from facturation.models import GrilleTarifaire, Instrument, Location, Periode
from facturation.services import FacturationError, grille_copier
from facturation.tarification import arrondir, part, tarifer_famille
from tests import factories as f
from tests.facturation.tarifs_outils import ecole, famille_avec, inscrire
from tests.facturation.test_pdf import texte_pdf

D = Decimal


@pytest.fixture
def e(etablissement, annee):
    return ecole(etablissement, annee)


def _montants(t):
    return [
        (ligne.genre, ligne.designation, ligne.prix_unitaire, ligne.remise) for ligne in t.lignes
    ]


def test_rounding_is_half_up_to_the_cent_and_periods_add_up():
    assert arrondir(D("9.525")) == D("9.53")  # ROUND_HALF_EVEN would give 9.52
    assert arrondir(D("0.005")) == D("0.01")
    trimestres = [part(D("212.35"), p) for p in (Periode.T1, Periode.T2, Periode.T3)]
    assert trimestres == [D("70.78"), D("70.79"), D("70.78")]
    assert sum(trimestres) == D("212.35")
    assert part(D("0.01"), Periode.S1) + part(D("0.01"), Periode.S2) == D("0.01")


def test_a_family_of_the_commune_with_a_checked_qf_gets_bracket_a_and_a_sibling_discount(e):
    famille = famille_avec(e.etablissement, "MARTIN", ville="Valognes", qf=550)
    lea = f.EleveFactory(famille=famille, prenom="Léa", date_naissance=date(2012, 5, 1))
    tom = f.EleveFactory(famille=famille, prenom="Tom", date_naissance=date(2014, 5, 1))
    inscrire(lea, e.cours["Formation musicale"], e.cours["Violon"])
    inscrire(tom, e.cours["Formation musicale"])
    t = tarifer_famille(e.grille, Periode.ANNEE, famille)
    assert t.erreurs == []
    assert _montants(t) == [
        ("frais", "Frais de dossier 2026/2027", D("15.00"), D("0")),
        ("cours", "Formation musicale — Formation musicale", D("95.25"), D("0")),
        ("cours", "Instrument 30 min — Violon", D("212.35"), D("0")),
        ("cours", "Formation musicale — Formation musicale", D("95.25"), D("0")),
        ("remise", "Réduction 2e élève (10 %)", D("0"), D("9.53")),
    ]
    violon = t.lignes[2]
    assert violon.tarif == "Instrument 30 min · Habitant des communes listées · QF A · Mineur"
    assert t.lignes[4].eleve == tom
    assert t.total == D("408.32")


def test_outside_the_commune_without_qf_an_adult_pays_the_outside_adult_rate(e):
    famille = famille_avec(e.etablissement, "LEROY", ville="Cherbourg-en-Cotentin")
    leo = f.EleveFactory(famille=famille, prenom="Léo", date_naissance=date(1990, 1, 2))
    inscrire(leo, e.cours["Formation musicale"], e.cours["Violon"])
    t = tarifer_famille(e.grille, Periode.ANNEE, famille)
    assert [(ligne.designation, ligne.prix_unitaire) for ligne in t.lignes] == [
        ("Frais de dossier 2026/2027", D("15.00")),
        ("Formation musicale — Formation musicale", D("212.30")),
        ("Instrument 30 min adulte — Violon", D("578.30")),
    ]
    assert t.total == D("805.60")


def test_a_qf_not_checked_counts_as_the_last_bracket_and_towns_compare_loosely(e):
    famille = famille_avec(e.etablissement, "PETIT", ville="  yvetot bocage ")
    famille.quotient_familial = 300  # declared, proof not checked
    famille.save()
    eleve = f.EleveFactory(famille=famille, date_naissance=date(2019, 2, 2))
    inscrire(eleve, e.cours["Éveil musical"], e.cours["Escrime"])
    t = tarifer_famille(e.grille, Periode.ANNEE, famille)
    cours = sorted(
        (ligne.prix_unitaire, ligne.tarif) for ligne in t.lignes if ligne.genre == "cours"
    )
    assert cours == [
        (D("102.55"), "Éveil musical · Habitant des communes listées · QF C"),
        (D("187.65"), "Danse"),
    ]


def test_three_pupils_get_the_2nd_and_3rd_discounts_then_the_cap(e):
    famille = famille_avec(e.etablissement, "DURAND", ville="Caen")
    for i in range(3):
        eleve = f.EleveFactory(famille=famille, date_naissance=date(2010 + i, 1, 1))
        inscrire(eleve, e.cours["Formation musicale"], e.cours["Violon 45"])
    t = tarifer_famille(e.grille, Periode.ANNEE, famille)
    remises = [(ligne.genre, ligne.remise) for ligne in t.lignes if ligne.genre != "cours"]
    # 3 × (212.30 + 697.45) = 2729.25; 10 % of 909.75 = 90.975 → 90.98; 20 % = 181.95.
    assert remises == [
        ("frais", D("0")),
        ("remise", D("90.98")),
        ("remise", D("181.95")),
        ("plafond", D("1466.32")),
    ]
    assert t.total == D("1005.00")  # the cap of 990.00 and the family fee


def test_a_trimester_bills_a_third_and_a_late_pupil_is_prorated(e):
    famille = famille_avec(e.etablissement, "MARTIN", qf=550)
    eleve = f.EleveFactory(famille=famille)
    inscrire(eleve, e.cours["Violon"])
    tardif = f.EleveFactory(famille=famille, date_naissance=date(2015, 1, 1))
    inscrire(tardif, e.cours["Formation musicale"], debut=date(2027, 1, 10))
    t1 = tarifer_famille(e.grille, Periode.T1, famille)
    assert [ligne.prix_unitaire for ligne in t1.lignes] == [D("15.00"), D("70.78")]
    annee = tarifer_famille(e.grille, Periode.ANNEE, famille)
    fm = next(ligne for ligne in annee.lignes if "Formation" in ligne.designation)
    # September to July: 11 months, 7 left from January: 95.25 × 7 / 11 = 60.61.
    assert fm.prix_unitaire == D("60.61")
    assert "prorata 7/11 mois" in fm.designation


def test_rentals_are_priced_by_instrument_category(e):
    famille = famille_avec(e.etablissement, "MARTIN", qf=550)
    eleve = f.EleveFactory(famille=famille)
    violon = Instrument.objects.create(
        etablissement=e.etablissement, nom="Violon 1/2", categorie="violon"
    )
    cor = Instrument.objects.create(etablissement=e.etablissement, nom="Cor", categorie="Cor")
    for instrument, loyer in ((violon, "0"), (cor, "55.50")):
        Location.objects.create(
            instrument=instrument,
            eleve=eleve,
            date_debut=date(2026, 9, 15),
            date_fin=date(2027, 6, 30),
            loyer=D(loyer),
        )
    t = tarifer_famille(e.grille, Periode.ANNEE, famille)
    assert [(ligne.prix_unitaire, ligne.tarif) for ligne in t.locations] == [
        (D("90.00"), "Tarif de location Violon"),
        (D("55.50"), "Loyer du contrat"),
    ]


def test_why_a_family_cannot_be_priced(e):
    sans_ville = famille_avec(e.etablissement, "SANSVILLE", ville="")
    inscrire(f.EleveFactory(famille=sans_ville), e.cours["Formation musicale"])
    sans_date = famille_avec(e.etablissement, "SANSDATE")
    eleve = f.EleveFactory(famille=sans_date, prenom="Zoé", date_naissance=None)
    inscrire(eleve, e.cours["Violon"])
    t = tarifer_famille(e.grille, Periode.ANNEE, sans_ville)
    assert not t.tarifable
    assert "l'adresse du responsable 1 n'a pas de commune" in t.erreurs[0]
    t = tarifer_famille(e.grille, Periode.ANNEE, sans_date)
    assert t.erreurs == [
        f"Aucune règle de tarif pour {e.cours['Violon'].code} (SANSDATE Zoé). "
        "Manque : pas de date de naissance."
    ]


def test_a_grid_is_copied_to_the_next_year_once(e, etablissement, staff):
    suivante = f.AnneeScolaireFactory(
        etablissement=etablissement, debut=date(2027, 9, 1), fin=date(2028, 7, 3), courante=False
    )
    copie = grille_copier(grille=e.grille, par=staff)
    assert copie.annee == suivante
    assert copie.regles.count() == e.grille.regles.count() > 10
    assert copie.tranches.count() == 3 and copie.tarifs_location.count() == 3
    assert GrilleTarifaire.objects.get(pk=e.grille.pk).annee == e.annee
    with pytest.raises(FacturationError, match="a déjà une grille"):
        grille_copier(grille=e.grille, par=staff)


def test_staff_copy_a_grid_from_the_admin(client_staff, e, etablissement):
    f.AnneeScolaireFactory(
        etablissement=etablissement, debut=date(2027, 9, 1), fin=date(2028, 7, 3), courante=False
    )
    url = reverse("admin:facturation_grilletarifaire_changelist")
    response = client_staff.post(
        url, {"action": "copier", "_selected_action": [e.grille.pk]}, follow=True
    )
    assert "Tarifs 2027/2028 créée : vérifiez ses montants." in response.content.decode()
    response = client_staff.post(
        url, {"action": "copier", "_selected_action": [e.grille.pk]}, follow=True
    )
    assert "2027/2028 a déjà une grille de tarifs." in response.content.decode()


def test_the_grid_form_refuses_a_discount_over_100(client_staff, e):
    url = reverse("admin:facturation_grilletarifaire_change", args=[e.grille.pk])
    page = client_staff.get(url)
    assert page.status_code == 200
    assert "Règles de famille" in page.content.decode()
    data = {
        "annee": e.annee.pk,
        "communes": "Valognes",
        "frais_famille": "15,00",
        "remise_2e": "120",
        "remise_3e": "20",
        "plafond_famille": "",
        "tranches-TOTAL_FORMS": "0",
        "tranches-INITIAL_FORMS": "0",
        "regles-TOTAL_FORMS": "0",
        "regles-INITIAL_FORMS": "0",
        "tarifs_location-TOTAL_FORMS": "0",
        "tarifs_location-INITIAL_FORMS": "0",
    }
    response = client_staff.post(url, data)
    assert response.status_code == 200
    assert "Saisissez un pourcentage de 100 ou moins." in response.content.decode()


def test_other_school_staff_see_no_grid(e, autre_etablissement, staff_autre):
    from tests.conftest import _client

    client = _client(staff_autre)
    liste = client.get(reverse("admin:facturation_grilletarifaire_changelist"))
    assert "2026/2027" not in liste.content.decode()
    page = client.get(reverse("admin:facturation_grilletarifaire_change", args=[e.grille.pk]))
    assert page.status_code in (302, 404)


def test_the_invoice_pdf_names_the_tariff_rule(client_r1, famille, irina):
    from facturation.models import Nature
    from facturation.services import Ligne, facture_creer

    facture = facture_creer(
        famille=famille,
        nature=Nature.COTISATION,
        lignes=[
            Ligne(
                "Instrument 30 min — Violon",
                D("212.35"),
                eleve=irina,
                tarif="Instrument 30 min · QF A",
                genre="cours",
            )
        ],
        par=None,
    )
    texte = texte_pdf(client_r1.get(reverse("facturation:facture_pdf", args=[facture.pk])))
    assert "Tarif : Instrument 30 min · QF A" in texte
