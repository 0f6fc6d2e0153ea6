import os
from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from eleves import admin_depots, admin_saisie  # noqa: F401 (admin_depots registers)
from eleves.admin_majeurs import ComptesMajeursMixin, MajeurFilter
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
from eleves.services import document_publier, inscriptions_publier
from imuse.admin_base import FICHIERS_PRIVES, SiteAdmin, SiteInline
from imuse.admin_demandes import HistoriqueInline, lien_demande_ouverte
from imuse.admin_recherche import RechercheParTable
from imuse.fichiers import reponse_fichier_prive
from imuse.televersement import ACCEPT, ChampFichierVerifie


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
class EleveAdmin(RechercheParTable, ComptesMajeursMixin, SiteAdmin):
    site_field = "famille__etablissement"
    list_display = ["nom", "prenom", "numero", "famille", "date_naissance"]
    # Each on an index of (column, id) (imuse/admin_tri.py); the family by its own order.
    sortable_by = ["nom", "prenom", "numero", "famille", "date_naissance"]
    list_filter = ["famille__etablissement", MajeurFilter]
    actions = ["creer_comptes_majeurs"]
    search_fields = ["nom", "prenom", "=numero", "famille__nom"]
    autocomplete_fields = ["famille"]
    list_select_related = ["famille"]
    readonly_fields = ["demande_en_attente"]
    inlines = [HistoriqueInline]

    @admin.display(description=_("pending request"))
    def demande_en_attente(self, obj):
        return lien_demande_ouverte(obj)


@admin.register(Cours)
class CoursAdmin(RechercheParTable, SiteAdmin):
    site_field = "annee__etablissement"
    list_display = [
        "code",
        "annee",
        "discipline",
        "enseignant",
        "jour",
        "heure",
        "salle",
        "saisir_evaluation",
    ]
    list_filter = ["annee__etablissement", "annee", "discipline__departement"]
    search_fields = ["code", "discipline__nom", "enseignant__nom"]
    list_select_related = ["annee", "discipline", "enseignant", "salle"]

    @admin.display(description=_("evaluations"))
    def saisir_evaluation(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:eleves_cours_grille", args=[obj.pk]),
            _("Enter an evaluation of %(cours)s") % {"cours": obj.code},
        )

    def get_urls(self):
        vue = self.admin_site.admin_view(partial(admin_saisie.grille, self))
        return [path("<int:pk>/evaluation/", vue, name="eleves_cours_grille"), *super().get_urls()]


class EvaluationInline(SiteInline, admin.TabularInline):
    model = Evaluation
    extra = 0
    # Published only through the "publish" action (inscriptions_publier, journaled).
    readonly_fields = ["publiee"]


class AbsenceInline(SiteInline, admin.TabularInline):
    model = Absence
    extra = 0
    readonly_fields = ["definitive"]


@admin.register(Inscription)
class InscriptionAdmin(RechercheParTable, SiteAdmin):
    # The sheet's own year (Inscription.annee) scopes, filters and orders the list on
    # this table's indexes: at 100,000 families, 1.6 million sheets (docs/performance.md).
    site_field = "annee__etablissement"
    list_display = ["eleve", "cours", "situation_activite", "moyenne"]
    # Sorted on an index (imuse/admin_tri.py). Not by course (its year's then its code's
    # order, over joined tables: 2.8 s at 1.6 million sheets) nor by status (four values):
    # the year and status filters and the search by course code do that.
    sortable_by = ["eleve", "moyenne"]
    list_filter = ["annee", "situation_activite"]
    # Newest sheets first (the model's order, year then course code, is on joined columns:
    # PostgreSQL sorted every sheet of the site for each page).
    ordering = ["-pk"]
    # A name search filters the sheets' pupil and course keys: the page stops at 50 rows.
    recherche_directe = True
    search_fields = ["eleve__nom", "eleve__prenom", "cours__code"]
    autocomplete_fields = ["eleve"]
    list_select_related = ["eleve", "cours__annee"]
    inlines = [EvaluationInline, AbsenceInline]
    actions = ["publier_suivi"]

    @admin.action(
        description=_("Publish the evaluations and make the absences final"),
        permissions=["change"],
    )
    def publier_suivi(self, request, queryset):
        evaluations, absences = inscriptions_publier(inscriptions=queryset, par=request.user)
        messages.success(
            request,
            _("%(evaluations)d evaluation(s) published, %(absences)d absence(s) made final.")
            % {"evaluations": evaluations, "absences": absences},
        )


