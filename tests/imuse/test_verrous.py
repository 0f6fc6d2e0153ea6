"""`select_for_update()` joined to other tables by `select_related` would lock the
Etablissement, Famille… rows too: every such lock names the rows it changes."""

import ast
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
APPS = ["imuse", "comptes", "famille", "eleves", "facturation", "reinscription", "bac_a_sable"]


def _appels(noeud):
    """The method names of a call chain, outermost first: a.b().c().d() -> d, c, b."""
    while isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Attribute):
        yield noeud.func.attr, noeud
        noeud = noeud.func.value


def test_every_lock_joined_by_select_related_names_its_rows():
    fautes = []
    for app in APPS:
        for fichier in (RACINE / app).rglob("*.py"):
            if "migrations" in fichier.parts:
                continue
            arbre = ast.parse(fichier.read_text(encoding="utf-8"))
            for noeud in ast.walk(arbre):
                chaine = dict(_appels(noeud))
                verrou = chaine.get("select_for_update")
                if verrou is None or "select_related" not in chaine:
                    continue
                if not any(k.arg == "of" for k in verrou.keywords):
                    fautes.append(f"{fichier.relative_to(RACINE)}:{noeud.lineno}")
    assert sorted(set(fautes)) == []
