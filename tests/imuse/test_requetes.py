"""imuse.requetes.RequeteFigee: compiled once, run with each call's own values."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eleves.models import Eleve
from famille.models import Responsable
from imuse.requetes import ID, INSTANT, JOUR, RequeteFigee

pytestmark = pytest.mark.django_db


def _responsable():
    return RequeteFigee(
        lambda utilisateur_id: (
            Responsable.objects.select_related("famille__etablissement")
            .filter(utilisateur_id=utilisateur_id)
            .order_by("pk")[:1]
        ),
        ID,
    )


def test_each_call_gets_its_own_family(responsable1, autre_responsable):
    requete = _responsable()
    # Compiled once: the second family's call reuses the first's SQL with its own value.
    premier = requete.premier(responsable1.utilisateur_id)
    assert requete._compilees["default"] is not None
    autre = requete.premier(autre_responsable.utilisateur_id)
    encore = requete.premier(responsable1.utilisateur_id)
    assert premier.pk == encore.pk == responsable1.pk
    assert autre.pk == autre_responsable.pk
    assert autre.famille.nom == "TORRE" and premier.famille.nom == "ABARRE"
    # select_related kept: family and school come with the guardian, no extra query.
    with CaptureQueriesContext(connection) as capture:
        r = requete.premier(autre_responsable.utilisateur_id)
        assert r.famille.etablissement.code == autre_responsable.famille.etablissement.code
    assert len(capture) == 1
    assert requete.premier(-5) is None


def test_lists_and_values(famille, autre_famille, irina, hugo, autre_eleve):
    requete = RequeteFigee(
        lambda famille_id: Eleve.objects.filter(famille_id=famille_id).order_by("prenom", "pk"),
        ID,
    )
    assert [e.prenom for e in requete.lister(famille.pk)] == ["Hugo", "Irina"]
    assert [e.prenom for e in requete.lister(autre_famille.pk)] == ["Amélia"]
    valeurs = RequeteFigee(
        lambda famille_id: Eleve.objects.filter(famille_id=famille_id).values("prenom"),
        ID,
    )
    assert valeurs.lister(autre_famille.pk) == [{"prenom": "Amélia"}]


def test_dates_are_parameters_too(famille, irina):
    irina.date_naissance = date(2015, 3, 1)
    irina.save()
    requete = RequeteFigee(
        lambda famille_id, jour: Eleve.objects.filter(
            famille_id=famille_id, date_naissance__lte=jour
        ),
        ID,
        JOUR,
    )
    assert [e.pk for e in requete.lister(famille.pk, date(2016, 1, 1))] == [irina.pk]
    assert requete.lister(famille.pk, date(2014, 1, 1)) == []
    assert requete.lister(famille.pk, date(2015, 3, 1)) != []
    # Frozen on SQLite too, which binds a date as its ISO text.
    assert requete.figee


def test_instants_are_parameters_too_whatever_their_zone(responsable1):
    """An aware instant, in any zone and with microseconds, finds what Django finds
    (SQLite binds it as UTC text, PostgreSQL as the value)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from comptes.models import Utilisateur

    compte = responsable1.utilisateur
    compte.last_login = dt.datetime(2026, 3, 29, 0, 30, 0, 250_000, tzinfo=dt.UTC)
    compte.save(update_fields=["last_login"])
    requete = RequeteFigee(
        lambda user_id, depuis: Utilisateur.objects.filter(pk=user_id, last_login__gt=depuis),
        ID,
        INSTANT,
    )
    paris = ZoneInfo("Europe/Paris")
    for depuis in (
        dt.datetime(2026, 3, 29, 1, 30, 0, 249_999, tzinfo=paris),  # 00:30:00.249999 UTC
        dt.datetime(2026, 3, 29, 1, 30, 0, 250_000, tzinfo=paris),
        dt.datetime(2026, 3, 29, 0, 29, 59, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 30, tzinfo=dt.UTC),
    ):
        attendu = list(Utilisateur.objects.filter(pk=compte.pk, last_login__gt=depuis))
        assert requete.lister(compte.pk, depuis) == attendu, depuis
    assert requete.figee


def test_a_builder_that_changes_between_calls_is_not_frozen(famille, irina):
    """A value the builder takes by itself (the time now) would be frozen: it is detected
    and the queryset is built on every call instead."""
    requete = RequeteFigee(
        lambda famille_id: Eleve.objects.filter(
            famille_id=famille_id, prenom__gt=timezone.now().isoformat()
        ),
        ID,
    )
    assert [e.pk for e in requete.lister(famille.pk)] == [irina.pk]
    assert requete._compilees["default"] is None


def test_a_sample_value_missing_from_the_parameters_is_not_frozen(famille, irina):
    requete = RequeteFigee(lambda famille_id: Eleve.objects.filter(famille_id=famille.pk), ID)
    assert [e.pk for e in requete.lister(-7)] == [irina.pk]
    assert requete.figee is False


def test_every_query_of_the_portal_is_frozen(client_r1, famille, irina, responsable1):
    """The portal's own frozen queries all compile (none silently falls back)."""
    from imuse.requetes import RequeteFigee

    for chemin in ("/accueil/", f"/eleves/{irina.pk}/cours/", "/facturation/"):
        assert client_r1.get(chemin).status_code == 200
    # On SQLite too: a date there is bound as its ISO text, which is substituted as well.
    retombees = [r.construire for r in RequeteFigee.toutes if r.figee is False and r.exemples]
    retombees = [c for c in retombees if c.__module__.split(".")[0] != "tests"]
    assert [(c.__module__, c.__code__.co_firstlineno) for c in retombees] == []


@pytest.mark.parametrize("valeur", [10**30, -(10**30), 2**63])
def test_a_number_beyond_64_bits_finds_nothing_and_raises_nothing(responsable1, valeur):
    # A key typed in a URL: SQLite cannot even bind it; Django's lookup answers it.
    requete = RequeteFigee(lambda pk: Responsable.objects.filter(pk=pk)[:1], ID)
    assert requete.premier(responsable1.pk) == responsable1
    assert requete.figee
    assert requete.lister(valeur) == []


def test_runs_convert_their_values_and_leave_the_compiled_query_as_it_was(famille, responsable1):
    """The converters are looked up once and the stored queryset is copied shallowly:
    converted values (a Decimal, a date, an annotation) on every run, and the stored
    query's SQL never changes whatever the runs do."""
    from decimal import Decimal

    from django.db.models import DecimalField, F
    from django.db.models.functions import Cast

    famille.quotient_familial = 712
    famille.save()
    requete = RequeteFigee(
        lambda utilisateur_id: (
            Responsable.objects.select_related("famille__etablissement")
            .annotate(
                qf=Cast(
                    F("famille__quotient_familial"), DecimalField(max_digits=8, decimal_places=2)
                )
            )
            .filter(utilisateur_id=utilisateur_id)
            .order_by("pk")[:1]
        ),
        ID,
    )
    for _ in range(3):
        r = requete.premier(responsable1.utilisateur_id)
        assert r.famille.quotient_familial == 712 and r.famille.etablissement.code
        assert isinstance(r.qf, Decimal) and r.qf == Decimal("712.00")
    compilee = requete._compilees["default"]
    avant = str(compilee.queryset.query)
    assert requete.premier(responsable1.utilisateur_id + 1000) is None
    assert str(compilee.queryset.query) == avant
    assert compilee.queryset._result_cache is None
