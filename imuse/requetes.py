"""Querysets compiled once per process, run again with other values (issue 15).

Building the SQL of a queryset (Django's compiler: columns, joins, ordering) costs more
than running it for the small lookups every portal page makes (the guardian with their
family and school, the pupils, the open campaign): 0.3 to 1 ms of Python per query against
0.1 ms in PostgreSQL. `RequeteFigee` compiles its queryset once, with sample values, and
then only substitutes the real values into the parameters:

    RESPONSABLE = RequeteFigee(
        lambda utilisateur_id: Responsable.objects.filter(utilisateur_id=utilisateur_id)
        .select_related("famille__etablissement").order_by("pk")[:1],
        ID,
    )
    RESPONSABLE.lister(user.pk)  # a list of model instances, like list(queryset)

The builder must depend on its arguments only (no `now()`: pass the date as an argument),
and the sample values must be unlike any constant of the query (ID, JOUR, INSTANT below),
valid for their field, and reach the parameters unchanged (ids, strings, booleans; dates
on PostgreSQL, dates and instants as their text on SQLite). The builder is compiled twice and
compared: when the SQL or the other parameters differ, or a sample value is not found
among the parameters, the queryset is simply built and run on every call, as without this
class. The result is a list, not a queryset to chain further.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import BaseExpression

from imuse.copie_champs import copie_superficielle

# Sample values for the builders' arguments: never run, only compiled, so all they need
# is to be unlike any constant of a query, and valid for their field (Django drops a
# negative value on a positive field as an empty result: ids are positive, within 32 bits).
ID = 1_999_000_017
ID2 = 1_999_000_029
ID3 = 1_999_000_031
JOUR = date(1, 1, 2)
TEXTE = "imuse-requete-exemple"
JOUR2 = date(1, 1, 3)
INSTANT = datetime(1, 1, 2, tzinfo=UTC)


def _date_en_texte(valeur: Any, exemple: Any) -> bool:
    """A date bound as its ISO text, as SQLite's backend adapts a DateField's value."""
    return type(exemple) is date and type(valeur) is str and valeur == exemple.isoformat()


def _texte_sqlite(instant: datetime) -> str:
    """What SQLite's backend binds for a DateTimeField's value (USE_TZ: in UTC, naive)."""
    if instant.tzinfo is not None:
        instant = instant.astimezone(UTC).replace(tzinfo=None)
    return str(instant)


def _instant_en_texte(valeur: Any, exemple: Any) -> bool:
    return type(exemple) is datetime and type(valeur) is str and valeur == _texte_sqlite(exemple)


def _hors_limites(valeur: Any) -> bool:
    return type(valeur) is int and not -(2**63) <= valeur < 2**63


def comme_first(queryset: QuerySet) -> QuerySet:
    """queryset[:1] in the order .first() takes (the queryset's, else the key's)."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


class _Compilee:
    __slots__ = ("queryset", "compilateur", "sql", "params", "positions")

    def __init__(self, queryset, compilateur, sql, params, positions):
        self.queryset = queryset
        self.compilateur = compilateur
        self.sql = sql
        self.params = params
        self.positions = positions


def _compiler(queryset: QuerySet):
    compilateur = queryset.query.get_compiler(using=queryset.db)
    sql, params = compilateur.as_sql()
    return compilateur, sql, tuple(params)


def _convertisseurs_une_fois(compilateur) -> None:
    """The compiler's row converters, looked up once (and that no column is a composite
    key's): they depend on the selected columns only, and listing them walked every column
    of every join on each run (8 tables, 57 columns for a course sheet). Not with
    composite keys (get_converters recurses)."""
    champs = [s[0] for s in compilateur.select[0 : compilateur.col_count]]
    if compilateur.has_composite_fields(champs):
        return
    convertisseurs = compilateur.get_converters(champs)
    compilateur.get_converters = lambda expressions: convertisseurs
    compilateur.has_composite_fields = lambda expressions: False


