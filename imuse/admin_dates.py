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

from datetime import date, timedelta

from django.db import connections
from django.db.models import F, Max, Min
from django.db.models.expressions import RawSQL

from imuse.admin_tri import ChangeListTriee

SONDES_MAX = 60  # periods probed in one query; beyond, Django's own DISTINCT


def _periodes(premiere: date, derniere: date, genre: str) -> list[tuple[date, date]] | None:
    """(start, start of the next) of every year, month or day from `premiere` to
    `derniere`; None beyond SONDES_MAX days."""
    periodes = []
    if genre == "year":
        for annee in range(premiere.year, derniere.year + 1):
            periodes.append((date(annee, 1, 1), date(annee + 1, 1, 1)))
        return periodes
    if genre == "day":
        jours = (derniere - premiere).days + 1
        if jours > SONDES_MAX:
            return None
        return [
            (premiere + timedelta(days=n), premiere + timedelta(days=n + 1)) for n in range(jours)
        ]
    annee, mois = premiere.year, premiere.month
    while (annee, mois) <= (derniere.year, derniere.month):
        suivant = (annee + mois // 12, mois % 12 + 1)
        periodes.append((date(annee, mois, 1), date(*suivant, 1)))
        annee, mois = suivant
    return periodes


def _debut(jour: date, genre: str) -> date:
    if genre == "year":
        return date(jour.year, 1, 1)
    if genre == "month":
        return date(jour.year, jour.month, 1)
    return jour


class _Sondes:
    """Mixed into the list's QuerySet class: `dates()` by probes. What the list already
    knows is reused, so the page runs no more queries than Django's: the first and last
    dates the date_hierarchy tag has just read (`aggregate`), the year drilled into."""

    _annee: int | None = None
    _mois: int | None = None
    # Off while a search is typed: each probe would run the search again; Django's one
    # DISTINCT over the rows found is cheaper. Unless the search marked its result
    # `sondable` (many rows matching one condition: each probe stops at the first).
    _sonder = True
    # A search's result (`sondable`): its condition holds thousands of constants, which
    # PostgreSQL would plan once per period of the UNION (27 ms for 10 years).
    _en_une = False

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
        if self._annee is not None:
            if kind == "month":
                return date(self._annee, 1, 1), date(self._annee, 12, 1)
            if kind == "day" and self._mois is not None:
                fin = date(self._annee + self._mois // 12, self._mois % 12 + 1, 1)
                return date(self._annee, self._mois, 1), fin - timedelta(days=1)
        bornes = getattr(self, "_bornes", {}).get(field_name)
        if bornes is None:
            lues = self.aggregate(premiere=Min(field_name), derniere=Max(field_name))
            bornes = lues["premiere"], lues["derniere"]
        return bornes

    def dates(self, field_name, kind, order="ASC"):
        features = connections[self.db].features
        if not self._sonder or not features.supports_slicing_ordering_in_compound:
            return super().dates(field_name, kind, order)
        premiere, derniere = self._bornes_de(field_name, kind)
        if premiere is None:
            return []
        periodes = _periodes(premiere, derniere, kind)
        if periodes is None or len(periodes) > SONDES_MAX:
            return super().dates(field_name, kind, order)
        if self._en_une and connections[self.db].vendor == "postgresql":
            trouvees = self._sonder_en_une(field_name, periodes)
            debuts = {_debut(jour, kind) for jour in trouvees}
            return sorted(debuts, reverse=order == "DESC")
        sondes = [
            self.filter(**{f"{field_name}__gte": debut, f"{field_name}__lt": fin})
            .order_by(field_name)
            .values_list(field_name, flat=True)[:1]
            for debut, fin in periodes
        ]
        premiere, *autres = sondes
        trouvees = premiere.union(*autres, all=True) if autres else premiere
        debuts = {_debut(jour, kind) for jour in trouvees}
        return sorted(debuts, reverse=order == "DESC")

    def _sonder_en_une(self, field_name, periodes) -> list[date]:
        """The probes as one query planned once: a subquery per period, its bounds taken
        from the array of periods (`unnest`)."""
        bornes = {
            f"{field_name}__gte": RawSQL("p.debut", ()),
            f"{field_name}__lt": RawSQL("p.fin", ()),
        }
        sonde = self.filter(**bornes).order_by(field_name).values_list(field_name)[:1]
        sql, params = sonde.query.sql_with_params()
        debuts, fins = [d for d, _f in periodes], [f for _d, f in periodes]
        with connections[self.db].cursor() as curseur:
            # `sql` is the ORM's compiled query; every value is a parameter.
            curseur.execute(
                f"SELECT ({sql}) FROM unnest(%s::date[], %s::date[]) AS p(debut, fin)",  # noqa: S608
                (*params, debuts, fins),
            )
            return [jour for (jour,) in curseur.fetchall() if jour is not None]


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


def sondable(queryset):
    """A search's result whose probes are cheap (imuse/admin_recherche.py: one condition
    on the table, matching many rows of it): the drill-down probes it as without a
    search. Marks the queryset the admin's search returns, read by the change list."""
    queryset._sondable = True
    return queryset


def _entier(valeur, mini: int, maxi: int) -> int | None:
    try:
        nombre = int(valeur)
    except (TypeError, ValueError):
        return None
    return nombre if mini <= nombre <= maxi else None


class ChangeListSondes(ChangeListTriee):
    def get_queryset(self, request, exclude_parameters=None):
        trouves = super().get_queryset(request, exclude_parameters)
        queryset = avec_sondes(trouves)
        if self.date_hierarchy:
            queryset._annee = _entier(self.params.get(f"{self.date_hierarchy}__year"), 1, 9998)
            queryset._mois = _entier(self.params.get(f"{self.date_hierarchy}__month"), 1, 12)
        queryset._en_une = bool(self.query) and getattr(trouves, "_sondable", False)
        queryset._sonder = not self.query or queryset._en_une
        return queryset


class DatesParSondes:
    """For a ModelAdmin with a `date_hierarchy` on a DateField."""

    def get_changelist(self, request, **kwargs):
        return ChangeListSondes
