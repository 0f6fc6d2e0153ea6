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


TOUS = sorted(
    p
    for p in RACINE.glob("**/locale/*/LC_MESSAGES/django.po")
    if not {".venv", "node_modules", "staticfiles"} & set(p.relative_to(RACINE).parts)
)


@pytest.mark.parametrize("chemin", TOUS, ids=lambda p: str(p.relative_to(RACINE)))
def test_every_catalogue_compiles_and_its_compiled_file_is_up_to_date(chemin, tmp_path):
    """A .po that msgfmt rejects, or a .mo older than its .po, shows English in
    production although the .po looks translated."""
    import shutil
    import subprocess

    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed")
    sortie = subprocess.run(
        ["msgfmt", "--check-format", "-o", str(tmp_path / "x.mo"), str(chemin)],
        capture_output=True,
        text=True,
    )
    assert sortie.returncode == 0, sortie.stderr
    attendu = {
        (e.msgctxt, e.msgid): e.msgstr or tuple(v for _k, v in sorted(e.msgstr_plural.items()))
        for e in polib.pofile(str(chemin))
        if e.translated() and not e.obsolete
    }
    compile_ = {
        (e.msgctxt, e.msgid): e.msgstr or tuple(v for _k, v in sorted(e.msgstr_plural.items()))
        for e in polib.mofile(str(chemin.with_suffix(".mo")))
        if e.msgid
    }
    manquants = [k[1][:60] for k, v in attendu.items() if compile_.get(k) != v]
    assert not manquants, f"{chemin.with_suffix('.mo')} is stale (make messages): {manquants[:5]}"