def _copie(queryset: QuerySet) -> QuerySet:
    """A queryset to run the compiled query once: the stored one, never evaluated, with
    its Query copied shallowly. _chain() deep-copied the select_related tree and the
    filters on each run; nothing of them changes here, the compiler being compiled."""
    copie = queryset.__class__.__new__(queryset.__class__)
    copie.__dict__.update(queryset.__dict__)
    copie._query = _copie_requete(queryset._query)
    return copie


def _copie_requete(requete):
    """copy.copy(requete): BaseExpression.__getstate__'s copy of its __dict__ (without the
    cached `convert_value`), without copyreg's round."""
    cls = type(requete)
    if (
        cls.__getstate__ is not BaseExpression.__getstate__
        or hasattr(cls, "__copy__")
        or hasattr(cls, "__setstate__")
    ):
        return copy.copy(requete)
    copie = cls.__new__(cls)
    copie.__dict__.update(requete.__dict__)
    copie.__dict__.pop("convert_value", None)
    return copie


class RequeteFigee:
    # Every instance (module constants), for bench/cpu.py to tell which ones fell back.
    toutes: list[RequeteFigee] = []

    def __init__(self, construire: Callable[..., QuerySet], *exemples: Any):
        RequeteFigee.toutes.append(self)
        self.construire = construire
        self.exemples = exemples
        self._compilees: dict[str, _Compilee | None] = {}

    def _preparer(self, alias: str) -> _Compilee | None:
        if alias in self._compilees:
            return self._compilees[alias]
        compilee = None
        try:
            queryset = self.construire(*self.exemples).using(alias)
            compilateur, sql, params = _compiler(queryset)
            _c, sql2, params2 = _compiler(self.construire(*self.exemples).using(alias))
        except EmptyResultSet:
            sql = None
        if sql and sql == sql2 and params == params2:
            positions = []
            for i, valeur in enumerate(params):
                for k, exemple in enumerate(self.exemples):
                    # psycopg's Int8 (a bigint field's parameter) is an int: keep the type.
                    if isinstance(valeur, type(exemple)) and valeur == exemple:
                        cast = None if type(valeur) is type(exemple) else type(valeur)
                        positions.append((i, k, cast))
                    elif _date_en_texte(valeur, exemple):
                        positions.append((i, k, date.isoformat))
                    elif _instant_en_texte(valeur, exemple):
                        positions.append((i, k, _texte_sqlite))
            if {k for _i, k, _c in positions} == set(range(len(self.exemples))):
                _convertisseurs_une_fois(compilateur)
                compilee = _Compilee(queryset, compilateur, sql, params, tuple(positions))
        self._compilees[alias] = compilee
        return compilee

    def lister(self, *valeurs: Any, using: str = "default") -> list:
        compilee = self._preparer(using)
        # None compiles to IS NULL, another SQL; an integer beyond 64 bits (a number typed
        # in a URL) is no key, which Django's lookups answer without the database: both
        # built as usual.
        if compilee is None or None in valeurs or any(map(_hors_limites, valeurs)):
            return list(self.construire(*valeurs).using(using))
        params = list(compilee.params)
        for i, k, cast in compilee.positions:
            params[i] = valeurs[k] if cast is None else cast(valeurs[k])
        sql, params = compilee.sql, tuple(params)
        # copy.copy without copyreg's round: ~25 calls a query.
        compilateur = copie_superficielle(compilee.compilateur)
        compilateur.connection = connections[using]
        compilateur.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = _copie(compilee.queryset)
        queryset.query.get_compiler = lambda *args, **kwargs: compilateur
        return list(queryset)

    @property
    def figee(self) -> bool | None:
        """True once compiled for the default database, False when it fell back."""
        if "default" not in self._compilees:
            return None
        return self._compilees["default"] is not None

    def premier(self, *valeurs: Any, using: str = "default") -> Any:
        lignes = self.lister(*valeurs, using=using)
        return lignes[0] if lignes else None
