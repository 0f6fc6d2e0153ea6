from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from comptes.models import Utilisateur
from imuse.admin_base import SiteAdmin, site_du_staff


class UtilisateurCreationForm(AdminUserCreationForm):
    class Meta:
        model = Utilisateur
        fields = ["etablissement", "identifiant", "email"]


class UtilisateurChangeForm(UserChangeForm):
    class Meta:
        model = Utilisateur
        fields = "__all__"


@admin.register(Utilisateur)
class UtilisateurAdmin(SiteAdmin, UserAdmin):
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
    ]
    list_filter = ["etablissement", "is_staff", "is_active", "doit_changer_mot_de_passe"]
    search_fields = ["identifiant", "nom", "prenom", "email"]
    ordering = ["etablissement", "identifiant"]
    fieldsets = [
        (None, {"fields": ["etablissement", "identifiant", "password"]}),
        (_("Identity"), {"fields": ["nom", "prenom", "email"]}),
        (
            _("Access"),
            {"fields": ["is_active", "doit_changer_mot_de_passe", "mode_accessible", "last_login"]},
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
    readonly_fields = ["last_login"]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser grants superuser rights or permissions.
        if site_du_staff(request) is not None:
            return [*self.readonly_fields, "is_superuser", "user_permissions"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        # An account created by staff chooses its own password at first connection.
        if not change:
            obj.doit_changer_mot_de_passe = True
        super().save_model(request, obj, form, change)
