"""Production-like settings for the benchmark: DEBUG off, PostgreSQL (bench/lancer.py
sets DATABASE_URL), plain HTTP on 127.0.0.1, and one extra URL: the bare view."""

import os

for nom, valeur in {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnop",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "STATIC_MANIFEST": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "PRIVATE_ROOT": "/tmp/imuse-bench-private",
    "LOG_LEVEL": "WARNING",
    "AXES_FAILURE_LIMIT": "1000",
}.items():
    os.environ.setdefault(nom, valeur)

from imuse.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
