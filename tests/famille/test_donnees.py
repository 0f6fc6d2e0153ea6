"""Accueil's What's new, Mes données (export, closing request) and the privacy page."""

import datetime as dt
import io
import json
import zipfile

from django.urls import reverse
from django.utils import timezone

from famille.models import DemandeCloture, ExportDonnees, Preferences
from tests import factories as f
from tests.conftest import _client
from tests.facturation.factories import facture, reglement


def test_whats_new_lists_what_happened_since_the_previous_visit_once_per_visit(
    client_r1, responsable1, famille, irina, fiche_irina
):
    semaine = timezone.now() - dt.timedelta(days=7)
    Preferences.objects.create(responsable=responsable1, derniere_visite=semaine)
    ancien = f.DocumentEleveFactory(eleve=irina, titre="Vieux bulletin")
    ancien.publie_le = semaine - dt.timedelta(days=1)
    ancien.save()
    nouveau = f.DocumentEleveFactory(eleve=irina, titre="Bulletin du 1er trimestre")
    nouveau.publie_le = timezone.now() - dt.timedelta(days=1)
    nouveau.save()
    emise = facture(famille, jour=timezone.localdate())
    html = client_r1.get("/accueil/").content.decode()
    assert "Nouveautés" in html
    assert "Nouveau document pour Irina : Bulletin du 1er trimestre" in html
    assert f'href="/eleves/{irina.pk}/documents/"' in html
    assert f"Facture {emise.numero} émise" in html
    assert "Vieux bulletin" not in html
    preferences = Preferences.objects.get(responsable=responsable1)
    assert preferences.visite_precedente == semaine
    debut_visite = preferences.derniere_visite
    # Later pages of the same visit neither restamp nor lose what is new.
    assert "Bulletin du 1er trimestre" in client_r1.get("/accueil/").content.decode()
    preferences.refresh_from_db()
    assert preferences.derniere_visite == debut_visite
    # The next visit starts from this one.
    autre_visite = _client(responsable1.utilisateur)
    html = autre_visite.get("/accueil/").content.decode()
    assert "Bulletin du 1er trimestre" not in html
    # An invoice knows its issue day only: it stays new for the rest of that day.
    assert f"Facture {emise.numero} émise" in html


def test_a_cancelled_lesson_and_evaluations_are_new_with_links(
    client_r1, responsable1, irina, fiche_irina, staff
):
    from eleves.services import inscriptions_publier, seance_annuler

    client_r1.get("/accueil/")
    autre_visite = _client(responsable1.utilisateur)
    seance_annuler(cours=fiche_irina.cours, date=dt.date(2026, 12, 11), motif="Grève", par=staff)
    inscriptions_publier(inscriptions=[fiche_irina], par=staff)
    html = autre_visite.get("/accueil/").content.decode()
    assert "Cours FM 2C4 A du 11/12/2026 annulé" in html
    assert "1 nouvelle évaluation pour Irina en FM 2C4 A" in html
    assert f'href="/eleves/{irina.pk}/fiches/{fiche_irina.pk}/"' in html


