"""Factories of the re-enrolment models."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from reinscription.models import Campagne, PieceAFournir, TypePiece
from tests import factories as f


class CampagneFactory(DjangoModelFactory):
    class Meta:
        model = Campagne

    etablissement = factory.SubFactory(f.EtablissementFactory)
    annee = factory.SubFactory(
        f.AnneeScolaireFactory,
        etablissement=factory.SelfAttribute("..etablissement"),
        debut=date(2027, 9, 1),
        fin=date(2028, 7, 4),
        courante=False,
    )
    ouverture = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    cloture = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    active = True
    texte_accueil = "Les réinscriptions sont ouvertes."


class TypePieceFactory(DjangoModelFactory):
    class Meta:
        model = TypePiece
        django_get_or_create = ["etablissement", "nom"]

    etablissement = factory.SubFactory(f.EtablissementFactory)
    nom = "Justificatif de domicile"


class PieceAFournirFactory(DjangoModelFactory):
    class Meta:
        model = PieceAFournir

    campagne = factory.SubFactory(CampagneFactory)
    type_piece = factory.SubFactory(
        TypePieceFactory, etablissement=factory.SelfAttribute("..campagne.etablissement")
    )
    portee = PieceAFournir.Portee.FAMILLE
