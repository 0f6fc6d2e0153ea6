"""Factories for every app's models (factory_boy, French fake data)."""

from datetime import date, time, timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from comptes.models import Utilisateur
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
from famille.models import Civilite, Famille, Responsable
from imuse.models import AnneeScolaire, Etablissement

MOT_DE_PASSE = "Secret2026"

factory.Faker._DEFAULT_LOCALE = "fr_FR"


class EtablissementFactory(DjangoModelFactory):
    class Meta:
        model = Etablissement
        django_get_or_create = ["code"]

    nom = factory.Sequence(lambda n: f"Conservatoire {n}")
    code = factory.Sequence(lambda n: f"site{n}")
    ville = "Valognes"
    code_postal = "50700"
    adresse = "12 rue des Religieuses"
    siret = "21500615400017"


class AnneeScolaireFactory(DjangoModelFactory):
    class Meta:
        model = AnneeScolaire

    etablissement = factory.SubFactory(EtablissementFactory)
    debut = date(2026, 9, 1)
    fin = date(2027, 7, 4)
    libelle = factory.LazyAttribute(lambda o: f"{o.debut.year}/{o.debut.year + 1}")
    courante = True


class UtilisateurFactory(DjangoModelFactory):
    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    etablissement = factory.SubFactory(EtablissementFactory)
    identifiant = factory.Sequence(lambda n: f"compte{n}")
    email = factory.LazyAttribute(lambda o: f"{o.identifiant}@example.org")
    password = factory.PostGenerationMethodCall("set_password", MOT_DE_PASSE)

    @factory.post_generation
    def enregistrer(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UtilisateurFactory):
    is_staff = True


class FamilleFactory(DjangoModelFactory):
    class Meta:
        model = Famille

    etablissement = factory.SubFactory(EtablissementFactory)
    numero = factory.Sequence(lambda n: 1000 + n)
    nom = factory.Faker("last_name")


class ResponsableFactory(DjangoModelFactory):
    class Meta:
        model = Responsable

    famille = factory.SubFactory(FamilleFactory)
    rang = 1
    utilisateur = factory.SubFactory(
        UtilisateurFactory, etablissement=factory.SelfAttribute("..famille.etablissement")
    )
    civilite = Civilite.MONSIEUR
    nom = factory.LazyAttribute(lambda o: o.famille.nom.upper())
    prenom = factory.Faker("first_name")
    adresse = "19 rue de Paris"
    code_postal = "50700"
    ville = "VALOGNES"
    tel_mobile = "06 01 02 03 04"
    email = factory.LazyAttribute(lambda o: o.utilisateur.email if o.utilisateur else "")


class EleveFactory(DjangoModelFactory):
    class Meta:
        model = Eleve

    famille = factory.SubFactory(FamilleFactory)
    civilite = Civilite.MADAME
    nom = factory.LazyAttribute(lambda o: o.famille.nom.upper())
    prenom = factory.Faker("first_name")
    date_naissance = date(2012, 3, 14)
    lieu_naissance = "Cherbourg"


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = Departement

    etablissement = factory.SubFactory(EtablissementFactory)
    nom = "Formation musicale"


class DisciplineFactory(DjangoModelFactory):
    class Meta:
        model = Discipline

    etablissement = factory.SubFactory(EtablissementFactory)
    departement = factory.SubFactory(
        DepartementFactory, etablissement=factory.SelfAttribute("..etablissement")
    )
    nom = "Formation musicale"


class CycleFactory(DjangoModelFactory):
    class Meta:
        model = Cycle

    etablissement = factory.SubFactory(EtablissementFactory)
    code = "2C4"


class EnseignantFactory(DjangoModelFactory):
    class Meta:
        model = Enseignant

    etablissement = factory.SubFactory(EtablissementFactory)
    nom = "ASTAREL"
    prenom = "Carmen"


class SalleFactory(DjangoModelFactory):
    class Meta:
        model = Salle

    etablissement = factory.SubFactory(EtablissementFactory)
    nom = "Fauré"
    lieu = "Conservatoire"


class CoursFactory(DjangoModelFactory):
    class Meta:
        model = Cours

    annee = factory.SubFactory(AnneeScolaireFactory)
    code = factory.Sequence(lambda n: f"FM 2C4 {chr(65 + n % 26)}{n}")
    discipline = factory.SubFactory(
        DisciplineFactory, etablissement=factory.SelfAttribute("..annee.etablissement")
    )
    enseignant = factory.SubFactory(
        EnseignantFactory, etablissement=factory.SelfAttribute("..annee.etablissement")
    )
    cycle = factory.SubFactory(
        CycleFactory, etablissement=factory.SelfAttribute("..annee.etablissement")
    )
    salle = factory.SubFactory(
        SalleFactory, etablissement=factory.SelfAttribute("..annee.etablissement")
    )
    jour = 5
    heure = time(17, 30)
    duree = timedelta(minutes=90)


class InscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Inscription

    eleve = factory.SubFactory(EleveFactory)
    cours = factory.SubFactory(CoursFactory)
    date_debut = factory.LazyAttribute(lambda o: o.cours.annee.debut)
    date_fin = factory.LazyAttribute(lambda o: o.cours.annee.fin)
    nb_heures = timedelta(hours=54)
    nb_heures_effectuees = timedelta(hours=54)


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = Evaluation

    inscription = factory.SubFactory(InscriptionFactory)
    type_evaluation = "Contrôle continu"
    date = date(2026, 11, 6)
    critere = "Lecture"
    note = Decimal("15.75")
    denominateur = Decimal("20")
    coefficient = Decimal("1")
    publiee = True


class AbsenceFactory(DjangoModelFactory):
    class Meta:
        model = Absence

    inscription = factory.SubFactory(InscriptionFactory)
    date = date(2026, 10, 9)
    heure = time(17, 30)
    duree = timedelta(minutes=90)
    justifiee = True
    motif = "Maladie"
    definitive = True


class PieceRepertoireFactory(DjangoModelFactory):
    class Meta:
        model = PieceRepertoire

    eleve = factory.SubFactory(EleveFactory)
    titre = "Gymnopédie n° 1"
    compositeur = "Erik Satie"
    date = date(2026, 10, 1)


class DocumentEleveFactory(DjangoModelFactory):
    class Meta:
        model = DocumentEleve

    eleve = factory.SubFactory(EleveFactory)
    titre = "Bulletin annuel 2025/2026"
    fichier = factory.django.FileField(filename="bulletin.pdf", data=b"%PDF-1.4\n%%EOF\n")
    nom_original = "bulletin.pdf"
    visible_famille = True
