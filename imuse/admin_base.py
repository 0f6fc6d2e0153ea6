"""Site-scoped administration.

A staff account tied to an Etablissement sees and edits only that site's rows; a
superuser (or global staff) sees all. `SiteAdmin.site_field` is the lookup path from the
model to its Etablissement; foreign-key choices are narrowed through the related
model's own admin, so a site's staff can never pick another site's row.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from imuse.admin_tri import ChangeListTriee
from imuse.journal import journal_de, journaliser
from imuse.models import Etablissement, Journal
from imuse.pagination import PaginateurEstime


class FichierPriveWidget(AdminFileWidget):
    """File input for private storage: shows the current file's name without a link
    (such a file has no URL; asking for one fails)."""

    template_name = "admin/widgets/fichier_prive.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))


# For a ModelAdmin whose model has a file field on private storage.
FICHIERS_PRIVES = {
    models.FileField: {"widget": FichierPriveWidget},
    models.ImageField: {"widget": FichierPriveWidget},
}


def site_du_staff(request):
    """The Etablissement a staff request is limited to, or None for all sites."""
    user = request.user
    if user.is_superuser:
        return None
    return user.etablissement


class FiltreRelatifVisible(admin.RelatedOnlyFieldListFilter):
    """Django's "related only" filter (the values the staff's rows use), asked per value:
    EXISTS one visible row with it, instead of the DISTINCT of the column over every row
    (at 100,000 families the school years of 1.6 million course sheets: seconds)."""

    def field_choices(self, field, request, model_admin):
        visibles = model_admin.get_queryset(request).filter(**{self.field_path: OuterRef("pk")})
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False,
            limit_choices_to=Q(Exists(visibles.order_by().values("pk"))),
            ordering=ordering,
        )


class FiltreDuSite(admin.RelatedFieldListFilter):
    """A filter on a model of the school (years, courses, disciplines): every row of the
    staff's site, read from that small table. Asking which ones the list's rows use
    (FiltreRelatifVisible) built, for each school year, the bitmap of its 150,000 course
    sheets: 90 ms on every Inscriptions page at 100,000 families."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False,
            limit_choices_to=Q(etablissement=site_du_staff(request)),
            ordering=ordering,
        )


def _a_un_site(modele) -> bool:
    try:
        champ = modele._meta.get_field("etablissement")
    except FieldDoesNotExist:
        return False
    return champ.is_relation and champ.related_model is Etablissement


