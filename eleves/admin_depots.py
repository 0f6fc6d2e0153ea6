"""Admin of the bulletins ZIPs read in the background (eleves/saisie_fond.py): each run
with its progress, then its report and the link to publish. Registered from
eleves/admin.py."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from eleves.models import DepotBulletins
from eleves.saisie_fond import lire_progression
from imuse.admin_base import SuiviTacheAdmin


@admin.register(DepotBulletins)
class DepotBulletinsAdmin(SuiviTacheAdmin):
    champ_traites = "traites"
    list_display = ["__str__", "annee", "statut", "avancement", "par", "termine_le"]
    list_filter = ["statut"]
    list_select_related = ["annee", "par"]
    readonly_fields = [
        "nom_original",
        "annee",
        "titre",
        "par",
        "cree_le",
        "statut",
        "avancement",
        "rapport",
        "termine_le",
    ]
    fields = readonly_fields

    def fait_total(self, obj: DepotBulletins) -> tuple[int, int]:
        return lire_progression(obj)

    @admin.display(description=_("progress"))
    def avancement(self, obj: DepotBulletins) -> str:
        fait, total = self.fait_total(obj)
        valeur = (
            obj.progression
            if obj.statut != obj.Statut.EN_COURS or not total
            else (round(100 * fait / total))
        )
        return format_html(
            '<progress max="100" value="{}" aria-label="{}"></progress> {} / {}',
            valeur,
            _("progress"),
            fait,
            total,
        )

    @admin.display(description=_("report"))
    def rapport(self, obj: DepotBulletins) -> str:
        if obj.statut == obj.Statut.ECHEC:
            return obj.erreur
        if obj.statut != obj.Statut.TERMINE:
            return _("Not finished yet: this page updates by itself.")
        return format_html(
            '{} <a href="{}?depot={}">{}</a>',
            ngettext(
                "%(n)d bulletin matched, %(refus)d files left out.",
                "%(n)d bulletins matched, %(refus)d files left out.",
                len(obj.documents),
            )
            % {"n": len(obj.documents), "refus": len(obj.refus)},
            reverse("admin:eleves_documenteleve_bulletins"),
            obj.pk,
            _("See the report and publish the bulletins"),
        )
