"""Production settings pass Django's deployment checks; the compose file is valid."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

RACINE = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "production-like-secret-for-the-check-0123456789",
    "ALLOWED_HOSTS": "portail.example.fr",
    "DATABASE_URL": "sqlite:////tmp/imuse-check.sqlite3",
    "SECURE_SSL_REDIRECT": "",
    "SECURE_COOKIES": "",
    "STATIC_MANIFEST": "",
}


def _env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update({k: v for k, v in PRODUCTION.items() if v}, **extra)
    return env


def test_check_deploy_passes_with_production_values():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RACINE,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _sans_cle(*commande):
    env = _env()
    env.pop("SECRET_KEY")
    return subprocess.run(
        [sys.executable, *commande],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_serve_without_secret_key():
    result = _sans_cle("-c", "import imuse.wsgi")
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr
    result = _sans_cle("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_management_commands_that_need_no_key_run_without_one():
    result = _sans_cle("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr


def _compose() -> dict:
    return yaml.safe_load((RACINE / "docker-compose.yml").read_text(encoding="utf-8"))


def test_docker_compose_file_is_what_we_ship():
    """Checked with a YAML parser and our own expectations, whatever is installed."""
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"db", "web", "worker", "proxy", "mail"}
    for nom, service in services.items():
        assert ("image" in service) != ("build" in service), nom
        for dependance in service.get("depends_on", {}):
            assert dependance in services, (nom, dependance)
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            assert source.startswith("./") or source in compose["volumes"], (nom, volume)
            if source.startswith("./"):
                assert (RACINE / source).exists(), volume
    web, worker, proxy = services["web"], services["worker"], services["proxy"]
    # gunicorn is never published: the only way in is the proxy.
    assert "ports" not in web and "ports" not in worker
    assert {p.split(":")[-1] for p in proxy["ports"]} == {"80", "443"}
    caddyfile = (RACINE / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "reverse_proxy web:8000" in caddyfile
    # The worker runs the same code with the same settings as the web service.
    assert "db_worker" in worker["command"]
    assert worker["environment"] == web["environment"]
    assert web["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")


@pytest.mark.parametrize("valeur", ["flase", "2", "enabled", "vrais"])
def test_an_unknown_boolean_value_stops_the_start(valeur):
    result = subprocess.run(
        [sys.executable, "-c", "import imuse.settings"],
        cwd=RACINE,
        env=_env(SECURE_SSL_REDIRECT=valeur),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"SECURE_SSL_REDIRECT={valeur!r} is neither on" in result.stderr


@pytest.mark.parametrize(("valeur", "attendu"), [("Oui", True), (" off ", False), ("0", False)])
def test_known_boolean_values(valeur, attendu):
    from imuse.settings import lire_bool

    assert lire_bool(valeur) is attendu
