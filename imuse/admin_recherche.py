"""Admin searches that cross a relation, answered table by table.

Django's admin search ORs every `search_fields` lookup in one WHERE over the joined
tables (a family's name OR its guardians' names): PostgreSQL then filters the joined rows
one by one and no trigram index serves (docs/performance.md, "Admin at 100,000
families"). `RechercheParTable.get_search_results` finds the same rows with one query per
table, each on that table's own columns (its trigram indexes), combined by primary key:

    id IN (SELECT id FROM famille WHERE UPPER(nom) LIKE '%MARTIN%' OR ...
           UNION SELECT famille_id FROM responsable WHERE UPPER(nom) LIKE '%MARTIN%' ...)

The rows found are Django's (`ModelAdmin.get_search_results`): the text is split into
terms (quotes keep a phrase); a row is found when every term matches one of the fields
(`icontains`, `^` istartswith, `=` iexact, or the lookup the field names); across a
many-valued relation (a family's guardians) the terms the row itself does not match must
all be matched by one and the same related row, as Django's single join requires. What
this module does not translate (`@` full-text, an `exact` cast from a non-text field,
many-to-many, a many-valued relation behind a forward one when several terms are typed,
too many terms across many-valued relations) is left to Django's own search, unchanged.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import partial

from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, connections, models
from django.db.models import F, Lookup, Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import RawSQL
from django.utils.text import smart_split, unescape_string_literal

from imuse.admin_base import _Restriction
from imuse.admin_dates import sondable
from imuse.pagination import PaginateurEstime, estimation

# At most this many keys found are read and passed on as constants (see `lues`).
LIMITE_CLES = 20_000
# Beyond this many ways of spreading the terms over the row and its many-valued
# relations, the query would grow too large: Django's own search answers instead.
COMBINAISONS_MAX = 64
PREFIXES = {"^": "istartswith", "=": "iexact"}


class NonPrisEnCharge(Exception):
    """A search this module does not translate (Django's search answers)."""


def termes(recherche: str) -> list[str]:
    """The search text's terms, as Django's admin splits them."""
    resultat = []
    for bit in smart_split(recherche):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        resultat.append(bit)
    return resultat


@dataclass
class Champ:
    """One search field: the relations it follows, then its lookup on the last model."""

    relations: list
    lookup: str


def champ_de(modele, texte: str) -> Champ:
    """A `search_fields` entry read as Django's `construct_search` reads it."""
    suffixe = None
    if texte[:1] == "@":
        raise NonPrisEnCharge(texte)
    if texte[:1] in PREFIXES:
        suffixe, texte = PREFIXES[texte[0]], texte[1:]
    opts = modele._meta
    relations = []
    parties = texte.split(LOOKUP_SEP)
    for i, partie in enumerate(parties):
        if partie == "pk":
            partie = opts.pk.name
        try:
            champ = opts.get_field(partie)
        except FieldDoesNotExist:
            raise NonPrisEnCharge(texte) from None
        reste = parties[i + 1 :]
        if champ.is_relation:
            if champ.many_to_many or not reste:
                raise NonPrisEnCharge(texte)
            relations.append(champ)
            opts = champ.related_model._meta
            continue
        if suffixe:
            if reste:
                raise NonPrisEnCharge(texte)
            return Champ(relations, f"{champ.name}__{suffixe}")
        if not reste:
            return Champ(relations, f"{champ.name}__icontains")
        # An explicit lookup ("numero__exact"): Django casts a non-text field first.
        if reste[-1] == "exact" and not isinstance(champ, (models.CharField, models.TextField)):
            raise NonPrisEnCharge(texte)
        return Champ(relations, LOOKUP_SEP.join([champ.name, *reste]))
    raise NonPrisEnCharge(texte)


def _plusieurs(relation) -> bool:
    """Whether a row may have several related rows through this relation."""
    return not (relation.many_to_one or (relation.one_to_one and relation.concrete))


@dataclass
class _Groupe:
    relation: object
    champs: list = field(default_factory=list)

    @property
    def modele(self):
        return self.relation.related_model


def _union(requetes: list):
    return requetes[0] if len(requetes) == 1 else requetes[0].union(*requetes[1:])


def cles(modele, champs: list[Champ], liste: list[str], colonne: str = "pk", base=None):
    """The values of `colonne` of the rows of `modele` (of `base`, by default all) found
    by `liste` (the terms) in `champs`: a query (a UNION of indexed queries); only the
    keys of forward relations (the families whose name matches, for their pupils) are
    read first (`lues`)."""
    base = (modele._base_manager if base is None else base).order_by()
    propres = [c.lookup for c in champs if not c.relations]
    groupes: dict[str, _Groupe] = {}
    for c in champs:
        if c.relations:
            groupe = groupes.setdefault(c.relations[0].name, _Groupe(c.relations[0]))
            groupe.champs.append(Champ(c.relations[1:], c.lookup))
    simples = [g for g in groupes.values() if not _plusieurs(g.relation)]
    multiples = [g for g in groupes.values() if _plusieurs(g.relation)]
    if len(liste) > 1 and any(
        _plusieurs(r) for g in simples for c in g.champs for r in c.relations
    ):
        raise NonPrisEnCharge(modele)
    if (1 + len(multiples)) ** len(liste) > COMBINAISONS_MAX:
        raise NonPrisEnCharge(modele)

    def alternatives(terme: str) -> list[tuple[Q, tuple | None]]:
        """The ways the row itself (its columns, its forward relations) matches `terme`:
        (condition, (column, subquery) when the condition is `column IN subquery`)."""
        resultat = []
        if propres:
            resultat.append((Q.create([(p, terme) for p in propres], connector=Q.OR), None))
        for g in simples:
            cible = g.relation.target_field.attname
            sous = lues(cles(g.modele, g.champs, [terme], cible))
            resultat.append((parmi(g.relation.attname, sous), None))
        return resultat

    branches = []
    for repartition in itertools.product([None, *multiples], repeat=len(liste)):
        conjonction: list[list[tuple[Q, tuple | None]]] = []
        for terme, ou in zip(liste, repartition, strict=True):
            if ou is None:
                conjonction.append(alternatives(terme))
        for g in multiples:
            siens = [t for t, ou in zip(liste, repartition, strict=True) if ou is g]
            if siens:
                distante = g.relation.field
                sous = cles(g.modele, g.champs, siens, distante.attname)
                colonne_cible = distante.target_field.attname
                conjonction.append([(Q(**{f"{colonne_cible}__in": sous}), (colonne_cible, sous))])
        if any(not alts for alts in conjonction):
            continue  # a term with nowhere to be matched on this side
        if len(conjonction) == 1:
            for condition, directe in conjonction[0]:
                if directe and _meme_colonne(modele, directe[0], colonne):
                    branches.append(directe[1])
                else:
                    branches.append(base.filter(condition).values_list(colonne, flat=True))
            continue
        conditions = []
        for alts in conjonction:
            if len(alts) == 1:
                conditions.append(alts[0][0])
            else:
                union = _union([base.filter(a).values_list("pk", flat=True) for a, _d in alts])
                conditions.append(Q(pk__in=union))
        branches.append(base.filter(*conditions).values_list(colonne, flat=True))
    if not branches:
        return base.none().values_list(colonne, flat=True)
    return _union(branches)


def tableau(valeurs: list):
    """A list of keys as one PostgreSQL array parameter: integers as the text of a
    `bigint[]` (psycopg adapts a Python list element by element: 30 ms for 29,399 keys,
    against 3 ms for its text), other values as the list."""
    if valeurs and all(type(v) is int for v in valeurs):
        return "{" + ",".join(map(str, valeurs)) + "}", "::bigint[]"
    return list(valeurs), ""


@dataclass(frozen=True)
class _Tableau:
    """The parameter of `_Parmi`, made once (the page's queries compile it six times)."""

    valeur: object
    cast: str


class _Parmi(Lookup):
    """`colonne = ANY(%s)`: a list of keys passed as one array parameter (thousands of
    `IN (%s, %s, ...)` parameters cost more to send than the query to run)."""

    lookup_name = "parmi"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s{self.rhs.cast})", [*params, self.rhs.valeur]


