"""Searches answered table by table (imuse/admin_recherche.py) find the rows Django's own
admin search finds, on the admins that use them."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.test import RequestFactory

from comptes.models import Utilisateur
from eleves.models import Eleve, Inscription
from famille.models import Famille, Responsable
from imuse.admin_recherche import NonPrisEnCharge, RechercheParTable, champ_de, termes
from reinscription.models import DemandeReinscription
from tests import factories as f
from tests.reinscription.factories import CampagneFactory

RECHERCHES = [
    "MARTIN",
    "martin",
    "mart",
    "1234",
    "12",
    "paul martin",
    "MARTIN durand",
    "durand paul",
    '"paul martin"',
    "martin@example",
    "example.org paul",
    "GB-7",
    "zzz",
    "  ",
    "lÉa",
    "paul leroy",
    "anne martin paul",
    "%",
    "_",
]


@pytest.fixture
def jeu(etablissement, autre_etablissement, annee):
    """Families and pupils whose names, guardians and numbers overlap in every way."""
    martin = f.FamilleFactory(etablissement=etablissement, nom="MARTIN", numero=1234)
    compte = f.UtilisateurFactory(
        etablissement=etablissement, identifiant="pmartin", nom="", email="paul@example.org"
    )
    f.ResponsableFactory(
        famille=martin, rang=1, nom="MARTIN", prenom="Paul", email="", utilisateur=compte
    )
    f.UtilisateurFactory(etablissement=etablissement, identifiant="durand12", nom="MARTIN")
    f.ResponsableFactory(
        famille=martin, rang=2, nom="DURAND", prenom="Léa", email="lea@example.org"
    )
    durand = f.FamilleFactory(etablissement=etablissement, nom="DURAND", numero=4123)
    f.ResponsableFactory(famille=durand, nom="DURAND", prenom="Paul", email="martin@example.org")
    # "paul martin": one guardian is Paul, the other MARTIN, none both: Django's single
    # join does not find this family (each term alone would).
    leroy = f.FamilleFactory(etablissement=etablissement, nom="LEROY", numero=777)
    f.ResponsableFactory(famille=leroy, rang=1, nom="LEROY", prenom="Paul")
    f.ResponsableFactory(famille=leroy, rang=2, nom="MARTIN", prenom="Anne")
    seul = f.FamilleFactory(etablissement=etablissement, nom="PAUL", numero=12)
    vide = f.FamilleFactory(etablissement=etablissement, nom="SANS-RESPONSABLE", numero=99)
    ailleurs = f.FamilleFactory(etablissement=autre_etablissement, nom="MARTIN", numero=1234)
    f.ResponsableFactory(famille=ailleurs, nom="MARTIN", prenom="Paul")
    cours_a = f.CoursFactory(annee=annee, code="GB-7 MARTIN")
    cours_b = f.CoursFactory(annee=annee, code="FM 1C1")
    campagne = CampagneFactory(etablissement=etablissement)
    for famille, nom, prenom, numero in [
        (martin, "MARTIN", "Paul", 1234),
        (martin, "MARTIN", "Léa", 5),
        (durand, "DURAND", "Martin", 12),
        (seul, "DUPONT", "Paul", None),
        (vide, "X", "Y", 1),
        (leroy, "LEROY", "Paul", 7),
        (leroy, "MARTIN", "Anne", 8),
    ]:
        eleve = f.EleveFactory(famille=famille, nom=nom, prenom=prenom, numero=numero)
        f.InscriptionFactory(eleve=eleve, cours=cours_a)
        f.InscriptionFactory(eleve=eleve, cours=cours_b)
        DemandeReinscription.objects.create(campagne=campagne, eleve=eleve)
    return martin


def _django(modele_admin, qs, terme):
    trouves, doublons = ModelAdmin.get_search_results(modele_admin, None, qs, terme)
    if doublons:
        trouves = qs.filter(pk__in=trouves.values("pk"))
    return sorted(trouves.values_list("pk", flat=True))


QUI = [Famille, Responsable, Eleve, Inscription, Utilisateur, DemandeReinscription]


def test_the_admins_whose_search_crosses_a_relation_search_table_by_table():
    for modele in QUI:
        assert isinstance(admin.site._registry[modele], RechercheParTable), modele


@pytest.mark.parametrize(
    "modele",
    [m for m, a in admin.site._registry.items() if isinstance(a, RechercheParTable)],
    ids=lambda m: m._meta.label,
)
def test_the_same_rows_as_django_s_own_search(jeu, superuser, modele):
    modele_admin = admin.site._registry[modele]
    request = RequestFactory().get("/")
    request.user = superuser
    qs = modele_admin.get_queryset(request)
    for terme in RECHERCHES:
        trouves, doublons = modele_admin.get_search_results(request, qs, terme)
        assert sorted(trouves.values_list("pk", flat=True)) == _django(modele_admin, qs, terme), (
            modele,
            terme,
        )


@pytest.mark.parametrize(
    "modele",
    [m for m, a in admin.site._registry.items() if isinstance(a, RechercheParTable)],
    ids=lambda m: m._meta.label,
)
def test_a_site_s_staff_find_django_s_rows_and_none_of_the_other_school(jeu, staff, modele):
    """The related keys a search reads are those of the staff's site (families): the
    same rows as Django's search of the site's list, none of the other school's."""
    modele_admin = admin.site._registry[modele]
    request = RequestFactory().get("/")
    request.user = staff
    qs = modele_admin.get_queryset(request)
    autres = set(
        modele_admin.model._base_manager.exclude(pk__in=qs.values("pk")).values_list(
            "pk", flat=True
        )
    )
    for terme in RECHERCHES:
        trouves, _doublons = modele_admin.get_search_results(request, qs, terme)
        trouves = sorted(trouves.values_list("pk", flat=True))
        assert trouves == _django(modele_admin, qs, terme), (modele, terme)
        assert not autres & set(trouves), (modele, terme)


@pytest.mark.parametrize(
    "champs",
    [
        ["nom", "responsables__nom", "responsables__prenom"],
        ["^nom", "=numero", "responsables__email"],
        ["responsables__nom", "eleves__prenom", "eleves__nom"],
        ["nom", "eleves__inscriptions__cours__code"],
    ],
)
def test_the_same_rows_across_several_many_valued_relations(jeu, superuser, champs):
    class Essai(RechercheParTable, ModelAdmin):
        search_fields = champs

    modele_admin = Essai(Famille, admin.site)
    qs = Famille.objects.all()
    for terme in RECHERCHES:
        trouves, doublons = modele_admin.get_search_results(None, qs, terme)
        assert not doublons or not termes(terme)
        assert sorted(trouves.values_list("pk", flat=True)) == _django(modele_admin, qs, terme), (
            champs,
            terme,
        )


def test_what_is_not_translated_is_left_to_django():
    for champ in ["@nom", "responsables", "numero__exact", "inconnu"]:
        with pytest.raises(NonPrisEnCharge):
            champ_de(Famille, champ)
    assert termes('"paul martin" durand') == ["paul martin", "durand"]


def test_a_search_s_result_is_counted_exactly_up_to_its_own_threshold(rf, superuser):
    from imuse.pagination import PaginateurEstime

    modele_admin = admin.site._registry[Famille]
    requete = rf.get("/", {"q": "MARTIN"})
    paginateur = modele_admin.get_paginator(requete, Famille.objects.all(), 50)
    assert isinstance(paginateur, PaginateurEstime)
    assert paginateur.seuil == modele_admin.SEUIL_COMPTE_RECHERCHE
    assert modele_admin.get_paginator(rf.get("/"), Famille.objects.all(), 50).seuil is None
