"""Accounts for families without e-mail: one PDF with a letter per family (login, the
portal's address, a one-time code), printed from the families list; the code opens the
first connection once. Logins follow the school's rule or the import file's column."""

import pytest
from django.test import Client

from comptes.identifiants import proposer_identifiant
from comptes.models import Utilisateur
from famille.invitations import lettres_invitation
from famille.services import comptes_creer
from imuse.models import Journal
from tests import factories as f
from tests.conftest import connecter_staff
from tests.importation.outils import ENTETES_FAMILLES, ecrire_csv, famille, lancer

pytestmark = pytest.mark.django_db
FAMILLES = "/admin/famille/famille/"


@pytest.fixture
def sans_email(famille):
    return f.ResponsableFactory(
        famille=famille, rang=2, prenom="Sophie", nom="ABARRE", email="", utilisateur=None
    )


def test_staff_print_one_pdf_with_a_letter_per_family_without_email(
    client_staff, staff, famille, responsable1, sans_email
):
    reponse = client_staff.post(
        FAMILLES, {"action": "imprimer_invitations", "_selected_action": [famille.pk]}
    )
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")
    assert 'filename="invitations-portail.pdf"' in reponse["Content-Disposition"]
    sans_email.refresh_from_db()
    compte = sans_email.utilisateur
    # The guardian with an e-mail gets no letter; the one without gets an account and a code.
    assert compte.identifiant == "sabarre1" and compte.invite_le and compte.code_invitation
    assert Journal.objects.filter(action="compte.inviter_par_courrier").count() == 1
    assert responsable1.utilisateur.code_invitation == ""


def test_the_letter_s_code_opens_the_first_connection_once(
    staff, famille, sans_email, etablissement
):
    import re

    from famille.invitations import Lettre  # noqa: F401 (the letter's shape)

    contenu, n = lettres_invitation(familles=[famille], par=staff)
    assert n == 1
    sans_email.refresh_from_db()
    # The code is only in the PDF: take a fresh one the same way for the test.
    from comptes.services import code_invitation_creer

    code = code_invitation_creer(utilisateur=sans_email.utilisateur, par=staff)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    client = Client()
    donnees = {
        "site": etablissement.code,
        "identifiant": "SABARRE1",
        "code": code.lower().replace("-", " "),
        "new_password1": "Bienvenue2026",
        "new_password2": "Bienvenue2026",
    }
    faux = client.post("/compte/premiere-connexion/code/", {**donnees, "code": "AAAA-BBBB-CCCC"})
    assert faux.status_code == 400
    assert "Cet identifiant et ce code ne correspondent pas" in faux.content.decode()
    bon = client.post("/compte/premiere-connexion/code/", donnees)
    assert bon.status_code == 302 and bon["Location"] == "/accueil/"
    compte = Utilisateur.objects.get(pk=sans_email.utilisateur_id)
    assert compte.premiere_connexion_le and compte.check_password("Bienvenue2026")
    encore = Client().post("/compte/premiere-connexion/code/", donnees)
    assert encore.status_code == 400


def test_wrong_codes_lock_the_login_like_failed_logins(staff, sans_email, etablissement):
    from comptes.services import code_invitation_creer

    comptes_creer(responsables=[sans_email], par=staff)
    sans_email.refresh_from_db()
    code = code_invitation_creer(utilisateur=sans_email.utilisateur, par=staff)
    client = Client()
    donnees = {
        "site": etablissement.code,
        "identifiant": sans_email.utilisateur.identifiant,
        "code": "AAAA-BBBB-CCCC",
        "new_password1": "Bienvenue2026",
        "new_password2": "Bienvenue2026",
    }
    for _ in range(4):
        assert client.post("/compte/premiere-connexion/code/", donnees).status_code == 400
    # The fifth wrong code locks the login, on the code's own page.
    assert client.post("/compte/premiere-connexion/code/", donnees).status_code == 429
    # Locked now: even the right code is refused, with what was typed kept.
    reponse = client.post("/compte/premiere-connexion/code/", {**donnees, "code": code})
    assert reponse.status_code == 429
    page = reponse.content.decode()
    assert "Trop de codes erronés" in page and sans_email.utilisateur.identifiant in page
    compte = Utilisateur.objects.get(pk=sans_email.utilisateur_id)
    assert compte.premiere_connexion_le is None


def test_staff_of_another_school_print_nothing_of_it(staff_autre, famille, sans_email):
    client = connecter_staff(Client(), staff_autre)
    reponse = client.post(
        FAMILLES, {"action": "imprimer_invitations", "_selected_action": [famille.pk]}
    )
    assert reponse["Content-Type"] != "application/pdf"
    sans_email.refresh_from_db()
    assert sans_email.utilisateur is None


@pytest.mark.parametrize(
    ("regle", "attendus"),
    [
        ("initiale_nom", ["jabarre1", "sabarre1"]),
        ("prenom_nom", ["jeremie.abarre", "sophie.abarre"]),
        ("famille_rang", ["1001-1", "1001-2"]),
    ],
)
def test_the_school_sets_the_login_rule(staff, etablissement, famille, regle, attendus):
    etablissement.regle_identifiant = regle
    etablissement.save()
    r1 = f.ResponsableFactory(
        famille=famille, rang=1, prenom="Jérémie", nom="ABARRE", utilisateur=None
    )
    r2 = f.ResponsableFactory(
        famille=famille, rang=2, prenom="Sophie", nom="ABARRE", utilisateur=None
    )
    comptes_creer(responsables=[r1, r2], par=staff)
    r1.refresh_from_db()
    r2.refresh_from_db()
    assert [r1.utilisateur.identifiant, r2.utilisateur.identifiant] == attendus


def test_logins_stay_unique_per_site_after_normalisation():
    pris = {"jeremie.abarre", "1001-1"}
    assert proposer_identifiant("JÉRÉMIE", "Abarre", pris, regle="prenom_nom") == "jeremie.abarre2"
    assert (
        proposer_identifiant("x", "y", pris, regle="famille_rang", numero_famille=1001, rang=1)
        == "1001-1-1"
    )


def test_the_families_file_s_login_column_creates_the_account(tmp_path, etablissement, staff):
    f.UtilisateurFactory(etablissement=etablissement, identifiant="pris")
    entetes = [*ENTETES_FAMILLES, "Identifiant R1"]
    lignes = [
        entetes,
        [*famille(7), "Paul.Martin"],
        [*famille(8, nom="DURAND"), ""],
        [*famille(9, nom="PETIT"), "PRIS"],
        [*famille(10, nom="LEROY"), "élodie"],
    ]
    rapport = lancer("familles", ecrire_csv(tmp_path / "f.csv", lignes), etablissement, par=staff)
    erreurs = " ".join(str(e) for ligne in rapport.lignes for e in ligne["erreurs"])
    assert "L'identifiant « pris » est déjà utilisé sur ce site." in erreurs
    assert "« élodie » n’est pas un identifiant valide" in erreurs
    assert not rapport.applique
    lignes = lignes[:3]
    rapport = lancer("familles", ecrire_csv(tmp_path / "g.csv", lignes), etablissement, par=staff)
    assert rapport.applique, rapport.lignes
    compte = Utilisateur.objects.get(identifiant="paul.martin", etablissement=etablissement)
    assert compte.responsable.famille.numero == 7 and not compte.has_usable_password()
    assert not Utilisateur.objects.filter(responsable__famille__numero=8).exists()
