"""The layout holds (DESIGN, Layout): no circle of imports between modules of ours, and
no file of ours over 500 lines outside migrations. The layers contract itself is
import-linter's, run by `make lint`."""

from __future__ import annotations

import sys
from pathlib import Path

import grimp

RACINE = Path(__file__).resolve().parents[2]
PAQUETS = (
    "imuse",
    "comptes",
    "famille",
    "eleves",
    "facturation",
    "reinscription",
    "importation",
    "bac_a_sable",
)


def _composantes(graphe) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, bas, pile, sur_pile, resultat = {}, {}, [], set(), []
    compteur = 0
    for depart in sorted(graphe.modules):
        if depart in index:
            continue
        travail = [(depart, iter(sorted(graphe.find_modules_directly_imported_by(depart))))]
        index[depart] = bas[depart] = compteur
        compteur += 1
        pile.append(depart)
        sur_pile.add(depart)
        while travail:
            noeud, suivants = travail[-1]
            for suivant in suivants:
                if suivant not in index:
                    index[suivant] = bas[suivant] = compteur
                    compteur += 1
                    pile.append(suivant)
                    sur_pile.add(suivant)
                    imports = graphe.find_modules_directly_imported_by(suivant)
                    travail.append((suivant, iter(sorted(imports))))
                    break
                if suivant in sur_pile:
                    bas[noeud] = min(bas[noeud], index[suivant])
            else:
                travail.pop()
                if travail:
                    parent = travail[-1][0]
                    bas[parent] = min(bas[parent], bas[noeud])
                if bas[noeud] == index[noeud]:
                    composante = []
                    while True:
                        membre = pile.pop()
                        sur_pile.discard(membre)
                        composante.append(membre)
                        if membre == noeud:
                            break
                    if len(composante) > 1:
                        resultat.append(sorted(composante))
    return resultat


def test_no_circle_of_imports_between_our_modules():
    sys.path.insert(0, str(RACINE))
    graphe = grimp.build_graph(*PAQUETS)
    assert len(graphe.modules) > 100
    assert _composantes(graphe) == []


def test_the_cycle_finder_finds_a_cycle():
    class Graphe:
        modules = {"a", "b", "c"}

        def find_modules_directly_imported_by(self, m):
            return {"a": {"b"}, "b": {"a"}, "c": set()}[m]

    assert _composantes(Graphe()) == [["a", "b"]]


def test_no_file_of_ours_passes_500_lines():
    longs = [
        f"{chemin.relative_to(RACINE)}: {n}"
        for paquet in (*PAQUETS, "tests", "bench")
        for chemin in (RACINE / paquet).rglob("*.py")
        if "migrations" not in chemin.parts
        and (n := len(chemin.read_text(encoding="utf-8").splitlines())) > 500
    ]
    assert longs == []
