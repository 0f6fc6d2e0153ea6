from django.contrib import admin

from famille.models import Famille, Responsable
from imuse.admin import SiteAdmin, SiteInline


class ResponsableInline(SiteInline, admin.StackedInline):
    model = Responsable
    extra = 0
    max_num = 2
    raw_id_fields = ["utilisateur"]


@admin.register(Famille)
class FamilleAdmin(SiteAdmin):
    list_display = ["nom", "numero", "etablissement"]
    list_filter = ["etablissement"]
    search_fields = ["nom", "numero", "responsables__nom", "responsables__email"]
    inlines = [ResponsableInline]


@admin.register(Responsable)
class ResponsableAdmin(SiteAdmin):
    site_field = "famille__etablissement"
    list_display = ["nom", "prenom", "famille", "rang", "email", "tel_mobile"]
    list_filter = ["famille__etablissement", "rang"]
    search_fields = ["nom", "prenom", "email", "famille__nom"]
    list_select_related = ["famille"]
    autocomplete_fields = ["famille"]
    raw_id_fields = ["utilisateur"]
