"""Admin lists at scale: counts estimated past a threshold (PostgreSQL), searches on
trigram indexes (PostgreSQL; the migrations do nothing on SQLite)."""

import pytest
from django.db import connection

from famille.models import Famille
from imuse import pagination
from imuse.admin_base import SiteAdmin
from imuse.models import Etablissement
from imuse.pagination import PaginateurEstime
from tests import factories as f

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner and pg_trgm"
)


def test_every_site_admin_estimates_and_skips_the_full_count():
    assert SiteAdmin.paginator is PaginateurEstime
    assert SiteAdmin.show_full_result_count is False


def test_below_the_threshold_the_count_is_exact(db):
    for n in range(3):
        f.EtablissementFactory(code=f"s{n}")
    paginateur = PaginateurEstime(Etablissement.objects.order_by("pk"), 2)
    assert paginateur.count == 3
    assert paginateur.num_pages == 2


@postgresql
def test_beyond_the_threshold_postgresql_estimates(db, monkeypatch):
    for n in range(6):
        f.EtablissementFactory(code=f"s{n}")
    monkeypatch.setattr(pagination, "SEUIL", 2)
    with connection.cursor() as c:
        c.execute("ANALYZE imuse_etablissement")
    compte = PaginateurEstime(Etablissement.objects.order_by("pk"), 2).count
    assert compte >= 3  # never below what was counted


@postgresql
def test_the_family_search_uses_its_trigram_index(etablissement):
    f.FamilleFactory(etablissement=etablissement, nom="ABARRE")
    requete = Famille.objects.filter(nom__icontains="barr")
    sql, params = requete.query.sql_with_params()
    with connection.cursor() as c:
        # A small table: without these the planner walks any index; with them it must
        # pick the one that can answer the filter.
        c.execute("SET LOCAL enable_seqscan = off")
        c.execute("SET LOCAL enable_indexscan = off")
        c.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(ligne[0] for ligne in c.fetchall())
    assert "famille_nom_trgm" in plan
