"""Production settings pass Django's deployment checks; the compose file is valid."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.skipif(
    not (shutil.which("docker-compose") or shutil.which("docker")), reason="no compose client"
)
def test_docker_compose_file_is_valid():
    commande = ["docker-compose"] if shutil.which("docker-compose") else ["docker", "compose"]
    result = subprocess.run(
        [*commande, "config", "-q"],
        cwd=RACINE,
        env=_env(SECRET_KEY="x"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
