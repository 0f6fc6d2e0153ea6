"""Staff side of the outbox (imuse/emails.py): what was sent, what waits, what failed
and why, with a "resend" action. Read-only otherwise; each site sees its own mail."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from imuse.admin_base import SiteAdmin
from imuse.models import Courriel
from imuse.services import courriels_renvoyer

# The queue's raw rows are not scoped by site: staff see the outbox below instead.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(Courriel)
class CourrielAdmin(SiteAdmin):
    list_display = ["cree_le", "destinataire", "sujet", "etat", "tentatives", "envoye_le"]
    list_filter = ["etat", "modele"]
    search_fields = ["destinataire", "sujet"]
    date_hierarchy = "cree_le"
    actions = ["renvoyer"]
    fields = [
        "etat",
        "destinataire",
        "expediteur",
        "sujet",
        "modele",
        "langue",
        "cree_le",
        "tentatives",
        "prochain_essai",
        "envoye_le",
        "derniere_erreur",
        "texte",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Resend the selected e-mails"), permissions=["view"])
    def renvoyer(self, request, queryset) -> None:
        n = courriels_renvoyer(courriels=queryset, par=request.user)
        self.message_user(
            request,
            ngettext(
                "%(n)d e-mail put back in the queue.",
                "%(n)d e-mails put back in the queue.",
                n,
            )
            % {"n": n},
            messages.SUCCESS if n else messages.WARNING,
        )
