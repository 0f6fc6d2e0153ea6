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


def test_the_several_machines_option_adds_redis_workers_and_object_storage():
    """docker-compose.plusieurs-machines.yml, laid over the main file: two web processes
    and two RQ workers sharing Redis and an S3-compatible bucket, migrations run once."""
    base = _compose()
    option = yaml.safe_load(
        (RACINE / "docker-compose.plusieurs-machines.yml").read_text(encoding="utf-8")
    )
    services = option["services"]
    assert set(services) == {"migrate", "web", "worker", "proxy", "redis", "objets", "bucket"}
    tous = {**base["services"], **services}
    volumes = {**base["volumes"], **option["volumes"]}
    for nom, service in services.items():
        # Services new here say how they are made; the others take the main file's.
        if nom not in base["services"]:
            assert ("image" in service) != ("build" in service), nom
        for dependance in service.get("depends_on", {}):
            assert dependance in tous, (nom, dependance)
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            assert source.startswith("./") or source in volumes, (nom, volume)
            if source.startswith("./"):
                assert (RACINE / source).exists(), volume
    web, worker = services["web"], services["worker"]
    assert web["deploy"]["replicas"] == 2 and worker["deploy"]["replicas"] == 2
    # Tasks on Redis through django-tasks-rq, private files in the bucket, for both.
    assert worker["environment"] == web["environment"]
    env = web["environment"]
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["AWS_S3_ENDPOINT_URL"].endswith("http://objets:9000}")
    assert env["AWS_SECRET_ACCESS_KEY"].startswith("${AWS_SECRET_ACCESS_KEY:?")
    commande = worker["command"]
    assert commande[:4] == ["python", "manage.py", "rqworker", "default"]
    assert "django_tasks_rq.Job" in commande and "--with-scheduler" in commande
    # The web processes no longer migrate at start: the one-shot service does, first.
    assert "migrate" not in " ".join(web["command"])
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert web["depends_on"]["bucket"]["condition"] == "service_completed_successfully"
    assert "ports" not in web and "ports" not in worker
    caddyfile = RACINE / services["proxy"]["volumes"][0].split(":", 1)[0]
    assert "dynamic a" in caddyfile.read_text(encoding="utf-8")


def test_the_several_machines_settings_take_redis_and_object_storage():
    """With REDIS_URL and AWS_STORAGE_BUCKET_NAME set, the settings choose RQ and S3."""
    code = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "from imuse.storage import private_storage;"
        "print(settings.TASKS['default']['BACKEND']);"
        "print(type(private_storage).__mro__[1].__name__);"
        "print(private_storage.bucket_name, private_storage.default_acl)"
    )
    env = _env(
        REDIS_URL="redis://127.0.0.1:6399/0",
        AWS_STORAGE_BUCKET_NAME="prive",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9",
        AWS_ACCESS_KEY_ID="a",
        AWS_SECRET_ACCESS_KEY="b",
        DJANGO_SETTINGS_MODULE="imuse.settings",
    )
    env.pop("TASKS_BACKEND", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "django_tasks_rq.RQBackend",
        "_StockageS3",
        "prive None",
    ]
    env.pop("REDIS_URL")
    env.pop("AWS_STORAGE_BUCKET_NAME")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            code.replace(
                "print(private_storage.bucket_name, private_storage.default_acl)",
                "print(private_storage.location)",
            ),
        ],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == [
        "django_tasks_db.DatabaseBackend",
        "_StockageDisque",
    ]


def test_a_web_worker_moves_its_start_up_objects_out_of_the_collector():
    result = subprocess.run(
        [sys.executable, "-c", "import gc, imuse.wsgi; print(gc.get_freeze_count())"],
        cwd=RACINE,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 50_000


def test_a_postgresql_connection_keeps_many_prepared_statements(db):
    from django.db import connection

    from imuse.apps import PREPAREES_MAX

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's psycopg connection")
    connection.ensure_connection()
    assert connection.connection.prepared_max == PREPAREES_MAX