def parmi(colonne: str, valeurs) -> Q:
    """The condition `colonne IN valeurs` (a query, or the list `lues` read)."""
    if isinstance(valeurs, list) and connection.vendor == "postgresql":
        return Q(_Parmi(F(colonne), _Tableau(*tableau(valeurs))))
    return Q(**{f"{colonne}__in": valeurs})


def lues(requete, limite: int = LIMITE_CLES):
    """The keys a query finds, read now when there are at most `limite` (constants the
    planner counts: `famille_id = ANY(...)` walks the foreign key's index, where a
    subquery had it hash-join the whole table); else the query itself."""
    premieres = list(requete[: limite + 1])
    return premieres if len(premieres) <= limite else requete


def _meme_colonne(modele, attname: str, colonne: str) -> bool:
    pk = modele._meta.pk
    return attname == colonne or (colonne == "pk" and attname == pk.attname)


def condition_directe(
    modele, champs: list[Champ], liste: list[str], lire: bool = False, portee=None
) -> Q | None:
    """For a table searched only on its own columns and forward relations: the search as
    one condition on the table itself (`eleve_id IN (SELECT id FROM eleve WHERE ...)`;
    with `lire`, the related keys read first: `famille_id = ANY(array)`, among the rows
    `portee(model)` gives: the staff's site), or None when a many-valued relation needs
    the keys combined (`cles`)."""
    if any(_plusieurs(c.relations[0]) for c in champs if c.relations):
        return None
    if len(liste) > 1 and any(_plusieurs(r) for c in champs for r in c.relations):
        return None
    propres = [c.lookup for c in champs if not c.relations]
    groupes: dict[str, _Groupe] = {}
    for c in champs:
        if c.relations:
            groupe = groupes.setdefault(c.relations[0].name, _Groupe(c.relations[0]))
            groupe.champs.append(Champ(c.relations[1:], c.lookup))
    condition = Q()
    for terme in liste:
        ou = Q.create([(p, terme) for p in propres], connector=Q.OR)
        for g in groupes.values():
            # A subquery here: the page walks this table's key and stops at 50 rows,
            # probing a hashed set; thousands of constants made PostgreSQL plan (and JIT)
            # a bitmap scan of every match.
            cible = g.relation.target_field.attname
            if lire:
                sous = lues(_cles_lues(g.modele, g.champs, [terme], cible, portee))
                ou |= parmi(g.relation.attname, sous)
            else:
                ou |= parmi(g.relation.attname, cles(g.modele, g.champs, [terme], cible))
        condition &= ou
    return condition


