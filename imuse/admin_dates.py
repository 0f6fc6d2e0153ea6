"""The admin's date drill-down (`date_hierarchy`) without reading every row.

Django lists the years of a list with `SELECT DISTINCT DATE_TRUNC('year', date) … WHERE
<the list's filters>`: at 700,000 invoices it reads them all (386 ms, issue 15). With
`DatesParSondes`, the years (and a year's months) are found by probing: the first and
last dates (MIN/MAX, which PostgreSQL answers from the two ends of an index), then, for
each year (month) between them, "the first row of that period" (`ORDER BY date LIMIT 1`,
one index probe), all in one UNION query. The list's filters and search apply to every
probe, so the years shown are the same as Django's. Days (a month's rows) are left to
Django; so is a database that cannot slice inside a UNION (SQLite).

For a ModelAdmin: `class FactureAdmin(DatesParSondes, …, SiteAdmin)`, with an index
whose first columns are the list's equality filters (the site) then the date.
"""

from __future__ import annotations

from datetime import date

from django.contrib.admin.views.main import ChangeList
from django.db import connections
from django.db.models import F, Max, Min

SONDES_MAX = 60  # periods probed in one query; beyond, Django's own DISTINCT


def _periodes(premiere: date, derniere: date, genre: str) -> list[tuple[date, date]]:
    """(start, start of the next) of every year or month from `premiere` to `derniere`."""
    periodes = []
    if genre == "year":
        for annee in range(premiere.year, derniere.year + 1):
            periodes.append((date(annee, 1, 1), date(annee + 1, 1, 1)))
        return periodes
    annee, mois = premiere.year, premiere.month
    while (annee, mois) <= (derniere.year, derniere.month):
        suivant = (annee + mois // 12, mois % 12 + 1)
        periodes.append((date(annee, mois, 1), date(*suivant, 1)))
        annee, mois = suivant
    return periodes


class _Sondes:
    """Mixed into the list's QuerySet class: `dates()` by probes. What the list already
    knows is reused, so the page runs no more queries than Django's: the first and last
    dates the date_hierarchy tag has just read (`aggregate`), the year drilled into."""

    _annee: int | None = None

    def aggregate(self, *args, **kwargs):
        resultat = super().aggregate(*args, **kwargs)
        premiere, derniere = kwargs.get("first"), kwargs.get("last")
        if not args and len(kwargs) == 2 and isinstance(premiere, Min):
            champ = premiere.source_expressions[0]
            if isinstance(derniere, Max) and isinstance(champ, F):
                if derniere.source_expressions[0] == champ:
                    self._bornes = {champ.name: (resultat["first"], resultat["last"])}
        return resultat

    def _bornes_de(self, field_name, kind):
        if kind == "month" and self._annee is not None:
            return date(self._annee, 1, 1), date(self._annee, 12, 1)
        bornes = getattr(self, "_bornes", {}).get(field_name)
        if bornes is None:
            lues = self.aggregate(premiere=Min(field_name), derniere=Max(field_name))
            bornes = lues["premiere"], lues["derniere"]
        return bornes

    def dates(self, field_name, kind, order="ASC"):
        features = connections[self.db].features
        if kind not in ("year", "month") or not features.supports_slicing_ordering_in_compound:
            return super().dates(field_name, kind, order)
        premiere, derniere = self._bornes_de(field_name, kind)
        if premiere is None:
            return []
        periodes = _periodes(premiere, derniere, kind)
        if len(periodes) > SONDES_MAX:
            return super().dates(field_name, kind, order)
        sondes = [
            self.filter(**{f"{field_name}__gte": debut, f"{field_name}__lt": fin})
            .order_by(field_name)
            .values_list(field_name, flat=True)[:1]
            for debut, fin in periodes
        ]
        premiere, *autres = sondes
        trouvees = premiere.union(*autres, all=True) if autres else premiere
        debuts = {
            date(jour.year, 1, 1) if kind == "year" else date(jour.year, jour.month, 1)
            for jour in trouvees
        }
        return sorted(debuts, reverse=order == "DESC")


_CLASSES: dict[type, type] = {}


def avec_sondes(queryset):
    """The same queryset, whose `dates()` probes (its clones keep the class)."""
    classe = type(queryset)
    if issubclass(classe, _Sondes):
        return queryset
    if classe not in _CLASSES:
        _CLASSES[classe] = type(f"{classe.__name__}Sondes", (_Sondes, classe), {})
    queryset = queryset._chain()
    queryset.__class__ = _CLASSES[classe]
    return queryset


class ChangeListSondes(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = avec_sondes(super().get_queryset(request, exclude_parameters))
        annee = self.params.get(f"{self.date_hierarchy}__year") if self.date_hierarchy else None
        if isinstance(annee, list):
            annee = annee[-1] if annee else None
        try:
            queryset._annee = int(annee) if annee is not None else None
        except (TypeError, ValueError):
            queryset._annee = None
        if queryset._annee is not None and not 1 <= queryset._annee <= 9999:
            queryset._annee = None
        return queryset


class DatesParSondes:
    """For a ModelAdmin with a `date_hierarchy` on a DateField."""

    def get_changelist(self, request, **kwargs):
        return ChangeListSondes
