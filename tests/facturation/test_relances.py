"""Payment reminders (issue 12): levels 1, 2 and mise en demeure; sent in bulk from the
invoice list or "Familles débitrices" after a confirmation page, through the outbox, as
a background run; journaled; the letter in PDF for the family, the letters to print for
families without e-mail; Accueil tells the family."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from facturation.models import EnvoiRelances, Relance
from facturation.services import (
    FacturationError,
    relance_envoyer,
    relances_apercu,
    relances_lancer,
)
from imuse.journal import journal_de
from imuse.models import Courriel
from tests import factories as f
from tests.conftest import _client
from tests.facturation.factories import facture, reglement

D = Decimal
FR = {"accept-language": "fr"}
AUJOURDHUI = timezone.localdate()


def _facture(famille, montant, jours_de_retard):
    return facture(
        famille,
        montant=montant,
        jour=AUJOURDHUI - timedelta(days=jours_de_retard + 30),
        date_echeance=AUJOURDHUI - timedelta(days=jours_de_retard),
    )


@pytest.fixture
def dettes(famille, responsable1, autre_famille):
    vieille = _facture(famille, "100.00", 40)
    _facture(famille, "50.00", 5)
    _facture(famille, "84.00", -10)  # not yet due: not reminded
    _facture(autre_famille, "30.00", -5)  # nothing overdue
    return vieille


def test_levels_follow_each_other_then_stop_at_the_formal_notice(famille, dettes, staff):
    (proposition,) = relances_apercu([famille])
    assert (proposition.niveau, proposition.montant, proposition.raison) == (1, D("150.00"), "")
    premiere = relance_envoyer(famille=famille, par=staff)
    assert premiere.niveau == 1 and premiere.montant == D("150.00")
    assert len(premiere.factures) == 2 and premiere.factures[0]["numero"] == dettes.numero
    assert premiere.courriel.destinataire == "jeremie@example.org" and not premiere.par_courrier
    entree = journal_de(famille).get(action="relance.envoyer")
    assert entree.par == staff and entree.donnees["niveau"] == 1
    with pytest.raises(FacturationError, match="10 jours|10 days"):
        relance_envoyer(famille=famille, par=staff)
    seconde = relance_envoyer(famille=famille, par=staff, jour=AUJOURDHUI + timedelta(days=11))
    assert seconde.niveau == 2
    demeure = relance_envoyer(famille=famille, par=staff, jour=AUJOURDHUI + timedelta(days=22))
    assert demeure.niveau == 3
    with pytest.raises(FacturationError, match="comptable public|public accountant"):
        relance_envoyer(famille=famille, par=staff, jour=AUJOURDHUI + timedelta(days=40))
    sujets = list(
        Courriel.objects.filter(modele="notification_relance")
        .order_by("pk")
        .values_list("sujet", flat=True)
    )
    assert sujets[0].startswith("Rappel") and sujets[1].startswith("Seconde relance")
    assert sujets[2].startswith("Mise en demeure")


def test_a_family_that_paid_starts_again_at_level_one(famille, responsable1, staff):
    ancienne = _facture(famille, "100.00", 40)
    relance_envoyer(famille=famille, par=staff, jour=AUJOURDHUI - timedelta(days=30))
    reglement(famille, "100.00", imputations=[(ancienne, D("100.00"))])
    _facture(famille, "20.00", 3)
    (proposition,) = relances_apercu([famille])
    assert proposition.niveau == 1


def test_skipped_families_say_why(famille, autre_famille, dettes):
    sans_dette = f.FamilleFactory(etablissement=famille.etablissement, nom="PAYEUR")
    raisons = {p.famille.nom: p.raison for p in relances_apercu([autre_famille, sans_dette])}
    assert "échéance" in raisons[autre_famille.nom] or "due date" in raisons[autre_famille.nom]
    assert raisons["PAYEUR"] in ("Rien à payer.", "Nothing left to pay.")


def test_a_family_without_e_mail_gets_a_letter_to_print(etablissement, staff):
    famille = f.FamilleFactory(etablissement=etablissement, nom="SANSMAIL")
    f.ResponsableFactory(famille=famille, rang=1, email="")
    _facture(famille, "60.00", 20)
    relance = relance_envoyer(famille=famille, par=staff)
    assert relance.par_courrier and relance.courriel is None


def _envoyer_depuis_la_liste(client, factures, capture):
    liste = reverse("admin:facturation_facture_changelist")
    page = client.post(
        liste,
        {"action": "relancer", "_selected_action": [x.pk for x in factures]},
        headers=FR,
    )
    assert page.status_code == 200
    texte = page.content.decode()
    ids = page.context["a_relancer"]
    with capture(execute=True):
        fin = client.post(
            reverse("admin:facturation_relance_confirmer"),
            {"familles": [p.famille.pk for p, _c in ids], "confirmer": "1"},
            headers=FR,
        )
    return texte, fin


def test_staff_send_reminders_from_the_invoice_list(
    client_staff, famille, autre_famille, dettes, django_capture_on_commit_callbacks
):
    sans_mail = f.FamilleFactory(etablissement=famille.etablissement, nom="SANSMAIL")
    lettre = _facture(sans_mail, "60.00", 20)
    futur = autre_famille.factures.get()
    mail.outbox.clear()
    texte, fin = _envoyer_depuis_la_liste(
        client_staff, [dettes, lettre, futur], django_capture_on_commit_callbacks
    )
    assert "150,00" in texte and "1 — relance" in texte
    assert "Familles ignorées" in texte and autre_famille.nom in texte
    assert "courrier à imprimer" in texte
    envoi = EnvoiRelances.objects.get()
    assert fin.status_code == 302
    assert fin["Location"] == reverse("admin:facturation_envoirelances_change", args=[envoi.pk])
    assert (envoi.statut, envoi.relances, envoi.a_imprimer, envoi.traitees) == ("termine", 2, 1, 2)
    page = client_staff.get(fin["Location"]).content.decode()
    assert '<progress max="100" value="100"' in page and "2 / 2" in page
    (message,) = mail.outbox
    relance = Relance.objects.get(famille=famille)
    assert reverse("facturation:relance_pdf", args=[relance.pk]) in message.body
    lettres = client_staff.get(reverse("admin:facturation_envoirelances_lettres", args=[envoi.pk]))
    assert lettres.status_code == 200 and lettres["Content-Type"] == "application/pdf"


def test_from_the_families_who_owe(client_staff, famille, dettes):
    page = client_staff.get(reverse("admin:facturation_debitrices"), headers=FR).content.decode()
    assert f'name="familles" value="{famille.pk}"' in page
    confirmation = client_staff.post(
        reverse("admin:facturation_relance_confirmer"), {"familles": [famille.pk]}, headers=FR
    )
    assert "Confirmer : envoyer les relances" in confirmation.content.decode()
    assert not Relance.objects.exists()


def test_the_family_sees_the_reminder_and_downloads_its_letter(
    client_r1, client_autre, famille, dettes, staff
):
    relance = relance_envoyer(famille=famille, par=staff)
    accueil = client_r1.get(reverse("portail:accueil"), headers=FR).content.decode()
    url = reverse("facturation:relance_pdf", args=[relance.pk])
    assert "relance vous a été envoyée" in accueil and url in accueil
    compte = client_r1.get(reverse("facturation:index"), headers=FR).content.decode()
    assert url in compte
    pdf = client_r1.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client_autre.get(url).status_code == 404
    # A number beyond any key answers 404 too, not an error.
    trop = reverse("facturation:relance_pdf", args=[10**30])
    assert client_r1.get(trop).status_code == 404


def test_other_school_staff_see_and_send_nothing(
    staff_autre, famille, dettes, staff, django_capture_on_commit_callbacks
):
    relance = relance_envoyer(famille=famille, par=staff)
    autre = _client(staff_autre)
    assert (
        autre.get(reverse("admin:facturation_relance_lettre", args=[relance.pk])).status_code == 404
    )
    liste = autre.get(reverse("admin:facturation_relance_changelist")).content.decode()
    assert famille.nom not in liste
    with django_capture_on_commit_callbacks(execute=True):
        r = autre.post(
            reverse("admin:facturation_relance_confirmer"),
            {"familles": [famille.pk], "confirmer": "1"},
        )
    assert r.status_code == 302 and not EnvoiRelances.objects.exists()
    confirmation = autre.post(
        reverse("admin:facturation_relance_confirmer"), {"familles": [famille.pk]}
    )
    assert famille.nom not in confirmation.content.decode()
    envoi = relances_lancer(familles=[famille], par=staff, etablissement=famille.etablissement)
    lettres = reverse("admin:facturation_envoirelances_lettres", args=[envoi.pk])
    assert autre.get(lettres).status_code == 404
    change = reverse("admin:facturation_envoirelances_change", args=[envoi.pk])
    assert autre.get(change).status_code in (302, 404)


def test_the_confirmation_page_has_bounded_queries(
    client_staff, etablissement, django_assert_max_num_queries
):
    familles = []
    for i in range(30):
        famille = f.FamilleFactory(etablissement=etablissement, nom=f"FAMILLE{i}")
        f.ResponsableFactory(famille=famille, rang=1, email=f"r{i}@example.org")
        _facture(famille, "10.00", 15)
        familles.append(famille.pk)
    with django_assert_max_num_queries(20):
        page = client_staff.post(
            reverse("admin:facturation_relance_confirmer"), {"familles": familles}
        )
    assert len(page.context["a_relancer"]) == 30
    with django_assert_max_num_queries(20):
        client_staff.get(reverse("admin:facturation_relance_changelist"))


def test_the_reminder_letter_is_laid_out_once_then_served_stored(
    client_r1, client_autre, famille, dettes, staff
):
    from unittest import mock

    from facturation.models import DocumentPdf
    from imuse import pdf

    relance = relance_envoyer(famille=famille, par=staff)
    url = reverse("facturation:relance_pdf", args=[relance.pk])
    with mock.patch.object(pdf, "pdf_du_html", wraps=pdf.pdf_du_html) as espion:
        premier = client_r1.get(url, headers=FR)
        second = client_r1.get(url, headers=FR)
    assert premier.status_code == second.status_code == 200
    assert espion.call_count == 1 and second.content == premier.content
    assert second["Content-Type"] == "application/pdf"
    assert f'filename="relance-{relance.date:%Y-%m-%d}.pdf"' in second["Content-Disposition"]
    stocke = DocumentPdf.objects.get(cle=f"relance:{relance.pk}", langue="fr")
    assert stocke.famille == famille
    # Another family: 404, never the stored file.
    assert client_autre.get(url).status_code == 404