class _Restriction:
    # Lookup path to the row's Etablissement; None leaves rows as they are (inlines).
    site_field: str | None = "etablissement"

    def restreindre(self, request, queryset):
        etablissement = site_du_staff(request)
        if etablissement is None or self.site_field is None:
            return queryset
        return queryset.filter(**{self.site_field: etablissement})

    def get_queryset(self, request):
        return self.restreindre(request, super().get_queryset(request))

    def _choix(self, db_field, request, kwargs):
        if "queryset" in kwargs:
            return
        related = db_field.related_model
        if related is Etablissement:
            etablissement = site_du_staff(request)
            if etablissement is not None:
                kwargs["queryset"] = Etablissement.objects.filter(pk=etablissement.pk)
            return
        related_admin = self.admin_site._registry.get(related)
        if isinstance(related_admin, _Restriction):
            kwargs["queryset"] = related_admin.get_queryset(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._choix(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._choix(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SiteAdmin(_Restriction, admin.ModelAdmin):
    list_per_page = 50
    # At 100,000 families an exact count of the whole table on every list page costs more
    # than the page: no "N total" beside a filtered count, and the paginator estimates
    # beyond 10,000 rows (imuse/pagination.py).
    show_full_result_count = False
    paginator = PaginateurEstime
    # The object's journal (DESIGN §10) at the bottom of its change page (a table, not
    # an inline: it takes no part in the form). imuse/templates/admin/change_form.html.
    montrer_journal = True
    JOURNAL_LIGNES = 50

    def get_changelist(self, request, **kwargs):
        # Sorted by a column, the list reads an index on (column, id) both ways.
        return ChangeListTriee

    # Staff edits made straight in a change form are journaled too (services journal
    # their own): Django's LogEntry stays, the journal is what the timelines read.
    def log_addition(self, request, obj, message):
        # A row a service created (save_model delegating to it) already has its entry.
        if not journal_de(obj).exists():
            journaliser(obj, "admin.ajouter", par=request.user, changements=message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        journaliser(obj, "admin.modifier", par=request.user, changements=message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            journaliser(obj, "admin.supprimer", par=request.user)
        return super().log_deletions(request, queryset)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.montrer_journal:
            context["journal"] = list(journal_de(obj)[: self.JOURNAL_LIGNES])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_list_filter(self, request):
        # A site's staff never see another site in the sidebar: no filter on the site
        # itself, and related filters list only the values of the rows they can see.
        filtres = list(super().get_list_filter(request))
        if site_du_staff(request) is None:
            return filtres
        restreints = []
        for filtre in filtres:
            if isinstance(filtre, str):
                champ = get_fields_from_path(self.model, filtre)[-1]
                if champ.is_relation:
                    if champ.related_model is Etablissement:
                        continue
                    filtre = (
                        filtre,
                        FiltreDuSite if _a_un_site(champ.related_model) else FiltreRelatifVisible,
                    )
            restreints.append(filtre)
        return restreints

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        etablissement = site_du_staff(request)
        if etablissement is None or self.site_field != "etablissement":
            return form
        return _formulaire_du_site(form, etablissement)

    def save_model(self, request, obj, form, change):
        # A site's staff always writes into its own site.
        etablissement = site_du_staff(request)
        if etablissement is not None and self.site_field == "etablissement":
            obj.etablissement = etablissement
        super().save_model(request, obj, form, change)

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if site_du_staff(request) is not None and self.site_field == "etablissement":
            exclude.append("etablissement")
        return exclude

    def get_fieldsets(self, request, obj=None):
        # Declared fieldsets must not name a field the form excludes.
        exclus = set(self.get_exclude(request, obj))
        return [
            (nom, {**options, "fields": [f for f in options["fields"] if f not in exclus]})
            for nom, options in super().get_fieldsets(request, obj)
        ]


def _formulaire_du_site(form: type[forms.ModelForm], etablissement) -> type[forms.ModelForm]:
    """The admin form of a site's staff, whose "etablissement" field is hidden: the row
    belongs to their site before validation, so a duplicate (identifiant, family number,
    school year…) within the site is a form error, never a database error."""

    class FormulaireDuSite(form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.instance.etablissement = etablissement

        def _get_validation_exclusions(self):
            exclusions = super()._get_validation_exclusions()
            exclusions.discard("etablissement")
            return exclusions

    FormulaireDuSite.__name__ = form.__name__
    return FormulaireDuSite


class SiteInline(_Restriction):
    """Mixin for inlines: their rows follow the parent, only FK choices are narrowed."""

    site_field = None


class LectureSeule:
    """For a ModelAdmin or an inline whose rows only services write: shown, never
    added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class JournalInline(LectureSeule, GenericTabularInline):
    """The object's timeline (DESIGN §10), read-only, newest first, on its change page."""

    model = Journal
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ["cree_le", "action", "par", "donnees"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-cree_le", "-pk"]
    verbose_name_plural = _("journal")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("par")


def adopter(obj, cree) -> None:
    """After `save_model` had a service create the row: make the admin's unsaved instance
    that row (its key, then every field read back), so the admin's own log entry and
    redirect point at it. The service ran once; nothing else is written."""
    obj.pk = cree.pk
    obj.refresh_from_db()
    obj._state.adding = False


class SuiviTacheAdmin(SiteAdmin):
    """Read-only record of a background run (a sending, a bulk validation): created by
    its action, followed here with a progress bar. `champ_traites` names the model's
    count of rows processed so far."""

    champ_traites = "traitees"
    change_form_template = "admin/imuse/suivi_tache.html"

    def has_add_permission(self, request):
        return False

    def fait_total(self, obj) -> tuple[int, int]:
        """Rows processed so far and the total (read; a run may keep them elsewhere)."""
        return getattr(obj, self.champ_traites), obj.total

    @staticmethod
    def en_cours(obj) -> bool:
        return obj.statut in (obj.Statut.EN_ATTENTE, obj.Statut.EN_COURS)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/progression/",
                self.admin_site.admin_view(self.progression),
                name=f"{opts.app_label}_{opts.model_name}_progression",
            ),
            *super().get_urls(),
        ]

    def progression(self, request, object_id) -> JsonResponse:
        """The run's state as JSON, polled by static/js/importation.js while it runs."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        fait, total = self.fait_total(obj)
        return JsonResponse(
            {
                "en_cours": self.en_cours(obj),
                "statut": str(obj.get_statut_display()),
                "fait": fait,
                "total": total,
            }
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        contexte = dict(extra_context or {})
        if obj is not None and self.en_cours(obj):
            opts = self.model._meta
            fait, total = self.fait_total(obj)
            contexte["suivi"] = {
                "url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_progression", args=[obj.pk]
                ),
                "fait": fait,
                "total": total,
            }
        return super().change_view(request, object_id, form_url, extra_context=contexte)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The record of what a run did (who, when, what was sent) stays.
        return False

    @admin.display(description=_("progress"))
    def avancement(self, obj) -> str:
        return format_html(
            '<progress max="100" value="{}" aria-label="{}"></progress> {} / {}',
            obj.progression,
            _("progress"),
            getattr(obj, self.champ_traites),
            obj.total,
        )
