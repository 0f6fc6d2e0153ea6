"""Sample import files of every kind, of any size, deterministic: the demo's files, the
benchmark's, and a school's first try. Rows are generated lazily, so a file of 100,000
families is written without holding it in memory.

    ecrire("familles", lignes_familles(600), "familles.csv")
"""

from __future__ import annotations

import csv
import random
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from importation.genres import TYPES

NOMS = [
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "LEFÈVRE",
    "MERCIER",
    "DUPONT",
    "LAMBERT",
    "BONNET",
    "FRANÇOIS",
    "LEGRAND",
    "GARNIER",
    "FAURE",
    "ROUSSEL",
    "LECOQ",
    "HAMEL",
    "LEMONNIER",
    "POTTIER",
]
PRENOMS_F = [
    "Camille",
    "Léa",
    "Chloé",
    "Emma",
    "Inès",
    "Zoé",
    "Manon",
    "Élise",
    "Anaïs",
    "Hélène",
    "Sophie",
    "Claire",
    "Juliette",
    "Maëlle",
    "Agathe",
    "Louise",
]
PRENOMS_M = [
    "Lucas",
    "Hugo",
    "Louis",
    "Jules",
    "Gabriel",
    "Raphaël",
    "Arthur",
    "Théo",
    "Noé",
    "Paul",
    "Jérémie",
    "Étienne",
    "Mathis",
    "Antoine",
    "Benoît",
    "Yann",
]
VILLES = [
    ("50700", "VALOGNES"),
    ("50100", "CHERBOURG-EN-COTENTIN"),
    ("50260", "BRICQUEBEC"),
    ("50310", "MONTEBOURG"),
    ("50480", "SAINTE-MÈRE-ÉGLISE"),
    ("50340", "LES PIEUX"),
]
RUES = [
    "rue de Paris",
    "rue des Lilas",
    "place du Château",
    "avenue de la Gare",
    "chemin des Moulins",
    "rue Victor Hugo",
    "impasse des Tilleuls",
]
PROFESSIONS = [
    "Infirmière",
    "Agriculteur",
    "Professeur des écoles",
    "Boulanger",
    "Ingénieure",
    "Employé",
    "Artisan",
    "Médecin",
    "Technicienne",
    "",
]
SITUATIONS = ["Marié(e)", "Pacsé(e)", "Célibataire", "Divorcé(e)", "Concubinage"]

DEPARTEMENTS = {
    "Claviers": ["Piano", "Orgue", "Accordéon"],
    "Cordes": ["Violon", "Alto", "Violoncelle", "Guitare"],
    "Vents": ["Flûte traversière", "Clarinette", "Saxophone", "Trompette", "Trombone"],
    "Formation musicale": ["Formation musicale"],
    "Pratiques collectives": ["Orchestre", "Chorale"],
}
CYCLES = [("1C", "Premier cycle"), ("2C", "Deuxième cycle"), ("3C", "Troisième cycle")]
SALLES = [
    ("Salle 1", "Conservatoire"),
    ("Salle 2", "Conservatoire"),
    ("Salle 3", "Annexe"),
    ("Auditorium", "Conservatoire"),
]
ENSEIGNANTS = [
    ("DURAND", "Claire", "Mme"),
    ("LEBRETON", "Marc", "M"),
    ("HUET", "Sylvie", "Mme"),
    ("CAILLARD", "Pierre", "M"),
    ("VASSAL", "Nadia", "Mme"),
    ("MARIE", "Olivier", "M"),
]
JOURS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"]


