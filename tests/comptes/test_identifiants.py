"""One normalised identifiant (NFKC + casefold) for storage, lookup, uniqueness per site
and the throttle key; the migration lists clashes instead of hiding one account."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, transaction

from comptes.identifiants import normaliser_identifiant
from comptes.models import Utilisateur
from tests import factories as f

URL = "/compte/connexion/"


def _connexion(client, identifiant, password=f.MOT_DE_PASSE, ip="10.0.0.1"):
    return client.post(
        URL, {"site": "valognes", "identifiant": identifiant, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.parametrize(
    ("saisi", "attendu"),
    [
        ("Abarre1", "abarre1"),
        ("  ABARRE1 ", "abarre1"),
        ("ａｂａｒｒｅ１", "abarre1"),  # full-width forms
        ("Straße", "strasse"),
        ("ﬁlou", "filou"),  # ligature
        ("gestıon", "gestıon"),  # dotless i is another letter
    ],
)
def test_normalised_form(saisi, attendu):
    assert normaliser_identifiant(saisi) == attendu


def test_stored_normalised_whatever_way_the_account_is_made(etablissement):
    user = Utilisateur.objects.create_user("Dupont.Marie", "x", etablissement=etablissement)
    assert user.identifiant == "dupont.marie"
    user.identifiant = "DUPONT.Marie"
    user.save()
    user.refresh_from_db()
    assert user.identifiant == "dupont.marie"
    assert Utilisateur.objects.filter(identifiant="DUPONT.MARIE").get() == user


def test_two_spellings_of_one_identifiant_cannot_coexist_on_a_site(responsable1):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.UtilisateurFactory(
            etablissement=responsable1.famille.etablissement, identifiant="Abarre1"
        )


def test_but_may_on_two_sites(responsable1, autre_etablissement):
    autre = f.UtilisateurFactory(etablissement=autre_etablissement, identifiant="ABARRE1")
    assert autre.identifiant == "abarre1"


def test_staff_adding_a_clashing_spelling_get_a_form_error(client_staff, responsable1):
    response = client_staff.post(
        "/admin/comptes/utilisateur/add/",
        {
            "identifiant": "ABARRE1",
            "email": "x@example.org",
            "usable_password": "false",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()
    assert Utilisateur.objects.filter(identifiant="abarre1").count() == 1


@pytest.mark.parametrize("saisi", ["abarre1", "Abarre1", "ABARRE1 ", "ａｂａｒｒｅ１"])
def test_every_spelling_logs_in(client, responsable1, saisi):
    assert _connexion(client, saisi).status_code == 302


def test_a_lookalike_is_another_login_not_the_account(client, staff):
    # On PostgreSQL, UPPER('gestıon') = 'GESTION': iexact used to let it in.
    assert _connexion(client, "gestıon").status_code == 400


def test_every_spelling_shares_one_failure_budget(client, responsable1):
    codes = [
        _connexion(client, saisi, password="Mauvais2026").status_code
        for saisi in ["abarre1", "Abarre1", "ABARRE1", "ａｂａｒｒｅ１", " AbArRe1", "abarre1"]
    ]
    assert codes == [400] * 4 + [429] * 2


def _migration():
    return importlib.import_module("comptes.migrations.0003_identifiant_normalise")


def _inserer_brut(pk_site, identifiant):
    # Bypass the field (as rows written before the migration were).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO comptes_utilisateur (password, is_superuser, etablissement_id, "
            "identifiant, email, nom, prenom, is_staff, is_active, date_joined, "
            "doit_changer_mot_de_passe, mode_accessible, cle_reinitialisation) "
            "VALUES ('', %s, %s, %s, '', '', '', %s, %s, CURRENT_TIMESTAMP, %s, %s, 'k')",
            [False, pk_site, identifiant, False, True, False, False],
        )


def test_migration_normalises_old_rows(etablissement):
    _inserer_brut(etablissement.pk, "Martin.Paul")
    _migration().normaliser(django_apps, None)
    assert Utilisateur.objects.filter(identifiant="martin.paul").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifiant FROM comptes_utilisateur")
        assert [r[0] for r in cursor.fetchall()] == ["martin.paul"]


def test_migration_stops_and_lists_clashes(etablissement, autre_etablissement):
    _inserer_brut(etablissement.pk, "abarre1")
    _inserer_brut(etablissement.pk, "Abarre1")
    _inserer_brut(autre_etablissement.pk, "ABARRE1")  # another site: no clash
    with pytest.raises(RuntimeError) as erreur:
        _migration().normaliser(django_apps, None)
    message = str(erreur.value)
    assert "ne diffèrent que par la casse" in message
    assert f"site {etablissement.pk}, « abarre1 »" in message
    assert "« Abarre1 »" in message
    assert f"site {autre_etablissement.pk}" not in message
