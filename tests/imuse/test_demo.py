"""The demo command: idempotent, refuses to run with DEBUG off unless --force."""

import io

import pytest
from django.core.management import CommandError, call_command

from comptes.models import Utilisateur
from eleves.models import Eleve, Inscription
from famille.models import Famille
from imuse.models import AnneeScolaire


def _demo(settings, capture):
    settings.DEBUG = True

    def _lancer():
        with capture(execute=True):
            call_command("demo", stdout=io.StringIO())

    return _lancer


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks, demo_sans_pdf):
    return _demo(settings, django_capture_on_commit_callbacks)


@pytest.fixture
def demo_et_pdf(db, settings, django_capture_on_commit_callbacks):
    return _demo(settings, django_capture_on_commit_callbacks)


def test_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo")


def test_demo_creates_the_cast_and_is_idempotent(demo_et_pdf):
    from facturation.models import DocumentPdf, Facture, Reglement

    demo = demo_et_pdf
    demo()
    # Every invoice and receipt it queued was rendered and stored by the task.
    assert DocumentPdf.objects.filter(cle__startswith="facture:").count() == (
        Facture.objects.emises().count()
    )
    assert DocumentPdf.objects.filter(cle__startswith="recu:").count() == (
        Reglement.objects.count()
    )
    compte = {
        "familles": Famille.objects.count(),
        "eleves": Eleve.objects.count(),
        "fiches": Inscription.objects.count(),
        "comptes": Utilisateur.objects.count(),
    }
    demo()
    assert compte == {
        "familles": Famille.objects.count(),
        "eleves": Eleve.objects.count(),
        "fiches": Inscription.objects.count(),
        "comptes": Utilisateur.objects.count(),
    }
    assert Famille.objects.filter(etablissement__code="valognes").count() >= 40
    demo_user = Utilisateur.objects.get(identifiant="demo")
    assert demo_user.check_password("Demo2026")
    famille = demo_user.responsable.famille
    assert famille.eleves.count() == 3
    annees = AnneeScolaire.objects.filter(cours__inscriptions__eleve__famille=famille).distinct()
    assert annees.count() == 5
    assert Utilisateur.objects.get(identifiant="demo2").responsable.rang == 2
    assert Utilisateur.objects.get(identifiant="adulte").responsable.famille.eleves.count() == 1
    gestion = Utilisateur.objects.get(identifiant="gestion")
    assert gestion.is_staff and gestion.etablissement.code == "valognes"
    assert Utilisateur.objects.get(identifiant="admin").is_superuser


def test_demo_logins_work_through_the_login_page(demo, client):
    demo()
    for identifiant, password, cible in [
        ("demo", "Demo2026", "/accueil/"),
        ("demo2", "Demo2026", "/accueil/"),
        ("adulte", "Demo2026", "/accueil/"),
        ("gestion", "Gestion2026", "/admin/"),
        ("admin", "Admin2026", "/admin/"),
    ]:
        response = client.post(
            "/compte/connexion/",
            {"site": "valognes", "identifiant": identifiant, "password": password},
        )
        assert response["Location"] == cible, identifiant
        client.post("/compte/deconnexion/")


def test_demo_shows_an_import_preview_and_an_invitation(demo, client):
    """Issue 11's "Done when": the families file waits as a preview without an error line
    (each sample value under its header, whatever columns the kind gains), and one
    account is invited, its e-mail in the outbox."""
    from importation.models import Importation
    from imuse.models import Courriel

    demo()
    apercu = Importation.objects.get(nom_original="familles.csv")
    assert apercu.statut == Importation.Statut.APERCU
    assert apercu.rapport["comptes"] == {"cree": 10, "modifie": 1, "inchange": 1, "erreur": 0}
    assert apercu.rapport["entetes_inconnues"] == ["Observations"]
    invite = Utilisateur.objects.filter(invite_le__isnull=False, is_staff=False).first()
    assert invite is not None and invite.premiere_connexion_le is None
    assert Courriel.objects.filter(destinataire__icontains=invite.email).exists()


def test_the_demo_sends_one_reminder_that_the_family_sees_on_accueil(demo, client):
    from facturation.models import Relance

    demo()
    demo()
    relance = Relance.objects.select_related("famille").get()
    assert relance.niveau == 1 and relance.montant > 0
    compte = relance.famille.responsables.get(rang=1).utilisateur
    assert compte.check_password("Demo2026")  # the login the demo prints
    client.force_login(compte)
    page = client.get("/accueil/").content.decode()
    assert "relance" in page.lower()
