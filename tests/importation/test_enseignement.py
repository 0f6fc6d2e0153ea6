"""Structure, courses of a year, course sheets with results, evaluations."""

from datetime import time, timedelta
from decimal import Decimal

import pytest

from eleves.models import Cours, Discipline, Enseignant, Evaluation, Inscription, Salle
from imuse.models import Journal
from tests import factories as f
from tests.importation.outils import ecrire_csv, ecrire_xlsx, lancer

pytestmark = pytest.mark.django_db


def test_structure_one_file_idempotent(tmp_path, etablissement, autre_etablissement):
    lignes = [
        ["Type", "Nom", "Code", "Prénom", "Civilité", "Département", "Lieu"],
        ["Département", "Claviers", "", "", "", "", ""],
        ["Discipline", "Piano", "", "", "", "Claviers", ""],
        ["Discipline", "Violon", "", "", "", "Cordes", ""],
        ["Cycle", "Premier cycle", "1C", "", "", "", ""],
        ["Enseignant", "DURAND", "", "Claire", "Mme", "", ""],
        ["Salle", "Salle 3", "", "", "", "", "Conservatoire"],
    ]
    chemin = ecrire_csv(tmp_path / "s.csv", lignes)
    rapport = lancer("structure", chemin, etablissement)
    assert rapport.comptes["cree"] == 6, rapport.lignes
    assert "Département « Cordes » créé." in rapport.lignes[2]["avertissements"]
    assert Discipline.objects.get(nom="Violon").departement.nom == "Cordes"
    assert Enseignant.objects.get().civilite == "MME"
    assert lancer("structure", chemin, etablissement).comptes["inchange"] == 6
    lignes[6][6] = "Annexe"
    rapport = lancer("structure", ecrire_csv(tmp_path / "t.csv", lignes), etablissement)
    assert rapport.comptes["modifie"] == 1
    assert Salle.objects.get().lieu == "Annexe"
    assert not Discipline.objects.filter(etablissement=autre_etablissement).exists()


ENTETES_COURS = [
    "Année",
    "Code",
    "Discipline",
    "Département",
    "Enseignant",
    "Cycle",
    "Salle",
    "Jour",
    "Heure",
    "Durée",
]


def test_courses_of_a_year(tmp_path, etablissement, annee):
    lignes = [
        ENTETES_COURS,
        [
            annee.libelle,
            "PIANO 1C1",
            "Piano",
            "Claviers",
            "DURAND Claire",
            "1C",
            "Salle 3",
            "Mercredi",
            "14h30",
            "30",
        ],
        [annee.libelle, "FM 1C1 A", "Formation musicale", "", "", "", "", "samedi", 0.4375, "1:30"],
        ["1999/2000", "X", "Piano", "", "", "", "", "", "", ""],
    ]
    rapport = lancer("cours", ecrire_xlsx(tmp_path / "c.xlsx", lignes), etablissement)
    assert rapport.comptes == {"cree": 2, "modifie": 0, "inchange": 0, "erreur": 1}
    assert "1999/2000" in rapport.lignes[2]["erreurs"][0]
    assert not Cours.objects.exists()  # all or nothing
    del lignes[3]
    rapport = lancer("cours", ecrire_xlsx(tmp_path / "c.xlsx", lignes), etablissement)
    piano = Cours.objects.get(code="PIANO 1C1")
    assert (piano.jour, piano.heure, piano.duree) == (3, time(14, 30), timedelta(minutes=30))
    assert str(piano.enseignant) == "DURAND Claire"
    fm = Cours.objects.get(code="FM 1C1 A")
    assert (fm.jour, fm.heure, fm.duree) == (6, time(10, 30), timedelta(hours=1, minutes=30))
    assert (
        lancer("cours", ecrire_xlsx(tmp_path / "c.xlsx", lignes), etablissement).comptes["inchange"]
        == 2
    )


def test_course_sheets_and_evaluations(tmp_path, etablissement, annee, famille):
    eleve = f.EleveFactory(famille=famille, numero=5001)
    cours = f.CoursFactory(annee=annee, code="PIANO 1C1")
    lignes = [
        [
            "N° élève",
            "Année",
            "Code cours",
            "Moyenne",
            "Résultat classe",
            "Résultat cycle",
            "Admission classe",
            "Admission cycle",
            "Commentaire",
            "Premier instrument",
        ],
        [5001, annee.libelle, "piano 1c1", "15,5", "Admis", "", "1C2", "", "Très bien.", "O"],
        [5002, annee.libelle, "PIANO 1C1", "", "", "", "", "", "", ""],
    ]
    rapport = lancer("inscriptions", ecrire_csv(tmp_path / "i.csv", lignes), etablissement)
    assert rapport.comptes["erreur"] == 1
    assert "5002" in rapport.lignes[1]["erreurs"][0]
    del lignes[2]
    rapport = lancer("inscriptions", ecrire_csv(tmp_path / "i.csv", lignes), etablissement)
    fiche = Inscription.objects.get(eleve=eleve, cours=cours)
    assert fiche.moyenne == Decimal("15.5") and fiche.premier_instrument
    assert fiche.admission_classe == "1C2"
    assert Journal.objects.filter(action="import.creer", famille_id=famille.pk).exists()
    lignes[1][3] = "16"
    rapport = lancer("inscriptions", ecrire_csv(tmp_path / "i.csv", lignes), etablissement)
    assert rapport.lignes[0]["changements"][0][1:] == ["15.50", "16"]

    evaluations = [
        ["N° élève", "Année", "Code cours", "Type", "Date", "Critère", "Note", "Absent", "Publiée"],
        [5001, annee.libelle, "PIANO 1C1", "Contrôle", "15/12/2025", "", "14,5", "N", "Oui"],
        [5001, annee.libelle, "PIANO 1C1", "Contrôle", "15/12/2025", "Technique", "12", "", ""],
    ]
    chemin = ecrire_csv(tmp_path / "e.csv", evaluations)
    rapport = lancer("evaluations", chemin, etablissement)
    assert rapport.comptes["cree"] == 2, (rapport.erreur, rapport.lignes)
    premiere = Evaluation.objects.get(critere="")
    assert premiere.note == Decimal("14.5") and premiere.publiee
    assert premiere.denominateur == 20
    again = lancer("evaluations", chemin, etablissement)
    assert again.comptes["inchange"] == 2, again.lignes