def _cles_lues(modele, champs: list[Champ], liste: list[str], colonne: str, portee):
    """`cles` among the rows `portee` gives, as one condition when it can be (a BitmapOr
    over the table's indexes instead of a UNION whose rows are then deduplicated)."""
    base = (portee(modele) if portee else modele._base_manager).order_by()
    condition = condition_directe(modele, champs, liste, lire=True, portee=portee)
    if condition is None:
        return cles(modele, champs, liste, colonne, base)
    return base.filter(condition).values_list(colonne, flat=True)


class RechercheParTable:
    """ModelAdmin mixin: its `search_fields` searched table by table (see the module).

    The keys found are read first, up to `LIMITE_CLES`: the list's count and its page
    then look up those rows by primary key instead of each recomputing the search. More
    than that (a very common name), the search stays a subquery.

    `recherche_directe`: for a list ordered by its own key over millions of rows (course
    sheets), a search across forward relations only filters this table's foreign keys
    (the page walks its index and stops at 50 rows) instead of collecting every key."""

    LIMITE_CLES = LIMITE_CLES
    recherche_directe = False
    # A list ordered by an index of its own columns behind the site (invoices, payments:
    # site, date): a search the planner expects to match more than this many rows is one
    # condition on the table, the related keys read first (`famille_id = ANY(array) OR
    # numero LIKE ...`): the page walks the order index and stops at 50 rows, the count
    # at its threshold, the drill-down probes it (imuse/admin_dates.py). Fewer, and the
    # rows found are read as keys (the walk could cross the whole site for a rare name).
    # None: keys always (a list ordered by name, where a name's matches sit together).
    SEUIL_LARGE: int | None = None
    # A search's result is counted exactly up to this many rows, then estimated (by
    # PostgreSQL, from the keys found: within a few rows): counting 7,571 pupils named
    # MARTIN probed each one and its family's site.
    SEUIL_COMPTE_RECHERCHE = 1_000

    def _etale(self, queryset, champs: list[Champ], liste: list[str]) -> bool:
        """Whether the many rows found are the related rows' (a family's invoices, spread
        over the years) and not matches of the table's own columns, which may sit
        together in the list's order ("F2018", an invoice number holding its year: the
        walk from the newest would cross 600,000 invoices first): every term's own-column
        part is expected to match at most `SEUIL_LARGE` rows."""
        propres = [c.lookup for c in champs if not c.relations]
        for terme in liste if propres else []:
            ou = Q.create([(p, terme) for p in propres], connector=Q.OR)
            if estimation(queryset.filter(ou).order_by()) > self.SEUIL_LARGE:
                return False
        return True

    def _portee(self, request, modele):
        """The rows of `modele` the staff may see when its admin restricts it to their
        site by a column of its own (families): the related keys a search reads. An
        invoice's family is of its site, so the rows found are the same, and the
        planner's estimate is the site's own. A restriction through a join (a pupil's
        family) is left out: it would cost the search that join."""
        base = modele._base_manager.all()
        admin_lie = self.admin_site._registry.get(modele)
        if request is None or not isinstance(admin_lie, _Restriction):
            return base
        if admin_lie.site_field != "etablissement":
            return base
        return admin_lie.restreindre(request, base)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginateur = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if request is not None and request.GET.get(SEARCH_VAR, "").strip():
            if isinstance(paginateur, PaginateurEstime):
                paginateur.seuil = self.SEUIL_COMPTE_RECHERCHE
                paginateur.estimation = getattr(request, "recherche_estimee", None)
        return paginateur

    def get_search_results(self, request, queryset, search_term):
        champs = self.get_search_fields(request)
        liste = termes(search_term or "")
        if not champs or not liste:
            return super().get_search_results(request, queryset, search_term)
        modele = queryset.model
        postgresql = connections[queryset.db].vendor == "postgresql"
        try:
            lus = [champ_de(modele, c) for c in champs]
            directe = condition_directe(modele, lus, liste) if self.recherche_directe else None
            if directe is not None:
                return queryset.filter(directe), False
            # Own columns and forward relations only: one condition, its related keys
            # read first (one BitmapOr over this table's indexes, not a UNION to dedup).
            portee = partial(self._portee, request)
            condition = condition_directe(modele, lus, liste, lire=True, portee=portee)
            if condition is not None:
                large = self.SEUIL_LARGE is not None and postgresql
                estimees = estimation(queryset.filter(condition).order_by()) if large else 0
                if large and estimees > self.SEUIL_LARGE and self._etale(queryset, lus, liste):
                    if request is not None:
                        request.recherche_estimee = estimees
                    return sondable(queryset.filter(condition)), False
                trouves = modele._base_manager.filter(condition).values_list("pk", flat=True)
            else:
                trouves = cles(modele, lus, liste)
        except NonPrisEnCharge:
            return super().get_search_results(request, queryset, search_term)
        premiers = list(trouves.order_by()[: self.LIMITE_CLES + 1])
        if len(premiers) > self.LIMITE_CLES:
            return queryset.filter(pk__in=trouves), False
        entiere = isinstance(modele._meta.pk, (models.AutoField, models.BigAutoField))
        if entiere and postgresql and premiers:
            # As a set PostgreSQL counts (unnest): a list of constants made it walk the
            # list's order index hoping to meet them early, when a common name (MARTIN)
            # gathers them in one place of that order.
            premiers = RawSQL("SELECT unnest(%s::bigint[])", (tableau(premiers)[0],))
        return queryset.filter(pk__in=premiers), False
