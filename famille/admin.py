from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from famille.admin_compte import PreferencesInline
from famille.admin_synthese import SyntheseMixin
from famille.models import Famille, Responsable
from imuse.admin_base import SiteAdmin, SiteInline
from imuse.admin_demandes import HistoriqueInline, lien_demande_ouverte
from imuse.admin_recherche import RechercheParTable


class ResponsableInline(SiteInline, admin.StackedInline):
    model = Responsable
    extra = 0
    max_num = 2
    # The account is found by name, e-mail, login or family number, never by its key.
    autocomplete_fields = ["utilisateur"]


@admin.register(Famille)
class FamilleAdmin(RechercheParTable, SyntheseMixin, SiteAdmin):
    list_display = ["nom", "numero", "etablissement", "lien_synthese"]
    # By name or number (the list's own order, indexed); a site's staff see one school.
    sortable_by = ["nom", "numero"]
    list_filter = ["etablissement"]
    search_fields = ["nom", "numero", "responsables__nom", "responsables__email"]
    inlines = [ResponsableInline]
    actions = ["imprimer_invitations"]

    @admin.action(description=_("Print the invitation letters (guardians without e-mail)"))
    def imprimer_invitations(self, request, queryset):
        from famille.invitations import lettres_invitation
        from imuse.pdf import reponse_pdf

        contenu, n = lettres_invitation(familles=list(queryset), par=request.user)
        if not n:
            self.message_user(
                request,
                _(
                    "No letter to print: every guardian of these families has an e-mail "
                    "address or has already logged in."
                ),
                messages.WARNING,
            )
            return None
        return reponse_pdf(contenu, "invitations-portail.pdf", attachement=True)


@admin.register(Responsable)
class ResponsableAdmin(RechercheParTable, SiteAdmin):
    site_field = "famille__etablissement"
    list_display = ["nom", "prenom", "famille", "rang", "email", "tel_mobile"]
    # Each on an index of (column, id) (imuse/admin_tri.py); rank 1 or 2 is no order.
    sortable_by = ["nom", "prenom", "famille", "email", "tel_mobile"]
    # "compte : vide" lists the guardians without an account, to create them all at once.
    list_filter = ["famille__etablissement", "rang", ("utilisateur", admin.EmptyFieldListFilter)]
    search_fields = ["nom", "prenom", "email", "famille__nom", "famille__numero"]
    list_select_related = ["famille"]
    # The family and the account are found by name, e-mail, login or family number,
    # never by an internal key.
    autocomplete_fields = ["famille", "utilisateur"]
    readonly_fields = ["demande_en_attente"]
    inlines = [HistoriqueInline, PreferencesInline]
    actions = ["creer_les_comptes"]

    @admin.action(description=_("Create the accounts of the selected guardians"))
    def creer_les_comptes(self, request, queryset):
        from famille.services import comptes_creer

        crees = comptes_creer(responsables=list(queryset), par=request.user)
        deja = queryset.count() - len(crees)
        self.message_user(
            request,
            _("%(crees)d accounts created; %(deja)d guardians already had one.")
            % {"crees": len(crees), "deja": deja},
            messages.SUCCESS,
        )

    @admin.display(description=_("pending request"))
    def demande_en_attente(self, obj):
        return lien_demande_ouverte(obj)
