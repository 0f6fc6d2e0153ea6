"""Admin of the core: schools, school years, and the queue of pending modifications."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from imuse import admin_courriels, admin_demandes  # noqa: F401  (register their models)
from imuse.admin_base import FICHIERS_PRIVES, SiteAdmin, site_du_staff
from imuse.models import AnneeScolaire, Etablissement

admin.site.site_header = _("Family portal — administration")
admin.site.site_title = _("Family portal")
admin.site.index_title = _("Administration")


@admin.register(Etablissement)
class EtablissementAdmin(SiteAdmin):
    site_field = "pk"

    def restreindre(self, request, queryset):
        etablissement = site_du_staff(request)
        return queryset if etablissement is None else queryset.filter(pk=etablissement.pk)

    list_display = ["nom", "code", "ville", "telephone", "email"]
    search_fields = ["nom", "code", "ville"]
    prepopulated_fields = {"code": ["nom"]}
    formfield_overrides = {
        **FICHIERS_PRIVES,
        models.URLField: {"assume_scheme": "https"},
    }
    readonly_fields = ["apercu_logo"]

    @admin.display(description=_("current logo"))
    def apercu_logo(self, obj: Etablissement) -> str:
        if not obj or not obj.pk or not obj.logo:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" height="60">',
            reverse("logo", args=[obj.code]),
            _("Logo of %(nom)s") % {"nom": obj.nom},
        )

    def has_add_permission(self, request):
        return site_du_staff(request) is None and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return site_du_staff(request) is None and super().has_delete_permission(request, obj)


class AnneeScolaireForm(forms.ModelForm):
    class Meta:
        model = AnneeScolaire
        fields = ["etablissement", "libelle", "debut", "fin", "courante"]

    def clean(self):
        cleaned = super().clean()
        etablissement = cleaned.get("etablissement") or self.instance.etablissement_id
        if cleaned.get("courante") and etablissement:
            autres = AnneeScolaire.objects.filter(etablissement=etablissement, courante=True)
            if autres.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "courante",
                    _(
                        "Another school year is already the current one for this school: "
                        "untick it there first."
                    ),
                )
        return cleaned


@admin.register(AnneeScolaire)
class AnneeScolaireAdmin(SiteAdmin):
    form = AnneeScolaireForm
    list_display = ["libelle", "etablissement", "debut", "fin", "courante"]
    list_filter = ["etablissement", "courante"]
