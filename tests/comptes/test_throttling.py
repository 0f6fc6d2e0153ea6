"""django-axes: an identifiant+IP pair is locked after 5 failures, for 15 minutes."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.utils import timezone

from tests import factories as f

URL = "/compte/connexion/"


def _essai(client, password="Mauvais2026", ip="10.0.0.1"):
    return client.post(
        URL,
        {"site": "valognes", "identifiant": "abarre1", "password": password},
        REMOTE_ADDR=ip,
    )


def test_five_failures_lock_the_pair_with_a_clear_message(client, responsable1):
    for _ in range(4):
        assert _essai(client).status_code == 400
    response = _essai(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de tentatives infructueuses" in page
    assert "15 minutes" in page
    assert 'value="abarre1"' in page
    # Even the right password is refused while locked.
    response = _essai(client, password=f.MOT_DE_PASSE)
    assert response.status_code == 429
    assert client.get("/accueil/").status_code == 302


def test_the_same_identifiant_from_another_address_is_not_locked(client, responsable1):
    for _ in range(5):
        _essai(client)
    assert _essai(client, password=f.MOT_DE_PASSE, ip="10.0.0.2").status_code == 302


def test_another_identifiant_from_the_locked_address_is_not_locked(
    client, responsable1, responsable2
):
    for _ in range(5):
        _essai(client)
    response = client.post(
        URL,
        {"site": "valognes", "identifiant": "abarre2", "password": f.MOT_DE_PASSE},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302


def test_the_lock_ends_after_the_cool_off(client, responsable1):
    for _ in range(5):
        _essai(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _essai(client, password=f.MOT_DE_PASSE).status_code == 302


def test_a_success_resets_the_failure_count(client, responsable1):
    for _ in range(4):
        _essai(client)
    assert _essai(client, password=f.MOT_DE_PASSE).status_code == 302
    client.post("/compte/deconnexion/")
    for _ in range(4):
        assert _essai(client).status_code == 400
