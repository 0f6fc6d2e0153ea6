"""Admin searches that stay on indexes when `search_fields` cross a relation.

Django's `get_search_results` ORs every field's lookup in one WHERE over the joined
tables (`numero LIKE … OR famille.nom LIKE …`): PostgreSQL cannot combine the trigram
indexes of two tables across an OR, so it reads every row of the site (issue 15,
docs/performance.md). `RechercheParTable` searches each table on its own columns (one
subquery per relation, its own ORs, which a BitmapOr of trigram indexes answers) and
combines the matches by primary key with a UNION:

    pk IN (SELECT id FROM facture WHERE numero LIKE … OR libelle LIKE …
           UNION SELECT id FROM facture WHERE famille_id IN
                 (SELECT id FROM famille WHERE nom LIKE …))

The rows found are Django's: every term (smart_split, quotes kept) must match one of the
fields, each field as Django's prefixes say (`^` starts with, `=` exact, `@` full text,
else icontains), case-insensitive and accent-sensitive as before. No duplicates: the list
is never made DISTINCT. A number field (`famille__numero`) is not compared with a term
that has letters: its text never contains one, the result is the same.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import smart_split, unescape_string_literal

PREFIXES = {"^": "istartswith", "=": "iexact", "@": "search"}
CHIFFRES = set("0123456789-")


def _decomposer(modele, spec: str):
    """(relation path, related model, field, lookup path on it) of a search field, or None
    when Django's own search must run (a lookup that needs its cast alias)."""
    lookup = "icontains"
    if spec[:1] in PREFIXES:
        lookup, spec = PREFIXES[spec[0]], spec[1:]
    parties = spec.split(LOOKUP_SEP)
    opts, chemin, champ = modele._meta, [], None
    for i, partie in enumerate(parties):
        if partie == "pk":
            partie = opts.pk.name
        try:
            champ = opts.get_field(partie)
        except FieldDoesNotExist:
            if champ is None or not champ.get_lookup(partie):
                raise
            if partie == "exact" and not isinstance(champ, (models.CharField, models.TextField)):
                return None
            return tuple(chemin), opts.model, champ, LOOKUP_SEP.join(parties[i - 1 :])
        if champ.is_relation and i < len(parties) - 1:
            chemin.append(partie)
            opts = champ.related_model._meta
    return tuple(chemin), opts.model, champ, f"{parties[-1]}__{lookup}"


def _peut_trouver(champ, terme: str) -> bool:
    if isinstance(champ, (models.IntegerField, models.AutoField)) and not champ.is_relation:
        return set(terme) <= CHIFFRES
    return True


class RechercheParTable:
    """For a ModelAdmin: its search, one indexed query per table, combined by key."""

    def get_search_results(self, request, queryset, search_term):
        champs = list(self.get_search_fields(request))
        if not (champs and search_term):
            return super().get_search_results(request, queryset, search_term)
        modele = queryset.model
        decomposes = [_decomposer(modele, str(spec)) for spec in champs]
        if any(d is None for d in decomposes):
            return super().get_search_results(request, queryset, search_term)
        for terme in smart_split(search_term):
            if terme.startswith(('"', "'")) and terme[0] == terme[-1]:
                terme = unescape_string_literal(terme)
            queryset = queryset.filter(pk__in=self._cles_trouvees(modele, decomposes, terme))
        return queryset, False

    @staticmethod
    def _cles_trouvees(modele, decomposes, terme: str):
        """The keys of the rows one term finds: a UNION of one query per table."""
        groupes: dict[tuple, tuple] = {}
        for chemin, cible, champ, lookup in decomposes:
            if not _peut_trouver(champ, terme):
                continue
            _cible, condition = groupes.get(chemin, (cible, models.Q()))
            groupes[chemin] = (cible, condition | models.Q(**{lookup: terme}))
        tous = modele._base_manager.order_by()
        parties = []
        for chemin, (cible, condition) in groupes.items():
            if not chemin:
                parties.append(tous.filter(condition).values("pk"))
                continue
            trouves = cible._base_manager.order_by().filter(condition).values("pk")
            parties.append(tous.filter(**{f"{LOOKUP_SEP.join(chemin)}__in": trouves}).values("pk"))
        if not parties:
            return tous.none().values("pk")
        premiere, *autres = parties
        return premiere.union(*autres) if autres else premiere
