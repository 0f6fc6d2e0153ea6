"""Lost password: a single-use, one-hour link by e-mail; same answer for everyone."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from tests import factories as f

URL = "/compte/mot-de-passe-perdu/"


def _demander(client, identifiant="abarre1", email="jeremie@example.org"):
    return client.post(URL, {"site": "valognes", "identifiant": identifiant, "email": email})


def _lien(message) -> str:
    return re.search(r"http://[^\s]+/compte/nouveau-mot-de-passe/[^\s]+/", message.body).group(0)


def _choisir(client, lien, password="Nouveau2026!"):
    chemin = lien.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in lien else lien
    response = client.get(chemin)
    if response.status_code != 302:
        return response
    return client.post(response["Location"], {"new_password1": password, "new_password2": password})


def test_both_fields_are_required_and_named(client, etablissement):
    response = client.post(URL, {"site": "valognes", "identifiant": "", "email": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Veuillez saisir votre identifiant." in page
    assert "Veuillez saisir votre adresse e-mail." in page


def test_a_matching_account_receives_a_link_by_email(
    client, responsable1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _demander(client)
    assert response["Location"] == "/compte/mot-de-passe-perdu/envoye/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jeremie@example.org"]
    assert "nouveau mot de passe" in message.subject.lower()
    assert "/compte/nouveau-mot-de-passe/" in message.body
    html = message.alternatives[0][0]
    assert "Choisir mon nouveau mot de passe" in html
    # No password travels in clear.
    assert f.MOT_DE_PASSE not in message.body


@pytest.mark.parametrize(
    ("identifiant", "email"),
    [("inconnu", "jeremie@example.org"), ("abarre1", "autre@example.org")],
)
def test_the_answer_is_the_same_whether_or_not_they_match(
    client, responsable1, identifiant, email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _demander(client, identifiant, email)
    assert response["Location"] == "/compte/mot-de-passe-perdu/envoye/"
    assert mail.outbox == []
    page = client.get(response["Location"]).content.decode()
    assert "Si cet identifiant et cette adresse e-mail correspondent à un compte" in page


def test_staff_accounts_get_no_link(client, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _demander(client, "gestion", staff.email)
    assert mail.outbox == []


def test_the_link_sets_a_new_password_once(
    client, responsable1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _demander(client)
    lien = _lien(mail.outbox[0])
    response = _choisir(client, lien)
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/"
    responsable1.utilisateur.refresh_from_db()
    assert responsable1.utilisateur.check_password("Nouveau2026!")
    # Single use: the same link no longer works.
    page = _choisir(client, lien).content.decode()
    assert "Ce lien n'est plus valable" in page


def test_the_link_expires_after_one_hour(
    client, responsable1, django_capture_on_commit_callbacks, monkeypatch
):
    from comptes.tokens import lien_mot_de_passe

    with django_capture_on_commit_callbacks(execute=True):
        _demander(client)
    lien = _lien(mail.outbox[0])
    maintenant = lien_mot_de_passe._now()
    monkeypatch.setattr(lien_mot_de_passe, "_now", lambda: maintenant + timedelta(minutes=61))
    page = _choisir(client, lien).content.decode()
    assert "Ce lien n'est plus valable" in page
    responsable1.utilisateur.refresh_from_db()
    assert responsable1.utilisateur.check_password(f.MOT_DE_PASSE)


def test_a_newer_link_voids_the_older_one(client, responsable1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _demander(client)
        _demander(client)
    ancien, recent = (_lien(m) for m in mail.outbox)
    assert "Ce lien n'est plus valable" in _choisir(client, ancien).content.decode()
    assert _choisir(client, recent).status_code == 302


def test_the_new_password_follows_the_rules(
    client, responsable1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _demander(client)
    response = _choisir(client, _lien(mail.outbox[0]), password="court")
    page = response.content.decode()
    assert "entre 8 et 64 caractères" in page
    assert "au moins une lettre majuscule" in page
    assert "au moins un chiffre" in page


def test_the_address_staff_accepted_is_the_accounts_one(
    client, responsable1, staff, django_capture_on_commit_callbacks
):
    from imuse.services import ACCEPTER, demande_soumettre, demande_traiter

    demande = demande_soumettre(
        objet=responsable1, valeurs={"email": "nouvelle@example.org"}, par=responsable1.utilisateur
    )
    demande_traiter(demande=demande, decisions={"email": (ACCEPTER, "")}, par=staff)
    mail.outbox.clear()
    # The old address no longer matches; the new one does, and the link goes there.
    with django_capture_on_commit_callbacks(execute=True):
        _demander(client, email="jeremie@example.org")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        _demander(client, email="Nouvelle@example.org")
    assert [m.to for m in mail.outbox] == [["nouvelle@example.org"]]
    responsable1.utilisateur.refresh_from_db()
    assert responsable1.utilisateur.adresse_email == "nouvelle@example.org"


def test_staff_see_the_guardians_address_on_the_account(client_staff, responsable1):
    responsable1.email = "nouvelle@example.org"
    responsable1.save()
    url = f"/admin/comptes/utilisateur/{responsable1.utilisateur.pk}/change/"
    page = client_staff.get(url).content.decode()
    assert "nouvelle@example.org" in page
    assert 'name="email"' not in page
