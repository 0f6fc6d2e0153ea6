from django.contrib import admin

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
from imuse.admin import SiteAdmin, SiteInline


@admin.register(Departement, Cycle, Salle)
class ReferentielAdmin(SiteAdmin):
    list_display = ["__str__", "etablissement"]
    list_filter = ["etablissement"]


@admin.register(Discipline)
class DisciplineAdmin(SiteAdmin):
    list_display = ["nom", "departement", "etablissement"]
    list_filter = ["etablissement", "departement"]
    search_fields = ["nom"]


@admin.register(Enseignant)
class EnseignantAdmin(SiteAdmin):
    list_display = ["nom", "prenom", "etablissement"]
    list_filter = ["etablissement"]
    search_fields = ["nom", "prenom"]


@admin.register(Eleve)
class EleveAdmin(SiteAdmin):
    site_field = "famille__etablissement"
    list_display = ["nom", "prenom", "famille", "date_naissance"]
    list_filter = ["famille__etablissement"]
    search_fields = ["nom", "prenom", "famille__nom"]
    autocomplete_fields = ["famille"]
    list_select_related = ["famille"]


@admin.register(Cours)
class CoursAdmin(SiteAdmin):
    site_field = "annee__etablissement"
    list_display = ["code", "annee", "discipline", "enseignant", "jour", "heure", "salle"]
    list_filter = ["annee__etablissement", "annee", "discipline__departement"]
    search_fields = ["code", "discipline__nom", "enseignant__nom"]
    list_select_related = ["annee", "discipline", "enseignant", "salle"]


class EvaluationInline(SiteInline, admin.TabularInline):
    model = Evaluation
    extra = 0


class AbsenceInline(SiteInline, admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(Inscription)
class InscriptionAdmin(SiteAdmin):
    site_field = "eleve__famille__etablissement"
    list_display = ["eleve", "cours", "situation_activite", "moyenne"]
    list_filter = ["cours__annee", "situation_activite"]
    search_fields = ["eleve__nom", "eleve__prenom", "cours__code"]
    autocomplete_fields = ["eleve"]
    list_select_related = ["eleve", "cours__annee"]
    inlines = [EvaluationInline, AbsenceInline]


@admin.register(PieceRepertoire)
class PieceRepertoireAdmin(SiteAdmin):
    site_field = "eleve__famille__etablissement"
    list_display = ["titre", "compositeur", "eleve", "annee", "date"]
    search_fields = ["titre", "compositeur", "eleve__nom"]
    autocomplete_fields = ["eleve"]


@admin.register(DocumentEleve)
class DocumentEleveAdmin(SiteAdmin):
    site_field = "eleve__famille__etablissement"
    list_display = ["titre", "eleve", "type_document", "annee", "visible_famille", "cree_le"]
    list_filter = ["type_document", "visible_famille"]
    search_fields = ["titre", "eleve__nom"]
    autocomplete_fields = ["eleve"]