def test_a_guardian_downloads_everything_as_one_zip(
    client_r1, famille, responsable1, irina, fiche_irina, django_capture_on_commit_callbacks
):
    f.DocumentEleveFactory(eleve=irina, titre="Bulletin", nom_original="bulletin 2025.pdf")
    f.DocumentEleveFactory(
        eleve=irina, titre="Brouillon", visible_famille=False, nom_original="secret.pdf"
    )
    emise = facture(famille)
    recu = reglement(famille)
    assert client_r1.get("/famille/donnees/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = client_r1.post("/famille/donnees/exporter/", follow=True)
    # The task runs once the request's transaction commits: the page first says so.
    assert "Vos données sont en cours de rassemblement" in r.content.decode()
    export = ExportDonnees.objects.get()
    assert export.statut == ExportDonnees.Statut.PRET
    html = client_r1.get("/famille/donnees/").content.decode()
    assert f"/famille/donnees/{export.pk}/telecharger/" in html
    reponse = client_r1.get(f"/famille/donnees/{export.pk}/telecharger/")
    assert reponse.status_code == 200 and reponse["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(reponse.streaming_content)))
    noms = archive.namelist()
    assert "donnees.json" in noms and "csv/responsables.csv" in noms
    assert f"factures/facture-{emise.numero}.pdf" in noms
    assert f"recus/recu-{recu.numero}.pdf" in noms
    assert "documents/Irina/bulletin-2025.pdf" in noms
    assert not any("secret" in n for n in noms)
    assert archive.read(f"factures/facture-{emise.numero}.pdf").startswith(b"%PDF")
    donnees = json.loads(archive.read("donnees.json"))
    assert donnees["responsables"][0]["email"] == "jeremie@example.org"
    assert donnees["factures"][0]["numero"] == emise.numero
    assert "jeton_ical" not in donnees["eleves"][0]
    assert [e["critere"] for e in donnees["evaluations"]] == ["Lecture"]  # published only
    csv = archive.read("csv/responsables.csv").decode("utf-8-sig")
    assert {"id", "famille_id", "rang", "nom", "email"} <= set(csv.splitlines()[0].split(";"))


def test_another_familys_export_answers_404(client_autre, famille, responsable1):
    export = ExportDonnees.objects.create(
        famille=famille, demande_par=responsable1.utilisateur, statut="pret"
    )
    assert client_autre.get(f"/famille/donnees/{export.pk}/telecharger/").status_code == 404
    assert (
        f"/famille/donnees/{export.pk}/"
        not in client_autre.get("/famille/donnees/").content.decode()
    )


def test_a_request_to_close_the_account_reaches_staff_of_the_school_only(
    client_r1, client_staff, staff_autre, famille, responsable1
):
    r = client_r1.post("/famille/donnees/cloture/", {"motif": "Nous déménageons"})
    assert r.status_code == 400
    assert "Cochez la case pour confirmer la demande." in r.content.decode()
    r = client_r1.post(
        "/famille/donnees/cloture/",
        {"motif": "Nous déménageons", "confirmer": "on"},
        follow=True,
    )
    assert "Votre demande a été transmise à l&#x27;école" in r.content.decode()
    demande = DemandeCloture.objects.get()
    assert "Vous avez demandé le" in client_r1.get("/famille/donnees/").content.decode()
    url = "/admin/famille/demandecloture/"
    assert "ABARRE" in client_staff.get(url).content.decode()
    assert "ABARRE" not in _client(staff_autre).get(url).content.decode()
    client_staff.post(url, {"action": "traiter", "_selected_action": [demande.pk]})
    demande.refresh_from_db()
    assert demande.statut == DemandeCloture.Statut.TRAITEE


def test_the_dashboard_provider_counts_the_waiting_closing_requests(
    rf, staff, staff_autre, famille, responsable1
):
    from famille.services import cloture_demander
    from famille.tableau_de_bord import travail_en_attente

    cloture_demander(responsable=responsable1, motif="", par=None)
    requete = rf.get("/admin/")
    requete.user = staff
    (ligne,) = travail_en_attente(requete)
    assert ligne["nombre"] == 1 and "demandecloture" in ligne["url"]
    requete.user = staff_autre
    assert [ligne["nombre"] for ligne in travail_en_attente(requete)] == [0]


def test_the_privacy_page_is_public_and_linked_from_login_and_footer(
    client, client_r1, etablissement
):
    etablissement.rgpd_conservation = "Factures : 10 ans."
    etablissement.save()
    page = client.get("/confidentialite/valognes/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Confidentialité et données personnelles — École municipale" in html
    assert "Factures : 10 ans." in html and "CNIL" in html
    assert client.get("/confidentialite/inconnue/").status_code == 404
    assert client.get("/confidentialite/")["Location"] == "/confidentialite/valognes/"
    connexion = client.get("/compte/connexion/").content.decode()
    assert 'href="/confidentialite/"' in connexion
    accueil = client_r1.get("/accueil/").content.decode()
    assert 'href="/confidentialite/valognes/"' in accueil


def test_whats_new_mixes_the_pupils_and_the_invoicing_news_newest_first(
    client_r1, responsable1, famille, irina, fiche_irina, django_assert_max_num_queries
):
    """One query per app for What's new (issue 15): every kind still shows, in order."""
    semaine = timezone.now() - dt.timedelta(days=7)
    Preferences.objects.create(responsable=responsable1, derniere_visite=semaine)
    document = f.DocumentEleveFactory(eleve=irina, titre="<b>Bulletin</b>")
    document.publie_le = timezone.now() - dt.timedelta(days=3)
    document.save()
    recu = reglement(famille, jour=timezone.localdate())
    emise = facture(famille, jour=timezone.localdate() - dt.timedelta(days=1))
    client_r1.get("/accueil/")
    with django_assert_max_num_queries(16):
        html = client_r1.get("/accueil/").content.decode()
    paiement = html.index(f"Règlement {recu.numero} enregistré")
    emission = html.index(f"Facture {emise.numero} émise")
    publication = html.index("Nouveau document pour Irina : &lt;b&gt;Bulletin&lt;/b&gt;")
    assert paiement < emission < publication
    assert f'href="{reverse("facturation:facture_pdf", args=[emise.pk])}"' in html
    assert f'href="{reverse("facturation:index")}"' in html
