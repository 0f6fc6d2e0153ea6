"""A paginator that counts exactly up to SEUIL rows and estimates beyond.

An admin list of 100,000 families paid a full COUNT(*) on every page. Here the count
reads at most SEUIL + 1 rows; past that, on PostgreSQL, it takes the planner's estimate
of the query's rows (EXPLAIN), never less than what was counted: the page numbers are
approximate only on lists that large. On other databases the count stays exact.
"""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

SEUIL = 10_000


class PaginateurEstime(Paginator):
    # Rows counted exactly before estimating: SEUIL unless set (a search's result,
    # imuse/admin_recherche.py, counts fewer: each match is a key probe and a site check).
    seuil: int | None = None
    # The planner's estimate of these very rows, when the caller already has it (a
    # common name's search, imuse/admin_recherche.py): not asked again.
    estimation: int | None = None

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if not isinstance(qs, QuerySet):
            return super().count
        connexion = connections[qs.db]
        if connexion.vendor != "postgresql":
            return super().count
        # The list's order does not change how many rows there are: without it PostgreSQL
        # stops after SEUIL + 1 rows instead of sorting the whole site first.
        seuil = self.seuil or SEUIL
        compte = qs.order_by()[: seuil + 1].count()
        if compte <= seuil:
            return compte
        return max(estimation(qs) if self.estimation is None else self.estimation, compte)


def estimation(qs: QuerySet) -> int:
    """The rows PostgreSQL's planner expects `qs` to return (EXPLAIN: planned, not run)."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as curseur:
        curseur.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = curseur.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
