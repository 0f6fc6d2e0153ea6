"""The benchmark's data: one site of N families (100,000 by default), built with
bulk_create in chunks, and a small site of 40 families beside it (queries per page do
not grow with size: both are measured).

Each family has one or two guardians (the first with an account `fam<numero>`, password
`MOT_DE_PASSE`), one to three pupils; each pupil has course sheets in the current year
and in up to nine past years (ten school years in all), evaluations (last three years),
absences (last two years); each family an issued invoice per year it had pupils, paid
(a payment and its allocation) except the current one; 2 % of families have a pending
modification request, 5 % of pupils a re-enrolment waiting for validation in the open
campaign, which asks for a family document and a pupil document.

Called by bench/lancer.py.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from datetime import time as heure
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from comptes.models import Utilisateur
from eleves.models import (
    Absence,
    Cours,
    Cycle,
    Departement,
    Discipline,
    Eleve,
    Enseignant,
    Evaluation,
    Inscription,
    Salle,
)
from facturation.models import Facture, Imputation, LigneFacture, Reglement
from famille.models import Civilite, Famille, Responsable
from imuse.models import AnneeScolaire, DemandeModification, Etablissement
from reinscription.models import Campagne, DemandeReinscription, PieceAFournir, TypePiece

MOT_DE_PASSE = "Bench-2026-soiree"
ADMIN = "bench-admin"
NOMS = [
    "MARTIN",
    "BERNARD",
    "DUBOIS",
    "THOMAS",
    "ROBERT",
    "RICHARD",
    "PETIT",
    "DURAND",
    "LEROY",
    "MOREAU",
    "SIMON",
    "LAURENT",
    "LEFEBVRE",
    "MICHEL",
    "GARCIA",
    "DAVID",
    "BERTRAND",
    "ROUX",
    "VINCENT",
    "FOURNIER",
    "MOREL",
    "GIRARD",
    "ANDRE",
    "MERCIER",
]
PRENOMS = [
    "Léa",
    "Hugo",
    "Irina",
    "Jules",
    "Manon",
    "Lucas",
    "Chloé",
    "Louis",
    "Emma",
    "Nathan",
    "Inès",
    "Gabriel",
    "Jade",
    "Arthur",
    "Louise",
    "Raphaël",
    "Zoé",
]
DISCIPLINES = {
    "Formation musicale": ["Formation musicale"],
    "Cordes": ["Violon", "Alto", "Violoncelle"],
    "Vents": ["Flûte", "Clarinette", "Trompette", "Saxophone"],
    "Claviers": ["Piano", "Orgue"],
    "Danse": ["Danse classique", "Danse contemporaine"],
}
CYCLES = ["1C1", "1C2", "2C1", "2C4"]
TAILLE_LOT = 2000


def _annee_courante_debut(aujourd_hui: date) -> int:
    return aujourd_hui.year if aujourd_hui.month >= 9 else aujourd_hui.year - 1


def structure(code: str, nom: str) -> dict:
    """The site, ten school years (the last current), the next year and its open
    campaign, departments, disciplines, teachers, rooms, 60 courses a year."""
    site = Etablissement.objects.create(
        code=code, nom=nom, ville="Valognes", code_postal="50700", siret="21500615400017"
    )
    fin = _annee_courante_debut(timezone.localdate())
    annees = [
        AnneeScolaire.objects.create(
            etablissement=site,
            libelle=f"{a}/{a + 1}",
            debut=date(a, 9, 1),
            fin=date(a + 1, 7, 4),
            courante=(a == fin),
        )
        for a in range(fin - 9, fin + 1)
    ]
    suivante = AnneeScolaire.objects.create(
        etablissement=site,
        libelle=f"{fin + 1}/{fin + 2}",
        debut=date(fin + 1, 9, 1),
        fin=date(fin + 2, 7, 4),
    )
    jour = timezone.localdate()
    campagne = Campagne.objects.create(
        etablissement=site,
        annee=suivante,
        ouverture=jour - timedelta(days=1),
        cloture=jour + timedelta(days=60),
        active=True,
    )
    domicile = TypePiece.objects.create(etablissement=site, nom="Justificatif de domicile")
    assurance = TypePiece.objects.create(etablissement=site, nom="Attestation d'assurance")
    PieceAFournir.objects.create(campagne=campagne, type_piece=domicile, ordre=1)
    PieceAFournir.objects.create(
        campagne=campagne, type_piece=assurance, portee=PieceAFournir.Portee.ELEVE, ordre=2
    )
    disciplines = []
    for dep_nom, noms in DISCIPLINES.items():
        dep = Departement.objects.create(etablissement=site, nom=dep_nom)
        disciplines += [
            Discipline.objects.create(etablissement=site, departement=dep, nom=n) for n in noms
        ]
    cycles = [Cycle.objects.create(etablissement=site, code=c) for c in CYCLES]
    profs = Enseignant.objects.bulk_create(
        Enseignant(etablissement=site, nom=NOMS[i % len(NOMS)], prenom=PRENOMS[i % 17])
        for i in range(30)
    )
    salles = Salle.objects.bulk_create(
        Salle(etablissement=site, nom=f"Salle {i}", lieu="Conservatoire") for i in range(10)
    )
    cours = {}
    for annee in annees:
        cours[annee.pk] = Cours.objects.bulk_create(
            Cours(
                annee=annee,
                code=f"{d.nom[:4].upper()} {c.code} {chr(65 + i % 3)}",
                discipline=d,
                enseignant=profs[i % 30],
                cycle=c,
                salle=salles[i % 10],
                jour=1 + i % 6,
                heure=heure(14 + i % 6, 30),
                duree=timedelta(minutes=60),
            )
            for i, (d, c) in enumerate((d, c) for d in disciplines for c in cycles)
        )
    return {"site": site, "annees": annees, "campagne": campagne, "cours": cours}


def _famille_lot(s: dict, numeros: range, mot_de_passe: str, rnd: random.Random) -> dict:
    site, annees, cours = s["site"], s["annees"], s["cours"]
    familles = Famille.objects.bulk_create(
        Famille(etablissement=site, numero=n, nom=NOMS[n % len(NOMS)]) for n in numeros
    )
    comptes = Utilisateur.objects.bulk_create(
        Utilisateur(
            etablissement=site,
            identifiant=f"fam{f.numero}",
            email=f"fam{f.numero}@example.org",
            password=mot_de_passe,
        )
        for f in familles
    )
    responsables = []
    for f, u in zip(familles, comptes, strict=True):
        commun = dict(
            famille=f,
            nom=f.nom,
            adresse="19 rue de Paris",
            code_postal="50700",
            ville="VALOGNES",
            tel_mobile="06 01 02 03 04",
        )
        responsables.append(
            Responsable(
                rang=1,
                utilisateur=u,
                civilite=Civilite.MONSIEUR,
                prenom=PRENOMS[f.numero % 17],
                email=u.email,
                **commun,
            )
        )
        if f.numero % 2:
            responsables.append(
                Responsable(rang=2, civilite=Civilite.MADAME, prenom="Anne", **commun)
            )
    responsables = Responsable.objects.bulk_create(responsables)
    eleves = Eleve.objects.bulk_create(
        Eleve(
            famille=f,
            civilite=Civilite.MADAME,
            nom=f.nom,
            prenom=PRENOMS[(f.numero + i) % 17],
            date_naissance=date(2008 + rnd.randrange(12), 1 + rnd.randrange(12), 14),
        )
        for f in familles
        for i in range(rnd.choice((1, 1, 2, 2, 3)))
    )
    inscriptions = []
    for e in eleves:
        # At least this year and the last (every family has a paid invoice), up to ten.
        for annee in annees[-(2 + rnd.randrange(9)) :]:
            for c in rnd.sample(cours[annee.pk], rnd.choice((1, 2))):
                inscriptions.append(
                    Inscription(
                        eleve=e,
                        cours=c,
                        date_debut=annee.debut,
                        date_fin=annee.fin,
                        nb_heures=timedelta(hours=30),
                        nb_heures_effectuees=timedelta(hours=28),
                        moyenne=Decimal("14.50"),
                    )
                )
    inscriptions = Inscription.objects.bulk_create(inscriptions, batch_size=5000)
    par_annee = {a.pk: a for a in annees}
    recentes = {a.pk for a in annees[-3:]}
    Evaluation.objects.bulk_create(
        (
            Evaluation(
                inscription=i,
                type_evaluation="Contrôle continu",
                date=par_annee[i.cours.annee_id].debut + timedelta(days=60),
                note=Decimal(10 + rnd.randrange(10)),
                publiee=True,
            )
            for i in inscriptions
            if i.cours.annee_id in recentes
        ),
        batch_size=5000,
    )
    Absence.objects.bulk_create(
        (
            Absence(
                inscription=i,
                date=par_annee[i.cours.annee_id].debut + timedelta(days=40),
                justifiee=bool(n % 2),
                motif="Maladie",
            )
            for n, i in enumerate(inscriptions)
            if i.cours.annee_id in {a.pk for a in annees[-2:]} and n % 3 == 0
        ),
        batch_size=5000,
    )
    return {
        "familles": familles,
        "eleves": eleves,
        "inscriptions": inscriptions,
        "responsables": responsables,
    }


def _factures_lot(s: dict, lot: dict, compteur: dict) -> None:
    site, annees = s["site"], s["annees"]
    eleves_de = {}
    for i in lot["inscriptions"]:
        eleves_de.setdefault((i.eleve.famille_id, i.cours.annee_id), set()).add(i.eleve)
    factures, lignes_de = [], []
    for (famille_id, annee_id), eleves in eleves_de.items():
        annee = next(a for a in annees if a.pk == annee_id)
        compteur[annee.debut.year] = compteur.get(annee.debut.year, 0) + 1
        montant = Decimal(150) * len(eleves)
        factures.append(
            Facture(
                etablissement=site,
                famille_id=famille_id,
                statut=Facture.Statut.EMISE,
                numero=f"F{annee.debut.year}-{compteur[annee.debut.year]:06d}",
                date_emission=annee.debut + timedelta(days=45),
                date_echeance=annee.debut + timedelta(days=75),
                total_brut=montant,
                montant=montant,
                annee=annee,
                destinataire={"nom": "MARTIN", "adresse": "19 rue de Paris"},
            )
        )
        lignes_de.append(sorted(eleves, key=lambda e: e.pk))
    factures = Facture.objects.bulk_create(factures, batch_size=5000)
    LigneFacture.objects.bulk_create(
        (
            LigneFacture(
                facture=f,
                eleve=e,
                eleve_nom=f"{e.nom} {e.prenom}",
                designation="Cotisation annuelle",
                prix_unitaire=Decimal(150),
                montant=Decimal(150),
                ordre=n,
            )
            for f, eleves in zip(factures, lignes_de, strict=True)
            for n, e in enumerate(eleves)
        ),
        batch_size=5000,
    )
    courante = annees[-1].pk
    payees = [f for f in factures if f.annee_id != courante]
    reglements = Reglement.objects.bulk_create(
        (
            Reglement(
                etablissement=site,
                famille_id=f.famille_id,
                numero=f"R{f.numero[1:]}",
                date=f.date_echeance,
                mode="cheque",
                montant=f.montant,
                payeur="MARTIN",
            )
            for f in payees
        ),
        batch_size=5000,
    )
    Imputation.objects.bulk_create(
        (
            Imputation(reglement=r, facture=f, montant=f.montant)
            for r, f in zip(reglements, payees, strict=True)
        ),
        batch_size=5000,
    )


def _demandes_lot(s: dict, lot: dict) -> None:
    type_resp = ContentType.objects.get_for_model(Responsable)
    DemandeModification.objects.bulk_create(
        DemandeModification(
            etablissement=s["site"],
            famille_id=r.famille_id,
            famille_libelle=r.nom,
            content_type=type_resp,
            object_id=r.pk,
            valeurs={"tel_mobile": {"avant": r.tel_mobile, "demande": "06 99 98 97 96"}},
            cree_par=r.utilisateur,
        )
        for r in lot["responsables"]
        if r.rang == 1 and r.famille.numero % 50 == 7
    )
    maintenant = timezone.now()
    DemandeReinscription.objects.bulk_create(
        DemandeReinscription(
            campagne=s["campagne"], eleve=e, etat="en_attente", soumise_le=maintenant
        )
        for e in lot["eleves"]
        if e.famille.numero % 20 == 3
    )


def generer(code: str, nom: str, familles: int, *, graine: int = 2026, trace=print) -> dict:
    """Build one site of `familles` families; returns its structure."""
    rnd = random.Random(graine)
    debut = time.perf_counter()
    with transaction.atomic():
        s = structure(code, nom)
    mot_de_passe = make_password(MOT_DE_PASSE)  # one hash for every account (settings' hasher)
    compteur: dict = {}
    for premier in range(1, familles + 1, TAILLE_LOT):
        numeros = range(premier, min(premier + TAILLE_LOT, familles + 1))
        with transaction.atomic():
            lot = _famille_lot(s, numeros, mot_de_passe, rnd)
            _factures_lot(s, lot, compteur)
            _demandes_lot(s, lot)
        trace(f"  {code}: {numeros[-1]:,} familles ({time.perf_counter() - debut:.0f} s)")
    return s


def administrateur() -> Utilisateur:
    user, _ = Utilisateur.objects.get_or_create(
        identifiant=ADMIN,
        etablissement=None,
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"},
    )
    user.set_password(MOT_DE_PASSE)
    user.save()
    return user
