from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from comptes.admin_invitations import EtatInvitationFilter, InvitationsMixin
from comptes.models import Utilisateur
from imuse.admin_base import SiteAdmin, site_du_staff
from imuse.admin_recherche import RechercheParTable


class UtilisateurCreationForm(AdminUserCreationForm):
    class Meta:
        model = Utilisateur
        fields = ["etablissement", "identifiant", "email"]


class UtilisateurChangeForm(UserChangeForm):
    class Meta:
        model = Utilisateur
        fields = "__all__"


def _du_responsable(obj) -> bool:
    return obj is not None and getattr(obj, "responsable", None) is not None


@admin.register(Utilisateur)
class UtilisateurAdmin(RechercheParTable, InvitationsMixin, SiteAdmin, UserAdmin):
    form = UtilisateurChangeForm
    add_form = UtilisateurCreationForm
    list_display = [
        "identifiant",
        "etablissement",
        "nom",
        "prenom",
        "email",
        "is_staff",
        "is_active",
        "invite_le_affiche",
        "premiere_connexion_affichee",
        "echec_envoi",
    ]
    # Each on an index (imuse/admin_tri.py); the school, staff and active columns by
    # their filters.
    sortable_by = [
        "identifiant",
        "nom",
        "prenom",
        "email",
        "invite_le_affiche",
        "premiere_connexion_affichee",
    ]
    list_filter = [
        EtatInvitationFilter,
        "etablissement",
        "is_staff",
        "is_active",
        "doit_changer_mot_de_passe",
    ]
    actions = ["inviter"]
    # Also what finds an account to link to a guardian (famille's autocomplete).
    search_fields = [
        "identifiant",
        "nom",
        "prenom",
        "email",
        "responsable__nom",
        "responsable__prenom",
        "responsable__email",
        "responsable__famille__numero",
    ]
    ordering = ["etablissement", "identifiant"]

    def get_ordering(self, request):
        # A site's staff see one site: its accounts by identifiant, walked on the
        # (etablissement, identifiant) unique index instead of sorting the site's 100,000
        # accounts by the site's name first.
        if site_du_staff(request) is not None:
            return ["etablissement_id", "identifiant"]
        return super().get_ordering(request)

    list_select_related = ["etablissement", "invitation_courriel"]
    fieldsets = [
        (None, {"fields": ["etablissement", "identifiant", "password"]}),
        (_("Identity"), {"fields": ["nom", "prenom", "email"]}),
        (
            _("Access"),
            {
                "fields": [
                    "is_active",
                    "doit_changer_mot_de_passe",
                    "mode_accessible",
                    "last_login",
                    "invite_le",
                    "premiere_connexion_le",
                ]
            },
        ),
        (_("Staff"), {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "etablissement",
                    "identifiant",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    readonly_fields = ["last_login", "invite_le", "premiere_connexion_le"]

    def get_readonly_fields(self, request, obj=None):
        champs = [*self.readonly_fields]
        if _du_responsable(obj):
            champs.append("adresse_du_responsable")
        # Only a superuser grants superuser rights or permissions.
        if site_du_staff(request) is not None:
            champs += ["is_superuser", "user_permissions"]
        return champs

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not _du_responsable(obj):
            return fieldsets
        # A guardian's account has one address, the family file's: shown, not edited here.
        return [
            (
                nom,
                {
                    **options,
                    "fields": [
                        "adresse_du_responsable" if f == "email" else f for f in options["fields"]
                    ],
                },
            )
            for nom, options in fieldsets
        ]

    @admin.display(description=_("e-mail"))
    def adresse_du_responsable(self, obj) -> str:
        return obj.adresse_email or "—"

    def save_model(self, request, obj, form, change):
        # An account created by staff chooses its own password at first connection.
        if not change:
            obj.doit_changer_mot_de_passe = True
        super().save_model(request, obj, form, change)
