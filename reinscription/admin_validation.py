"""Admin of bulk validation: the action on the requests list, its confirmation page for
requests whose documents are not all accepted, and the runs with their progress and
report. Registered from reinscription/admin.py."""

from __future__ import annotations

from itertools import groupby

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from imuse.admin_base import SuiviTacheAdmin
from reinscription.models import DemandeReinscription, ValidationGroupee
from reinscription.validation_groupee import etat_des_pieces, validation_lancer

TOUTES = "toutes"
COMPLETES = "completes"


def _lancer(request, etats) -> None:
    cle = lambda e: e.demande.campagne.etablissement_id  # noqa: E731
    for _site, groupe in groupby(sorted(etats, key=cle), key=cle):
        groupe = list(groupe)
        validation_lancer(
            etablissement=groupe[0].demande.campagne.etablissement,
            demandes=[e.demande for e in groupe],
            par=request.user,
        )
    messages.success(
        request,
        ngettext(
            "Validation of %(n)d request started: its progress and report are on this page.",
            "Validation of %(n)d requests started: their progress and report are on this page.",
            len(etats),
        )
        % {"n": len(etats)},
    )


@admin.action(
    description=_("Validate the selected requests (background, with a report)"),
    permissions=["change"],
)
def valider_selection(modeladmin, request, queryset):
    queryset = queryset.select_related("campagne__etablissement")
    ignorees = queryset.exclude(etat=DemandeReinscription.Etat.EN_ATTENTE).count()
    if ignorees:
        messages.warning(
            request,
            ngettext(
                "%(n)d request was not waiting for validation: it is left as it is.",
                "%(n)d requests were not waiting for validation: they are left as they are.",
                ignorees,
            )
            % {"n": ignorees},
        )
    etats = etat_des_pieces(queryset)
    if not etats:
        return None
    incompletes = [e for e in etats if not e.complete]
    choix = request.POST.get("confirmer")
    if incompletes and choix not in (TOUTES, COMPLETES):
        return TemplateResponse(
            request,
            "admin/reinscription/demandereinscription/valider_selection.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Validate the selected requests"),
                "opts": modeladmin.model._meta,
                "incompletes": incompletes,
                "completes": len(etats) - len(incompletes),
                "total": len(etats),
                "selection": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "TOUTES": TOUTES,
                "COMPLETES": COMPLETES,
            },
        )
    retenues = etats if choix != COMPLETES else [e for e in etats if e.complete]
    if not retenues:
        messages.warning(request, _("No request of the selection has all its documents accepted."))
        return None
    _lancer(request, retenues)
    return redirect("admin:reinscription_validationgroupee_changelist")


@admin.register(ValidationGroupee)
class ValidationGroupeeAdmin(SuiviTacheAdmin):
    list_display = ["__str__", "statut", "avancement", "fiches", "non_placees", "par", "cree_le"]
    list_filter = ["statut"]
    list_select_related = ["par"]
    readonly_fields = [
        "statut",
        "avancement",
        "fiches",
        "non_placees",
        "compte_rendu",
        "par",
        "cree_le",
        "termine_le",
    ]
    fields = readonly_fields

    @admin.display(description=_("report"))
    def compte_rendu(self, obj: ValidationGroupee) -> str:
        if not obj.rapport:
            return _("The report is written once every request is processed.")
        lignes = []
        for entree in obj.rapport:
            if entree.get("erreur"):
                detail = format_html(
                    "<strong>{}</strong> {}", _("Not validated:"), entree["erreur"]
                )
            else:
                detail = format_html(
                    "{}{}",
                    "; ".join(entree["places"]) or _("no course sheet"),
                    format_html(
                        " — <strong>{}</strong> {}",
                        _("Not placed:"),
                        "; ".join(entree["non_places"]),
                    )
                    if entree["non_places"]
                    else "",
                )
            lignes.append((entree["eleve"], detail))
        return format_html(
            "<table><caption>{}</caption><thead><tr><th scope='col'>{}</th>"
            "<th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Course sheets of next year, request by request"),
            _("Pupil"),
            _("Placement"),
            format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", lignes),
        )
