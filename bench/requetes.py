"""Queries and SQL time per page, in process (Django's test client): every portal page
for a family of each site (40 and N families), and every admin list and search."""

from __future__ import annotations

import statistics
import time

from django.contrib import admin
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

BACKEND = "comptes.backends.IdentifiantBackend"


class Chrono:
    """Times each query precisely (Django's own log rounds to the millisecond)."""

    def __init__(self):
        self.durees: list[float] = []

    def __call__(self, execute, sql, params, many, context):
        debut = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.durees.append(time.perf_counter() - debut)


def _mesurer(client: Client, chemin: str, repetitions: int = 3) -> dict:
    mesures = []
    for _ in range(repetitions):
        chrono = Chrono()
        with connection.execute_wrapper(chrono):
            debut = time.perf_counter()
            rep = client.get(chemin)
            total = time.perf_counter() - debut
        sql = sum(chrono.durees)
        mesures.append((total * 1000, sql * 1000, len(chrono.durees), rep.status_code))
    total, sql, nombre, statut = min(mesures)
    return {
        "ms": total,
        "sql_ms": sql,
        "requetes": nombre,
        "statut": statut,
        "ms_median": statistics.median(m[0] for m in mesures),
    }


def pages_en_process(utilisateur, pages: dict[str, str]) -> dict:
    client = Client()
    client.force_login(utilisateur, backend=BACKEND)
    client.get("/accueil/")  # the visit is stamped once
    return {nom: _mesurer(client, chemin) for nom, chemin in pages.items()}


def listes_admin(superutilisateur, recherche: str = "MARTIN") -> dict:
    """Every registered admin's changelist, and its search when it has one."""
    client = Client()
    client.force_login(superutilisateur, backend=BACKEND)
    resultats = {}
    for modele, modele_admin in sorted(
        admin.site._registry.items(), key=lambda m: (m[0]._meta.app_label, m[0]._meta.model_name)
    ):
        meta = modele._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        except NoReverseMatch:  # an admin without a list
            url = None
        if url is None:
            continue
        nom = f"{meta.app_label}.{meta.model_name}"
        resultats[nom] = _mesurer(client, url, 2)
        if modele_admin.search_fields:
            resultats[f"{nom} ?q={recherche}"] = _mesurer(client, f"{url}?q={recherche}", 2)
    return resultats
