"""Cell values as spreadsheets hold them."""

import datetime as dt
from decimal import Decimal

import pytest

from importation import valeurs as v


@pytest.mark.parametrize(
    ("brut", "attendu"),
    [
        ("1 234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1\u202f234,56 €", "1234.56"),
        (12.5, "12.5"),
        (3, "3"),
        ("1.234,5", "1234.5"),
        ("1,234.56", "1234.56"),
        ("-1 234,56", "-1234.56"),
    ],
)
def test_amounts(brut, attendu):
    assert v.decimal(brut) == Decimal(attendu)


@pytest.mark.parametrize(
    ("brut", "attendu"),
    [
        ("12/09/2011", dt.date(2011, 9, 12)),
        ("12-09-2011", dt.date(2011, 9, 12)),
        ("2011-09-12", dt.date(2011, 9, 12)),
        (40798, dt.date(2011, 9, 12)),
        ("40798", dt.date(2011, 9, 12)),
        ("12/09/2011 00:00", dt.date(2011, 9, 12)),  # a date cell Excel wrote to CSV
        ("12/09/2011 00:00:00", dt.date(2011, 9, 12)),
        (dt.datetime(2011, 9, 12, 0, 0), dt.date(2011, 9, 12)),  # noqa: DTZ001 (an XLSX cell)
    ],
)
def test_dates(brut, attendu):
    assert v.date(brut) == attendu


@pytest.mark.parametrize(
    ("brut", "attendu"),
    [
        ("Oui", True),
        ("non", False),
        ("O", True),
        ("N", False),
        ("1", True),
        ("0", False),
        ("Vrai", True),
        ("FAUX", False),
        (True, True),
        ("", None),
    ],
)
def test_booleans(brut, attendu):
    assert v.booleen(brut) is attendu


def test_phones_and_refusals():
    assert v.telephone("+33 (0)2 33 94 22 77") == "02 33 94 22 77"
    assert v.telephone(612345678) == "06 12 34 56 78"
    assert v.code_postal(1000) == "01000"
    for lire, brut in [
        (v.telephone, "123"),
        (v.date, "31/02/2011"),
        (v.decimal, "abc"),
        (v.booleen, "peut-être"),
        (v.texte, "a\x1bb"),
        (v.heure, "25:00"),
    ]:
        with pytest.raises(v.ValeurInvalide):
            lire(brut)
