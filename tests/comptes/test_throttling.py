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


def _compose_web_env() -> dict:
    import yaml

    from tests.imuse.test_deploiement import RACINE

    compose = yaml.safe_load((RACINE / "docker-compose.yml").read_text(encoding="utf-8"))
    return compose["services"]["web"]["environment"]


def _douze_usurpations(client, entete) -> list[int]:
    codes = []
    for n in range(12):
        codes.append(
            client.post(
                URL,
                {"site": "valognes", "identifiant": "abarre1", "password": "Mauvais2026"},
                REMOTE_ADDR="172.18.0.5",
                HTTP_X_FORWARDED_FOR=entete(n),
            ).status_code
        )
    return codes


def test_spoofed_forwarded_for_never_escapes_the_lock_with_the_shipped_compose(
    settings, client, responsable1
):
    from imuse.settings import lire_bool

    # The compose file's value, read as settings.py reads it.
    settings.BEHIND_PROXY = lire_bool(_compose_web_env()["BEHIND_PROXY"])
    assert settings.BEHIND_PROXY  # gunicorn behind Caddy, which writes the real address
    # Whatever the client puts before the address the proxy writes is ignored.
    codes = _douze_usurpations(client, lambda n: f"203.0.113.{n}, 198.51.100.7")
    assert codes == [400] * 4 + [429] * 8


def test_spoofed_forwarded_for_is_not_trusted_by_default(settings, client, responsable1):
    from django.conf import settings as reglages

    assert reglages.BEHIND_PROXY is False  # the default when the variable is unset
    codes = _douze_usurpations(client, lambda n: f"203.0.113.{n}")
    assert codes == [400] * 4 + [429] * 8
