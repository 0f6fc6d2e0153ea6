"""Admin lists sorted by a column on an index, whichever way the header is clicked.

Django completes a change list's order with "-pk" whatever the direction of the sorted
column, after the admin's own `ordering`: `montant ASC, id DESC` cannot be read off an
index on (montant, id) in either direction, so PostgreSQL sorted every row of the site for
one page (1.6 s for the invoices by amount at 100,000 families). When a header is clicked,
`ChangeListTriee` orders by the clicked columns then the key in the direction of the first
(`nom, id` or `-nom, -id`), which one index on (column, id) serves both ways; a list's own
order is left as Django makes it (its indexes are built for it). Each admin lists in
`sortable_by` only the columns that have such an index (docs/performance.md): a column
that is not sortable still shows, and a filter does what a sort by a few values (nature,
mode, status) did.
"""

from __future__ import annotations

from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db.models import F, OrderBy


def _croissant(terme) -> bool:
    if isinstance(terme, str):
        return not terme.startswith("-")
    if isinstance(terme, OrderBy):
        return not terme.descending
    return isinstance(terme, F)


class ChangeListTriee(ChangeList):
    def get_ordering(self, request, queryset):
        # Django checks `sortable_by` for the header links only: an `?o=` typed by hand
        # still sorted by any column (the sheets by course: 2.8 s).
        if self.params.get(ORDER_VAR):
            self.params[ORDER_VAR] = self._triables(self.params[ORDER_VAR])
        # A click sorts by its columns then the key, not also by the admin's own order
        # (Django appends it, "-pk" in the Inscriptions list: no index serves both).
        if self.params.get(ORDER_VAR):
            queryset = queryset.order_by()
        return super().get_ordering(request, queryset)

    def _triables(self, ordre: str) -> str:
        if self.sortable_by is None:
            return ordre
        gardes = []
        for terme in ordre.split("."):
            try:
                nom = self.list_display[int(terme.rpartition("-")[2])]
            except (IndexError, ValueError):
                continue
            if nom in self.sortable_by:
                gardes.append(terme)
        return ".".join(gardes)

    def _get_deterministic_ordering(self, ordering):
        ordering = list(ordering)
        complete = super()._get_deterministic_ordering(ordering)
        # A list's own order keeps Django's "-pk" (its indexes are built for it).
        clique = bool(self.params.get(ORDER_VAR))
        ajoute = len(complete) == len(ordering) + 1 and complete[-1] == "-pk"
        if clique and ajoute and ordering and _croissant(ordering[0]):
            complete[-1] = "pk"
        return complete
