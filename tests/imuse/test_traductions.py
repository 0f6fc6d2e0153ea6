"""French is the default language: every catalogue's French entries are translated,
none fuzzy (DESIGN §9)."""

from pathlib import Path

import polib
import pytest

RACINE = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p
    for p in RACINE.glob("**/locale/fr/LC_MESSAGES/django.po")
    if not {".venv", "node_modules", "staticfiles"} & set(p.relative_to(RACINE).parts)
)


def test_every_app_has_a_french_catalogue():
    dossiers = {p.relative_to(RACINE).parts[0] for p in CATALOGUES}
    assert {"locale", "comptes", "famille", "eleves", "facturation", "reinscription"} <= dossiers


@pytest.mark.parametrize("chemin", CATALOGUES, ids=lambda p: str(p.relative_to(RACINE)))
def test_french_catalogue_is_complete(chemin):
    catalogue = polib.pofile(str(chemin))
    vides = [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and (
            not (e.msgstr_plural and all(e.msgstr_plural.values()))
            if e.msgid_plural
            else not e.msgstr
        )
    ]
    floues = [e.msgid for e in catalogue if not e.obsolete and "fuzzy" in e.flags]
    assert not vides, f"untranslated in {chemin}: {vides}"
    assert not floues, f"fuzzy in {chemin}: {floues}"
