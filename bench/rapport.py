"""bench/RESULTATS.md from the results of bench/lancer.py."""

from __future__ import annotations

from pathlib import Path


def _pages(r: dict) -> list[str]:
    lignes = [
        "## Portal pages under load",
        "",
        f"gunicorn 3 sync workers, 8 clients, {r['duree']:g} s per page and per bare run, "
        f"alternated, median of {r['tours']} round(s). Ratio = the page's throughput over "
        "the bare session-authenticated view's in the same round. Target: ratio ≥ 50 %, "
        "p99 ≤ 60 ms.",
        "",
        "| page | req/s | p50 ms | p99 ms | bare req/s | ratio | errors | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for nom, p in r["pages"].items():
        lignes.append(
            f"| {nom} | {p['rps']:.1f} | {p['p50']:.0f} | {p['p99']:.0f} | {p['nu_rps']:.1f} "
            f"| {p['ratio']:.0%} | {p['erreurs']} | {p['charge']:.2f} |"
        )
    return lignes + [""]


def _requetes(r: dict) -> list[str]:
    sites = list(r["requetes"])
    entete = " | ".join(f"{s}: queries | SQL ms | total ms" for s in sites)
    lignes = [
        "## Queries and SQL time per page (in process, one request, best of 3)",
        "",
        f"| page | {entete} |",
        "|---|" + "---:|---:|---:|" * len(sites),
    ]
    for nom in r["requetes"][sites[0]]:
        cellules = []
        for s in sites:
            m = r["requetes"][s].get(nom)
            cellules.append(
                f"{m['requetes']} | {m['sql_ms']:.1f} | {m['ms']:.1f}" if m else "– | – | –"
            )
        lignes.append(f"| {nom} | " + " | ".join(cellules) + " |")
    return lignes + [""]


def _admin(r: dict) -> list[str]:
    lignes = [
        f"## Admin lists and searches at {r['familles']:,} families (best of 2)",
        "",
        "Target: ≤ 100 ms each.",
        "",
        "| list | status | queries | SQL ms | total ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for nom, m in r["admin"].items():
        marque = " ⚠" if m["ms"] > 100 else ""
        lignes.append(
            f"| {nom} | {m['statut']} | {m['requetes']} | {m['sql_ms']:.1f} | "
            f"{m['ms']:.1f}{marque} |"
        )
    return lignes + [""]


def _soiree(r: dict) -> list[str]:
    s = r["soiree"]
    c = s["controle"]
    lignes = [
        "## The opening evening",
        "",
        f"{s['comptes']:,} accounts, 32 families at a time; {s['familles']} families went "
        f"through ({s['par_minute']:.0f} re-enrolments a minute), **{len(s['erreurs'])} "
        f"errors**. Afterwards: {c['demandes']} of {c['attendu_demandes']} requests "
        f"waiting for validation, {c['pieces']} of {c['attendu_pieces']} documents, "
        f"{c['fichiers']} files on disk. Uploaded: PDF {s['taille_pdf'] / 1024:.0f} kB, "
        f"JPEG {s['taille_jpeg'] / 1024:.0f} kB (stored JPEG {c['jpeg_moyen'] / 1024:.0f} kB).",
        "",
        "| step | n | p50 ms | p99 ms |",
        "|---|---:|---:|---:|",
    ]
    for etape, m in s["etapes"].items():
        lignes.append(f"| {etape} | {m['n']} | {m['p50']:.0f} | {m['p99']:.0f} |")
    if s["erreurs"]:
        lignes += ["", "First errors: " + "; ".join(s["erreurs"][:5])]
    return lignes + [""]


def _script(titre: str, m: dict) -> list[str]:
    if m.get("absent"):
        return [f"## {titre}", "", "Not run: the script is not in bench/ yet.", ""]
    return [
        f"## {titre}",
        "",
        f"Exit code {m['code']}, {m['secondes']:.0f} s.",
        "",
        "```",
        *m["sortie"],
        "```",
        "",
    ]


def ecrire(r: dict, chemin: Path) -> None:
    lignes = [
        "# Benchmark results",
        "",
        f"Run {r['debut']} by `bench/lancer.py` on `{r['base'].rsplit('/', 1)[1]}` "
        f"({r['familles']:,} families and a site of 40). Load average at the start "
        f"{r['charge_debut'][0]:.2f}, at the end {r['charge_fin'][0]:.2f}: absolute figures "
        "are inflated on a loaded machine, ratios to the bare view are not.",
        "",
    ]
    if r.get("quand"):
        lignes += ["| step | run at | load at start | load at end |", "|---|---|---:|---:|"]
        for etape, (quand, avant, apres) in r["quand"].items():
            lignes.append(f"| {etape} | {quand} | {avant:.2f} | {apres:.2f} |")
        lignes.append("")
    if "pages" in r:
        lignes += _pages(r)
    if "requetes" in r:
        lignes += _requetes(r)
    if "admin" in r:
        lignes += _admin(r)
    if "soiree" in r:
        lignes += _soiree(r)
    if "import" in r:
        lignes += _script("Import (bench/import_donnees.py ecole)", r["import"])
    if "lot" in r:
        lignes += _script("Batch invoicing (bench/facturation_lot.py)", r["lot"])
    chemin.write_text("\n".join(lignes))
