"""Admin of invitations: the state of each account in the users list (invited on, first
connection on, sending failed) with a filter, the actions that invite a selection or
everyone not yet invited (a background task), and the sendings with their progress."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from comptes.models import EnvoiInvitations
from comptes.services.invitations import (
    InvitationErreur,
    a_inviter,
    avec_adresse,
    invitations_lancer,
)
from imuse.admin_base import SuiviTacheAdmin, site_du_staff
from imuse.models import Courriel

JAMAIS_UTILISEE = "jamais_utilisee"


def invitations_jamais_utilisees(queryset):
    """Accounts invited that never came in (read; the dashboard counts them)."""
    return queryset.filter(
        invite_le__isnull=False, premiere_connexion_le__isnull=True, is_active=True
    )


class EtatInvitationFilter(admin.SimpleListFilter):
    title = _("invitation")
    parameter_name = "invitation"

    def lookups(self, request, model_admin):
        return [
            ("non_invite", _("not invited yet")),
            (JAMAIS_UTILISEE, _("invited, never used")),
            ("echec", _("sending failed")),
            ("connecte", _("first connection done")),
        ]

    def queryset(self, request, queryset):
        valeur = self.value()
        if valeur == "non_invite":
            return queryset.filter(invite_le__isnull=True, premiere_connexion_le__isnull=True)
        if valeur == JAMAIS_UTILISEE:
            return invitations_jamais_utilisees(queryset)
        if valeur == "echec":
            return queryset.filter(
                premiere_connexion_le__isnull=True,
                invitation_courriel__etat=Courriel.Etat.ECHEC,
            )
        if valeur == "connecte":
            return queryset.filter(premiere_connexion_le__isnull=False)
        return queryset


class InvitationsMixin:
    """For UtilisateurAdmin: columns, filter, actions and the "invite everyone" page."""

    change_list_template = "admin/comptes/utilisateur/change_list.html"

    @admin.display(description=_("invited on"), ordering="invite_le")
    def invite_le_affiche(self, obj) -> str:
        return obj.invite_le.strftime("%d/%m/%Y") if obj.invite_le else "—"

    @admin.display(description=_("first connection on"), ordering="premiere_connexion_le")
    def premiere_connexion_affichee(self, obj) -> str:
        if obj.premiere_connexion_le:
            return obj.premiere_connexion_le.strftime("%d/%m/%Y")
        return "—"

    @admin.display(description=_("sending failed"))
    def echec_envoi(self, obj) -> str:
        courriel = obj.invitation_courriel
        if courriel is None or courriel.etat != Courriel.Etat.ECHEC:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:imuse_courriel_change", args=[courriel.pk]),
            _("failed: see the e-mail"),
        )

    @admin.action(description=_("Invite (or invite again) the selected accounts"))
    def inviter(self, request, queryset):
        self._lancer(request, queryset.filter(is_active=True))

    def _lancer(self, request, comptes):
        try:
            envoi = invitations_lancer(
                comptes=comptes, etablissement=site_du_staff(request), par=request.user
            )
        except InvitationErreur as erreur:
            messages.warning(request, str(erreur))
            return None
        messages.success(
            request,
            _(
                "Sending of %(n)d invitations started: its progress is shown on the "
                "invitation sendings page."
            )
            % {"n": envoi.total},
        )
        return redirect("admin:comptes_envoiinvitations_change", envoi.pk)

    def get_urls(self):
        return [
            path(
                "inviter-tous/",
                self.admin_site.admin_view(self.inviter_tous),
                name="comptes_utilisateur_inviter_tous",
            ),
            *super().get_urls(),
        ]

    def inviter_tous(self, request):
        """Invite every account of the site not yet invited (confirmation, then a task)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        restants = a_inviter(self.get_queryset(request))
        if request.method == "POST":
            reponse = self._lancer(request, avec_adresse(restants))
            return reponse or redirect("admin:comptes_utilisateur_changelist")
        total = restants.count()
        courriel = avec_adresse(restants).count()
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Invite everyone not yet invited"),
            "total": total,
            "avec_courriel": courriel,
            "sans_courriel": total - courriel,
            "url_sans_courriel": reverse("admin:famille_famille_changelist"),
        }
        return TemplateResponse(request, "admin/comptes/utilisateur/inviter_tous.html", contexte)


@admin.register(EnvoiInvitations)
class EnvoiInvitationsAdmin(SuiviTacheAdmin):
    champ_traites = "traites"
    list_display = [
        "cree_le",
        "par",
        "statut",
        "avancement",
        "envoyes",
        "sans_adresse",
        "ignores",
        "termine_le",
    ]
    list_filter = ["statut"]
    list_select_related = ["par"]
    readonly_fields = [
        "cree_le",
        "par",
        "statut",
        "avancement",
        "total",
        "traites",
        "envoyes",
        "sans_adresse",
        "ignores",
        "rapport",
        "termine_le",
    ]
    fields = readonly_fields

    @admin.display(description=_("report"))
    def rapport(self, obj: EnvoiInvitations) -> str:
        liste = reverse("admin:comptes_utilisateur_changelist")
        if not obj.erreurs:
            return format_html(
                '{} <a href="{}?invitation=echec">{}</a>',
                _("No error. E-mails that fail later are listed with the accounts:"),
                liste,
                _("see the invitations whose sending failed"),
            )
        return "; ".join(f"{e['identifiant']}: {e['erreur']}" for e in obj.erreurs)
