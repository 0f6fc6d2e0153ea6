"""The column reference of docs/import.md, written from the kinds' own columns (a test
checks the file holds it, so the documentation cannot drift from the code)."""

from __future__ import annotations

from importation.genres import TYPES


def _cellule(texte: str) -> str:
    return (texte or "").replace("|", "\\|") or "—"


def colonnes_markdown() -> str:
    parties = []
    for code, genre in TYPES.items():
        lignes = [
            f"### {code}",
            "",
            "| En-tête | Obligatoire | Format | Exemple | Autres en-têtes acceptés |",
            "|---|---|---|---|---|",
        ]
        for c in genre.colonnes:
            if c.requise:
                requis = "oui (valeur obligatoire)" if c.obligatoire else "oui"
            elif c.creation:
                requis = "valeur obligatoire pour créer la fiche"
            else:
                requis = "non"
            format_ = c.format + (f", {c.longueur} caractères au plus" if c.longueur else "")
            lignes.append(
                f"| `{c.entete}` | {requis} | {_cellule(format_)} | {_cellule(c.exemple)} | "
                f"{_cellule(', '.join(f'`{a}`' for a in c.alias))} |"
            )
        parties.append("\n".join(lignes))
    return "\n\n".join(parties) + "\n"