@admin.register(PieceRepertoire)
class PieceRepertoireAdmin(RechercheParTable, SiteAdmin):
    site_field = "eleve__famille__etablissement"
    list_display = ["titre", "compositeur", "eleve", "annee", "date"]
    search_fields = ["titre", "compositeur", "eleve__nom"]
    autocomplete_fields = ["eleve"]


@admin.register(DocumentEleve)
class DocumentEleveAdmin(RechercheParTable, SiteAdmin):
    site_field = "eleve__famille__etablissement"
    list_display = ["titre", "eleve", "type_document", "annee", "visible_famille", "cree_le"]
    list_filter = ["type_document", "visible_famille", "annee"]
    search_fields = ["titre", "eleve__nom"]
    autocomplete_fields = ["eleve"]
    list_select_related = ["eleve", "annee"]
    actions = ["publier", "retirer"]
    # Publishing is document_publier's (journaled, tells the family): not a checkbox here.
    readonly_fields = ["telecharger", "visible_famille"]
    # Private storage has no URL: the file input shows no link, the download goes
    # through the view below, which checks the staff's site. Staff uploads go through
    # the same checks as the families' (type by content, size, images re-encoded,
    # active PDFs refused).
    formfield_overrides = {
        models.FileField: {
            "form_class": ChampFichierVerifie,
            "widget": FICHIERS_PRIVES[models.FileField]["widget"](attrs={"accept": ACCEPT}),
        }
    }

    @admin.display(description=_("current file"))
    def telecharger(self, obj: DocumentEleve) -> str:
        if not obj or not obj.pk or not obj.fichier:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:eleves_documenteleve_fichier", args=[obj.pk]),
            obj.nom_original or os.path.basename(obj.fichier.name),
        )

    change_list_template = "admin/eleves/documenteleve/change_list.html"

    def get_urls(self):
        vue = self.admin_site.admin_view(self.fichier)
        bulletins = self.admin_site.admin_view(partial(admin_saisie.bulletins, self))
        publier = self.admin_site.admin_view(partial(admin_saisie.bulletins_publier, self))
        return [
            path("<int:pk>/fichier/", vue, name="eleves_documenteleve_fichier"),
            path("bulletins/", bulletins, name="eleves_documenteleve_bulletins"),
            path("bulletins/publier/", publier, name="eleves_documenteleve_bulletins_publier"),
            *super().get_urls(),
        ]

    def fichier(self, request, pk: int):
        document = self.get_queryset(request).filter(pk=pk).first()
        if document is None or not document.fichier:
            raise Http404
        if not self.has_view_or_change_permission(request, document):
            raise PermissionDenied
        nom = document.nom_original or os.path.basename(document.fichier.name)
        return reponse_fichier_prive(document.fichier, nom)

    def save_model(self, request, obj, form, change):
        if "fichier" in form.changed_data and obj.fichier:
            obj.nom_original = os.path.basename(obj.fichier.name)
        super().save_model(request, obj, form, change)

    def _publier(self, request, queryset, visible: bool, message: str):
        for document in queryset:
            document_publier(document=document, visible=visible, par=request.user)
        messages.success(request, message % {"n": queryset.count()})

    @admin.action(description=_("Publish to the family"), permissions=["change"])
    def publier(self, request, queryset):
        n = queryset.count()
        self._publier(
            request,
            queryset,
            True,
            ngettext("%(n)d document published.", "%(n)d documents published.", n),
        )

    @admin.action(description=_("Withdraw from the family"), permissions=["change"])
    def retirer(self, request, queryset):
        n = queryset.count()
        self._publier(
            request,
            queryset,
            False,
            ngettext("%(n)d document withdrawn.", "%(n)d documents withdrawn.", n),
        )


# Holidays, cancellations, absences; the one-page family creation.
from eleves import admin_agenda, admin_famille  # noqa: E402,F401