def _ascii(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()


def _telephone(rng: random.Random, prefixe: str) -> str:
    return prefixe + "".join(f"{rng.randint(0, 99):02d}" for _ in range(4))


def lignes_structure() -> Iterator[list]:
    yield [c.entete for c in TYPES["structure"].colonnes]
    for departement, disciplines in DEPARTEMENTS.items():
        yield ["Département", departement, "", "", "", "", ""]
        for discipline in disciplines:
            yield ["Discipline", discipline, "", "", "", departement, ""]
    for code, nom in CYCLES:
        yield ["Cycle", nom, code, "", "", "", ""]
    for nom, prenom, civilite in ENSEIGNANTS:
        yield ["Enseignant", nom, "", prenom, civilite, "", ""]
    for nom, lieu in SALLES:
        yield ["Salle", nom, "", "", "", "", lieu]


CHAMPS_RESPONSABLE = [
    "Civilité",
    "Nom",
    "Prénom",
    "Adresse",
    "Code postal",
    "Ville",
    "Tél domicile",
    "Mobile",
    "Tél pro",
    "E-mail",
    "Situation familiale",
    "Profession",
]


def lignes_familles(nombre: int, *, premier: int = 1, graine: int = 11) -> Iterator[list]:
    """Rows of the familles kind, each value under its header (a column the kind adds
    later, such as `Identifiant R1`, stays empty)."""
    rng = random.Random(graine)
    entetes = [c.entete for c in TYPES["familles"].colonnes]
    yield entetes
    for numero in range(premier, premier + nombre):
        nom = rng.choice(NOMS)
        code_postal, ville = rng.choice(VILLES)
        adresse = f"{rng.randint(1, 99)} {rng.choice(RUES)}"
        valeurs = {"N° famille": numero, "Nom famille": nom}
        deux = rng.random() < 0.6
        for rang in (1, 2):
            if rang == 2 and not deux:
                continue
            femme = (rang == 1) == (rng.random() < 0.7)
            prenom = rng.choice(PRENOMS_F if femme else PRENOMS_M)
            responsable = [
                "Mme" if femme else "M",
                nom,
                prenom,
                adresse,
                code_postal,
                ville,
                _telephone(rng, "02") if rng.random() < 0.4 else "",
                _telephone(rng, rng.choice(("06", "07"))),
                "",
                _ascii(f"{prenom}.{nom}.{numero}@example.org".lower()),
                rng.choice(SITUATIONS),
                rng.choice(PROFESSIONS),
            ]
            for champ, valeur in zip(CHAMPS_RESPONSABLE, responsable, strict=True):
                valeurs[f"{champ} R{rang}"] = valeur
        yield [valeurs.get(entete, "") for entete in entetes]


def lignes_eleves(
    nombre: int, familles: int, *, premier: int = 1, premiere_famille: int = 1, graine: int = 12
):
    rng = random.Random(graine)
    yield [c.entete for c in TYPES["eleves"].colonnes]
    for i in range(nombre):
        numero = premier + i
        famille = premiere_famille + (i % familles)
        femme = rng.random() < 0.55
        annee = rng.randint(2008, 2019)
        yield [
            numero,
            famille,
            "Mme" if femme else "M",
            rng.choice(NOMS),
            rng.choice(PRENOMS_F if femme else PRENOMS_M),
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{annee}",
            rng.choice(VILLES)[1],
            "",
            "",
            "",
            "",
            "",
            _telephone(rng, "06"),
            "",
            _telephone(rng, "06"),
            rng.choice(("Oui", "Non")),
            rng.choice(("O", "N")),
        ]


def codes_cours(nombre: int) -> list[tuple[str, str, str]]:
    """(code, discipline, cycle) of `nombre` courses."""
    disciplines = [d for ds in DEPARTEMENTS.values() for d in ds]
    cours = []
    for i in range(nombre):
        discipline = disciplines[i % len(disciplines)]
        cycle = CYCLES[(i // len(disciplines)) % len(CYCLES)][0]
        groupe = chr(65 + i // (len(disciplines) * len(CYCLES)))
        cours.append((f"{discipline[:10].upper()} {cycle} {groupe}", discipline, cycle))
    return cours


def lignes_cours(nombre: int, annee: str, *, graine: int = 13):
    rng = random.Random(graine)
    yield [c.entete for c in TYPES["cours"].colonnes]
    for i, (code, discipline, cycle) in enumerate(codes_cours(nombre)):
        departement = next(d for d, ds in DEPARTEMENTS.items() if discipline in ds)
        nom, prenom, _civilite = ENSEIGNANTS[i % len(ENSEIGNANTS)]
        yield [
            annee,
            code,
            discipline,
            departement,
            f"{nom} {prenom}",
            cycle,
            SALLES[i % len(SALLES)][0],
            rng.choice(JOURS),
            f"{rng.randint(9, 19)}:{rng.choice(('00', '30'))}",
            rng.choice(("0:30", "0:45", "1:00", "1:30")),
        ]


def lignes_inscriptions(
    nombre: int, eleves: int, cours: int, annee: str, *, premier: int = 1, graine: int = 14
):
    rng = random.Random(graine)
    codes = [c for c, _d, _cy in codes_cours(cours)]
    yield [c.entete for c in TYPES["inscriptions"].colonnes]
    vus = set()
    while len(vus) < min(nombre, eleves * cours):
        eleve, code = rng.randint(premier, premier + eleves - 1), rng.choice(codes)
        if (eleve, code) in vus:
            continue
        vus.add((eleve, code))
        moyenne = f"{rng.randint(8, 19)},{rng.choice((0, 5))}"
        yield [
            eleve,
            annee,
            code,
            moyenne,
            "",
            "",
            rng.choice(("Admis", "Maintenu", "")),
            "",
            "",
            "",
            "",
            "Actif",
            rng.choice(("O", "N")),
            "N",
            "",
        ]


def ecrire(lignes: Iterable[list], chemin: Path | str) -> Path:
    """Write rows as CSV (semicolons, UTF-8 with BOM, as Excel's "CSV UTF-8") or as XLSX
    (openpyxl write-only: streamed too), by the file's extension."""
    chemin = Path(chemin)
    if chemin.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        classeur = Workbook(write_only=True)
        feuille = classeur.create_sheet()
        for ligne in lignes:
            feuille.append(ligne)
        classeur.save(chemin)
        return chemin
    with open(chemin, "w", encoding="utf-8-sig", newline="") as flux:
        ecrivain = csv.writer(flux, delimiter=";", lineterminator="\r\n")
        for ligne in lignes:
            ecrivain.writerow(ligne)
    return chemin
