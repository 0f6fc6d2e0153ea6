"""Site-scoped administration.

A staff account tied to an Etablissement sees and edits only that site's rows; a
superuser (or global staff) sees all. `SiteAdmin.site_field` is the lookup path from the
model to its Etablissement; foreign-key choices are narrowed through the related
model's own admin, so a site's staff can never pick another site's row.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from imuse.models import AnneeScolaire, Etablissement

admin.site.site_header = _("Family portal — administration")
admin.site.site_title = _("Family portal")
admin.site.index_title = _("Administration")


def site_du_staff(request):
    """The Etablissement a staff request is limited to, or None for all sites."""
    user = request.user
    if user.is_superuser:
        return None
    return user.etablissement


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


class SiteInline(_Restriction):
    """Mixin for inlines: their rows follow the parent, only FK choices are narrowed."""

    site_field = None


@admin.register(Etablissement)
class EtablissementAdmin(SiteAdmin):
    site_field = "pk"

    def restreindre(self, request, queryset):
        etablissement = site_du_staff(request)
        return queryset if etablissement is None else queryset.filter(pk=etablissement.pk)

    list_display = ["nom", "code", "ville", "telephone", "email"]
    search_fields = ["nom", "code", "ville"]
    prepopulated_fields = {"code": ["nom"]}

    def has_add_permission(self, request):
        return site_du_staff(request) is None and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return site_du_staff(request) is None and super().has_delete_permission(request, obj)


@admin.register(AnneeScolaire)
class AnneeScolaireAdmin(SiteAdmin):
    list_display = ["libelle", "etablissement", "debut", "fin", "courante"]
    list_filter = ["etablissement", "courante"]


# The queue of pending modifications (DESIGN §2) lives in its own module.
from imuse.admin_demandes import DemandeModificationAdmin  # noqa: E402, F401
