"""More than one machine (DESIGN, Running it): two web processes and two task workers
share one PostgreSQL; tasks go through Redis (django-tasks-rq), private files through
S3-compatible object storage (django-storages, against moto's S3 server running here).

A family uploads a re-enrolment document through web process 1 and downloads the same
bytes through web process 2; the e-mail its validation queues in the outbox is sent by
one of the workers. Real processes, real servers, all on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from bench.client import Navigateur
from imuse.models import Courriel
from reinscription.models import PieceJointe
from tests.reinscription.conftest import CORPUS

RACINE = Path(__file__).resolve().parents[2]
SEAU = "imuse-prive"
# Seconds for a process to start answering (four Django processes start at once on two
# cores that other work may share), or for an e-mail to leave.
ATTENTE = 120

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in ("postgres", "postgresql"),
        reason="several processes share one database: PostgreSQL only (DATABASE_URL)",
    ),
]


def _manque(raison: str):
    """Skip where a component is missing, but fail in CI (.ci/run sets
    IMUSE_TESTS_COMPLETS): there the test must run, not pass by skipping."""
    if os.environ.get("IMUSE_TESTS_COMPLETS"):
        pytest.fail(raison)
    pytest.skip(raison)


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _attendre_port(port: int, processus: subprocess.Popen | None = None) -> None:
    limite = time.monotonic() + ATTENTE
    while time.monotonic() < limite:
        if processus is not None and processus.poll() is not None:
            raise AssertionError(f"{processus.args} stopped: {processus.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answers on port {port}")


def _attendre_page(port: int, processus: subprocess.Popen) -> None:
    """gunicorn listens before its worker has loaded Django: wait for a page."""
    limite = time.monotonic() + ATTENTE
    while time.monotonic() < limite:
        if processus.poll() is not None:
            raise AssertionError(f"{processus.args} stopped: {processus.returncode}")
        try:
            if Navigateur(port=port).get("/compte/connexion/").statut == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no page on port {port}")


def _url_base_de_test() -> str:
    """The test database pytest-django made, for the other processes."""
    r = connection.settings_dict
    identite = quote(r["USER"] or "")
    if r["PASSWORD"]:
        identite += ":" + quote(r["PASSWORD"])
    return (
        f"postgres://{identite}@{r['HOST'] or '127.0.0.1'}:{r['PORT'] or 5432}/{quote(r['NAME'])}"
    )


@pytest.fixture
def redis_port(tmp_path):
    if shutil.which("redis-server") is None:
        _manque("redis-server is not installed (make system-deps installs it)")
    port = _port_libre()
    serveur = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        _attendre_port(port, serveur)
    except AssertionError as erreur:
        serveur.kill()
        _manque(f"redis-server could not start: {erreur}")
    yield port
    serveur.terminate()
    serveur.wait(10)


@pytest.fixture
def s3_port():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as erreur:
        _manque(f"moto's server is not installed (dev dependency moto[server]): {erreur}")
    port = _port_libre()
    serveur = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    try:
        serveur.start()
        _attendre_port(port)
    except Exception as erreur:  # noqa: BLE001 — any failure to start is a skip, said why
        _manque(f"moto's S3 server could not start: {erreur}")
    yield port
    serveur.stop()


@pytest.fixture
def pile(tmp_path, redis_port, s3_port, settings):
    """Two gunicorn web processes and two RQ workers, all on the test database."""
    import boto3

    point = f"http://127.0.0.1:{s3_port}"
    cles = {"AWS_ACCESS_KEY_ID": "essai", "AWS_SECRET_ACCESS_KEY": "essai-secret"}
    s3 = boto3.client(
        "s3", endpoint_url=point, region_name="us-east-1", **{k.lower(): v for k, v in cles.items()}
    )
    s3.create_bucket(Bucket=SEAU)
    courriels = tmp_path / "courriels"
    env = {k: v for k, v in os.environ.items() if k != "TASKS_BACKEND"}
    env.update(
        cles,
        DATABASE_URL=_url_base_de_test(),
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        AWS_STORAGE_BUCKET_NAME=SEAU,
        AWS_S3_ENDPOINT_URL=point,
        AWS_S3_REGION_NAME="us-east-1",
        # Nothing written on a local disk: a wrong PRIVATE_ROOT use would show.
        PRIVATE_ROOT=str(tmp_path / "jamais"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(courriels),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    journaux = tmp_path / "journaux"
    journaux.mkdir()
    processus: list[subprocess.Popen] = []

    def lancer(nom: str, *commande: str) -> subprocess.Popen:
        sortie = open(journaux / f"{nom}.log", "wb")  # noqa: SIM115 — closed with the process
        p = subprocess.Popen(
            [sys.executable, *commande], cwd=RACINE, env=env, stdout=sortie, stderr=sortie
        )
        p.sortie = sortie
        processus.append(p)
        return p

    ports = [_port_libre(), _port_libre()]
    try:
        for i, port in enumerate(ports, 1):
            lancer(
                f"web{i}",
                "-m",
                "gunicorn",
                "imuse.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "60",
                "--graceful-timeout",
                "2",
            )
        for i in (1, 2):
            lancer(
                f"worker{i}",
                "manage.py",
                "rqworker",
                "default",
                "--job-class",
                "django_tasks_rq.Job",
                "--with-scheduler",
                "--name",
                f"worker{i}",
            )
        debut = time.monotonic()
        for port, p in zip(ports, processus, strict=False):
            _attendre_port(port, p)
            _attendre_page(port, p)
        print(f"\nseveral machines: web processes answering after {time.monotonic() - debut:.1f} s")
        yield {
            "web": ports,
            "s3": s3,
            "courriels": courriels,
            "journaux": journaux,
            "disque": tmp_path / "jamais",
        }
    finally:
        for p in processus:
            p.terminate()
        for p in processus:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            p.sortie.close()


def _journaux(pile) -> str:
    return "\n".join(
        f"--- {f.name}\n{f.read_text(errors='replace')[-3000:]}"
        for f in sorted(pile["journaux"].iterdir())
    )


def test_an_upload_through_one_web_process_downloads_through_the_other(
    pile, settings, responsable1, irina, domicile, cours_irina
):
    # The other processes hash with production's hashers: a password they can check.
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    utilisateur = responsable1.utilisateur
    utilisateur.password = make_password("Secret2026", hasher="pbkdf2_sha256")
    utilisateur.save(update_fields=["password"])
    debut = time.monotonic()

    web1 = Navigateur(port=pile["web"][0])
    reponse = web1.connecter("valognes", "abarre1", "Secret2026")
    assert reponse.statut == 302, _journaux(pile)
    page = f"/reinscription/eleve/{irina.pk}/"
    assert web1.get(page).statut == 200
    contenu = (CORPUS / "attestation.pdf").read_bytes()
    cours = [("cours", str(cours_irina[0].pk))]
    reponse = web1.post(
        page,
        [*cours, ("action", "importer"), ("piece", str(domicile.pk))],
        {"fichier": ("attestation.pdf", "application/pdf", contenu)},
    )
    assert reponse.statut == 302, reponse.corps.decode(errors="replace")[:2000]

    # The file is in the bucket, not on a disk of web process 1.
    pj = PieceJointe.objects.get(piece=domicile)
    objet = pile["s3"].get_object(Bucket=SEAU, Key=f"private/{pj.fichier.name}")
    assert objet["Body"].read() == contenu
    assert not pile["disque"].exists()

    # The same family, its next request answered by web process 2 (one shared session).
    web2 = Navigateur(port=pile["web"][1])
    web2.cookies = dict(web1.cookies)
    assert "attestation.pdf" in web2.get(page).corps.decode()
    telechargement = web2.get(f"{page}pieces/{pj.pk}/")
    assert telechargement.statut == 200
    assert telechargement.corps == contenu
    assert telechargement.entetes["content-disposition"].startswith("attachment")
    assert telechargement.entetes["x-content-type-options"] == "nosniff"
    # Another family's browser gets nothing of it from either process.
    inconnu = Navigateur(port=pile["web"][1])
    assert inconnu.get(f"{page}pieces/{pj.pk}/").statut == 302  # to the login page

    # Valider on web process 2 queues the acknowledgement in the outbox; a worker sends it.
    web2.get(page)
    reponse = web2.post(page, [*cours, ("action", "valider")])
    assert reponse.statut == 302, reponse.corps.decode(errors="replace")[:2000]
    courriel = Courriel.objects.filter(destinataire="jeremie@example.org").get()
    limite = time.monotonic() + ATTENTE
    while time.monotonic() < limite:
        courriel.refresh_from_db()
        if courriel.etat == Courriel.Etat.ENVOYE:
            break
        time.sleep(0.2)
    assert courriel.etat == Courriel.Etat.ENVOYE, _journaux(pile)
    # Sent by one of the two RQ workers, not by the web process that queued it.
    executants = [
        nom
        for nom in ("worker1", "worker2")
        if "Successfully completed imuse.emails.envoyer_courriel"
        in (pile["journaux"] / f"{nom}.log").read_text(errors="replace")
    ]
    assert len(executants) == 1, _journaux(pile)
    envoyes = [f.read_bytes() for f in pile["courriels"].iterdir()]
    assert len(envoyes) == 1 and b"To: jeremie@example.org" in envoyes[0]
    print(f"several machines: upload, download and outbox in {time.monotonic() - debut:.1f} s")
