from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from famille.admin_compte import PreferencesInline
from famille.admin_synthese import SyntheseMixin
from famille.models import Famille, Responsable
from imuse.admin_base import SiteAdmin, SiteInline
from imuse.admin_demandes import HistoriqueInline, lien_demande_ouverte


class ResponsableInline(SiteInline, admin.StackedInline):
    model = Responsable
    extra = 0
    max_num = 2
    raw_id_fields = ["utilisateur"]


@admin.register(Famille)
class FamilleAdmin(SyntheseMixin, SiteAdmin):
    list_display = ["nom", "numero", "etablissement", "lien_synthese"]
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
    readonly_fields = ["demande_en_attente"]
    inlines = [HistoriqueInline, PreferencesInline]

    @admin.display(description=_("pending request"))
    def demande_en_attente(self, obj):
        return lien_demande_ouverte(obj)
