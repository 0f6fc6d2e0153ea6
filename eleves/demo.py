"""Demo teaching data: structure, courses per year, the ABARRE pupils with five years of
history, the adult pupil, and one or two pupils in every other family."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile

from eleves.models import (
    Absence,
    Cours,
    Cycle,
    Departement,
    Discipline,
    DocumentEleve,
    Eleve,
    Enseignant,
    Evaluation,
    Inscription,
    PieceRepertoire,
    Salle,
)
from famille.models import Civilite

DEPARTEMENTS = {
    "Formation musicale": ["Formation musicale", "Éveil musical"],
    "Polyphoniques": ["Piano", "Guitare"],
    "Cordes": ["Violon", "Violoncelle"],
    "Vents": ["Flûte traversière", "Clarinette", "Trompette"],
    "Pratiques collectives": ["Chorale", "Orchestre"],
    "Voix": ["Chant"],
    "Danse": ["Danse classique"],
}
ENSEIGNANTS = [
    ("MME", "ASTAREL", "Carmen"),
    ("M", "MARGEVAL", "Brice"),
    ("M", "BARDONAULT", "Anthony"),
    ("M", "IPOUSTEGUI", "Xavier"),
    ("MME", "PERRIGON", "Isabelle"),
    ("MME", "LEBRETON", "Anne"),
    ("M", "DUVAL", "Mathieu"),
    ("MME", "HAMEL", "Juliette"),
]
SALLES = [
    ("Fauré", "Conservatoire"),
    ("Debussy", "Conservatoire"),
    ("Ravel", "Annexe"),
    ("Auditorium", "Conservatoire"),
]
PIECES = [
    ("Le Petit Nègre", "Claude Debussy"),
    ("Sonatine op. 36 n° 1", "Muzio Clementi"),
    ("Für Elise", "Ludwig van Beethoven"),
    ("Gymnopédie n° 1", "Erik Satie"),
    ("Prélude en do majeur BWV 846", "Jean-Sébastien Bach"),
    ("Rêverie", "Claude Debussy"),
    ("Valse en la mineur", "Frédéric Chopin"),
    ("Menuet en sol", "Christian Petzold"),
    ("Scènes d'enfants : Rêverie", "Robert Schumann"),
    ("Méditation de Thaïs", "Jules Massenet"),
    ("Czardas", "Vittorio Monti"),
    ("Le Cygne", "Camille Saint-Saëns"),
]
APPRECIATIONS = [
    "Très bon travail, continue ainsi.",
    "Des progrès réguliers, travail sérieux.",
    "Travail irrégulier, il faut s'entraîner chaque jour.",
    "Belle musicalité.",
    "Lecture à consolider.",
    "Excellent trimestre.",
]


def _structure(etablissement) -> dict:
    if Discipline.objects.filter(etablissement=etablissement).exists():
        return {
            "disciplines": {
                d.nom: d for d in Discipline.objects.filter(etablissement=etablissement)
            },
            "enseignants": list(Enseignant.objects.filter(etablissement=etablissement)),
            "salles": list(Salle.objects.filter(etablissement=etablissement)),
            "cycles": {c.code: c for c in Cycle.objects.filter(etablissement=etablissement)},
        }
    disciplines = {}
    for nom_dep, noms in DEPARTEMENTS.items():
        dep = Departement.objects.create(etablissement=etablissement, nom=nom_dep)
        for nom in noms:
            disciplines[nom] = Discipline.objects.create(
                etablissement=etablissement, departement=dep, nom=nom
            )
    cycles = {
        code: Cycle.objects.create(etablissement=etablissement, code=code, nom=f"Cycle {code[0]}")
        for code in [f"{c}C{n}" for c in (1, 2, 3) for n in (1, 2, 3, 4)]
    }
    enseignants = [
        Enseignant.objects.create(etablissement=etablissement, civilite=c, nom=n, prenom=p)
        for c, n, p in ENSEIGNANTS
    ]
    salles = [
        Salle.objects.create(etablissement=etablissement, nom=n, lieu=lieu) for n, lieu in SALLES
    ]
    return {
        "disciplines": disciplines,
        "enseignants": enseignants,
        "salles": salles,
        "cycles": cycles,
    }


def _cours(structure, annee, discipline, niveau: int, rng) -> Cours:
    """The course of a discipline at a level (1 to 8) in a year, created on first use."""
    cycle_code = f"{(niveau - 1) // 4 + 1}C{(niveau - 1) % 4 + 1}"
    abreviation = {"Formation musicale": "FM", "Chorale": "Chorale", "Orchestre": "Orch."}.get(
        discipline, discipline[:4].strip()
    )
    code = f"{abreviation} {cycle_code}" + (" A" if discipline == "Formation musicale" else "")
    if discipline in ("Chorale", "Orchestre", "Éveil musical"):
        code = f"{abreviation} {'1er' if niveau <= 4 else '2e'} cycle"
    cours = Cours.objects.filter(annee=annee, code=code).first()
    if cours:
        return cours
    index = sum(map(ord, code)) % len(structure["enseignants"])
    collectif = discipline in ("Formation musicale", "Chorale", "Orchestre", "Éveil musical")
    # Slots that never overlap for one pupil: ensembles at fixed times, music theory
    # in the early afternoon, instrument lessons later in the day.
    jour, heure = {
        "Orchestre": (6, time(10, 0)),
        "Chorale": (6, time(11, 30)),
        "Éveil musical": (3, time(10, 0)),
    }.get(discipline, (1 + index % 5, None))
    if heure is None:
        debut = 14 if discipline == "Formation musicale" else 17
        heure = time(debut + index % 2, 30 if index % 2 else 0)
    return Cours.objects.create(
        annee=annee,
        code=code,
        discipline=structure["disciplines"][discipline],
        enseignant=structure["enseignants"][index],
        cycle=None if collectif else structure["cycles"][cycle_code],
        salle=structure["salles"][index % len(structure["salles"])],
        jour=jour,
        heure=heure,
        duree=timedelta(minutes=90 if collectif else 30),
    )


def _evaluations(inscription, annee, rng, courante: bool, aujourdhui: date) -> None:
    dates = [
        date(annee.debut.year, 11, 20),
        date(annee.debut.year + 1, 2, 10),
        date(annee.debut.year + 1, 5, 25),
    ]
    notes = []
    for i, jour in enumerate(dates):
        if jour > aujourdhui:
            break
        note = Decimal(rng.randint(22, 39)) / 2
        notes.append(note)
        Evaluation.objects.create(
            inscription=inscription,
            type_evaluation="Contrôle continu" if i < 2 else "Examen de fin d'année",
            date=jour,
            critere=rng.choice(["Lecture", "Technique", "Interprétation", "Rythme"]),
            note=note,
            denominateur=Decimal("20"),
            coefficient=Decimal("1") if i < 2 else Decimal("2"),
            lettre="A" if note >= 16 else "B" if note >= 13 else "C",
            appreciation=rng.choice(APPRECIATIONS),
            publiee=not courante or i == 0,
        )
    if courante:
        # Entered by the teacher, not yet published: the family does not see it.
        Evaluation.objects.create(
            inscription=inscription,
            type_evaluation="Contrôle continu",
            date=aujourdhui - timedelta(days=3),
            critere="Technique",
            note=Decimal("14.50"),
            appreciation="En cours de saisie.",
            publiee=False,
        )
    if notes and not courante:
        inscription.moyenne = (sum(notes) / len(notes)).quantize(Decimal("0.01"))
        inscription.moyenne_lettree = "A" if inscription.moyenne >= 16 else "B"
        inscription.mention = "Très bien" if inscription.moyenne >= 16 else "Bien"
        inscription.resultat_classe = "Admis"
        inscription.save()


def _absences(inscription, annee, rng, courante: bool, aujourdhui: date) -> None:
    for n in range(rng.randint(0, 3)):
        jour = annee.debut + timedelta(days=30 + 45 * n)
        # On the course's weekday (Jour: 1 = Monday).
        jour += timedelta(days=(inscription.cours.jour - 1 - jour.weekday()) % 7)
        if jour > aujourdhui:
            break
        Absence.objects.create(
            inscription=inscription,
            date=jour,
            heure=inscription.cours.heure,
            duree=inscription.cours.duree,
            justifiee=n % 2 == 0,
            motif="Maladie" if n % 2 == 0 else "",
            definitive=not (courante and n == 0),
        )


def _inscrire(structure, eleve, annee, discipline, niveau, rng, courante, aujourdhui, detail):
    cours = _cours(structure, annee, discipline, niveau, rng)
    inscription = Inscription.objects.create(
        eleve=eleve,
        cours=cours,
        heure_passage=cours.heure if cours.duree <= timedelta(minutes=30) else None,
        date_debut=annee.debut + timedelta(days=11),
        date_fin=annee.fin,
        nb_heures=timedelta(hours=54 if cours.duree > timedelta(minutes=30) else 18),
        nb_heures_effectuees=timedelta(hours=54 if not courante else 12),
        premier_instrument=discipline in ("Piano", "Violon", "Chant"),
        admission_classe="" if courante else f"{cours.code} suivant",
    )
    if detail:
        _evaluations(inscription, annee, rng, courante, aujourdhui)
        _absences(inscription, annee, rng, courante, aujourdhui)
    return inscription


def _bulletin_pdf(eleve, annee) -> ContentFile:
    from weasyprint import HTML

    html = (
        f"<html lang='fr'><head><title>Bulletin {annee}</title></head><body>"
        f"<h1>Bulletin annuel {annee}</h1><p>{eleve.prenom} {eleve.nom}</p>"
        f"<p>Appréciation générale : travail sérieux et régulier.</p></body></html>"
    )
    return ContentFile(HTML(string=html).write_pdf(), name=f"bulletin-{annee.debut.year}.pdf")


def _eleve(famille, **valeurs) -> tuple[Eleve, bool]:
    return Eleve.objects.get_or_create(
        famille=famille, prenom=valeurs.pop("prenom"), nom=valeurs.pop("nom"), defaults=valeurs
    )


def _parcours(ctx, structure, eleve, annees, disciplines_par_annee, detail=True):
    for rang, (annee, disciplines) in enumerate(zip(annees, disciplines_par_annee, strict=False)):
        courante = annee.courante
        for discipline, niveau in disciplines:
            _inscrire(
                structure,
                eleve,
                annee,
                discipline,
                niveau,
                ctx.rng,
                courante,
                ctx.aujourdhui,
                detail,
            )
        if detail and disciplines and rang % 2 == 0:
            titre, compositeur = PIECES[(rang * 3 + len(eleve.prenom)) % len(PIECES)]
            PieceRepertoire.objects.create(
                eleve=eleve,
                titre=titre,
                compositeur=compositeur,
                discipline=structure["disciplines"][disciplines[0][0]],
                annee=annee,
                date=annee.debut + timedelta(days=60),
                commentaire="Travaillé en cours.",
            )
            titre, compositeur = PIECES[(rang * 5 + 1) % len(PIECES)]
            PieceRepertoire.objects.create(
                eleve=eleve,
                titre=titre,
                compositeur=compositeur,
                discipline=structure["disciplines"][disciplines[0][0]],
                annee=annee,
                date=annee.debut + timedelta(days=150),
                commentaire="Joué à l'audition.",
            )


def _eleves_abarre(ctx, structure, annees):
    famille = ctx.famille_demo
    irina, cree = _eleve(
        famille,
        civilite=Civilite.MADAME,
        nom="ABARRE",
        prenom="Irina",
        date_naissance=date(2012, 3, 14),
        lieu_naissance="Cherbourg",
        droit_image=True,
        autorisation_sortie=True,
        personne_a_prevenir="ABARRE Sophie",
        tel_urgence="06 11 22 33 44",
    )
    if cree:
        _parcours(
            ctx,
            structure,
            irina,
            annees,
            [
                [("Formation musicale", 4), ("Piano", 4), ("Chorale", 2)],
                [("Formation musicale", 5), ("Piano", 5), ("Chorale", 3)],
                [("Formation musicale", 6), ("Piano", 6)],
                [("Formation musicale", 7), ("Piano", 7), ("Orchestre", 5)],
                [("Formation musicale", 8), ("Piano", 8), ("Orchestre", 6)],
            ],
        )
        for annee in annees[:-1]:
            DocumentEleve.objects.create(
                eleve=irina,
                type_document=DocumentEleve.Type.BULLETIN,
                titre=f"Bulletin annuel {annee}",
                annee=annee,
                fichier=_bulletin_pdf(irina, annee),
                nom_original=f"bulletin-{annee.debut.year}.pdf",
                visible_famille=True,
            )
        DocumentEleve.objects.create(
            eleve=irina,
            type_document=DocumentEleve.Type.ATTESTATION,
            titre=f"Attestation d'inscription {annees[-1]}",
            annee=annees[-1],
            fichier=_bulletin_pdf(irina, annees[-1]),
            nom_original="attestation.pdf",
            visible_famille=False,
        )
    hugo, cree = _eleve(
        famille,
        civilite=Civilite.MONSIEUR,
        nom="ABARRE",
        prenom="Hugo",
        date_naissance=date(2015, 6, 2),
        lieu_naissance="Valognes",
        droit_image=True,
    )
    if cree:
        _parcours(
            ctx,
            structure,
            hugo,
            annees[2:],
            [
                [("Formation musicale", 1), ("Violon", 1)],
                [("Formation musicale", 2), ("Violon", 2)],
                [("Formation musicale", 3), ("Violon", 3), ("Chorale", 1)],
            ],
        )
    from famille.demo import demande_demo

    demande_demo(
        irina,
        ctx.responsable_demo.utilisateur,
        {"tel_mobile": "06 55 44 33 22", "autorisation_sortie": "False"},
    )
    from famille.demo import demande_traitee_demo

    if not hugo.tel_urgence:
        hugo.personne_a_prevenir = "ABARRE Sophie"
        hugo.tel_urgence = "06 11 22 33 44"
        hugo.save(update_fields=["personne_a_prevenir", "tel_urgence"])
    demande_traitee_demo(
        hugo,
        ctx.responsable_demo2.utilisateur,
        {
            "personne_a_prevenir": ("ABARRE Sophie", True, ""),
            "tel_urgence": ("06 11 22 33 44", True, ""),
            "email": ("hugo.abarre@example.org", False, "Pas d'adresse pour un élève mineur."),
        },
    )
    lea, cree = _eleve(
        famille,
        civilite=Civilite.MADAME,
        nom="ABARRE",
        prenom="Léa",
        date_naissance=date(2019, 9, 21),
        lieu_naissance="Valognes",
    )
    if cree:
        _parcours(ctx, structure, lea, annees[4:], [[("Éveil musical", 1), ("Danse classique", 1)]])


def charger(ctx) -> list[str]:
    etablissement = ctx.etablissement
    structure = _structure(etablissement)
    annees = sorted(ctx.annees[etablissement.code], key=lambda a: a.debut)
    _eleves_abarre(ctx, structure, annees)
    responsable = ctx.responsable_adulte
    claire, cree = _eleve(
        ctx.famille_adulte,
        civilite=Civilite.MADAME,
        nom=responsable.nom,
        prenom=responsable.prenom,
        date_naissance=date(1986, 4, 9),
        lieu_naissance="Caen",
        autorisation_sortie=True,
    )
    if cree:
        _parcours(
            ctx, structure, claire, annees[3:], [[("Chant", 2)], [("Chant", 3), ("Chorale", 5)]]
        )
    disciplines = [
        "Piano",
        "Guitare",
        "Violon",
        "Flûte traversière",
        "Clarinette",
        "Trompette",
        "Violoncelle",
    ]
    for famille in ctx.autres_familles:
        if famille.eleves.exists():
            continue
        for _ in range(ctx.rng.choice((1, 1, 2, 3))):
            eleve, _ = _eleve(
                famille,
                civilite=ctx.rng.choice(Civilite.values),
                nom=famille.nom,
                prenom=ctx.faker.first_name(),
                date_naissance=date(
                    ctx.rng.randint(2008, 2019), ctx.rng.randint(1, 12), ctx.rng.randint(1, 28)
                ),
                lieu_naissance=ctx.faker.city(),
                droit_image=ctx.rng.random() < 0.7,
            )
            niveau = ctx.rng.randint(1, 6)
            instrument = ctx.rng.choice(disciplines)
            _parcours(
                ctx,
                structure,
                eleve,
                annees[3:],
                [
                    [("Formation musicale", niveau), (instrument, niveau)],
                    [("Formation musicale", niveau + 1), (instrument, niveau + 1)],
                ],
                detail=ctx.rng.random() < 0.3,
            )
    return []
