"""Payment reminders in the admin (docs/facturation.md, "Relances"): "Envoyer une relance"
from the invoice list (an action) or from "Familles débitrices" (tick families), a
confirmation page (each family with its next level and the amount overdue, the skipped
ones with why), then the background sending with its progress and report; the reminders
sent, each letter in PDF, and the letters to print of a sending in one file.

Site-scoped: families, reminders and sendings are those of the staff member's school."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facturation import services
from facturation.models import EnvoiRelances, Relance
from facturation.relances_pdf import lettres_pdf
from famille.models import Famille
from famille.notifications import TypeNotification, destinataires
from imuse.admin_base import LectureSeule, SiteAdmin, SuiviTacheAdmin, site_du_staff
from imuse.admin_recherche import RechercheParTable
from imuse.models import Etablissement
from imuse.pdf import reponse_pdf

# More families than this on one confirmation page: the list shows the first ones only.
APERCU_MAX = 500


def _familles(request, ids):
    familles = Famille.objects.filter(pk__in=ids).select_related("etablissement")
    etablissement = site_du_staff(request)
    if etablissement is not None:
        familles = familles.filter(etablissement=etablissement)
    return familles.order_by("nom", "pk")


def confirmer_relances(modeladmin, request, ids):
    """The confirmation page (GET-like: a POST of family ids writes nothing), or with
    "confirmer" in the POST the start of the sending."""
    if not modeladmin.has_view_permission(request):
        raise PermissionDenied
    familles = list(_familles(request, ids)[:APERCU_MAX])
    if request.POST.get("confirmer"):
        lances = []
        par_site: dict[int, list] = {}
        for famille in familles:
            par_site.setdefault(famille.etablissement_id, []).append(famille)
        for etablissement_id, du_site in par_site.items():
            etablissement = Etablissement.objects.get(pk=etablissement_id)
            lances.append(
                services.relances_lancer(
                    familles=du_site, par=request.user, etablissement=etablissement
                )
            )
        if not lances:
            messages.error(request, _("Select at least one family of your school."))
            return HttpResponseRedirect(reverse("admin:facturation_debitrices"))
        messages.success(
            request, _("Reminders are being sent: the progress and the report are shown here.")
        )
        if len(lances) == 1:
            url = reverse("admin:facturation_envoirelances_change", args=[lances[0].pk])
        else:
            url = reverse("admin:facturation_envoirelances_changelist")
        return HttpResponseRedirect(url)
    propositions = services.relances_apercu(familles)
    adresses = destinataires(familles, TypeNotification.RELANCE)
    a_relancer = [p for p in propositions if not p.raison]
    contexte = {
        **modeladmin.admin_site.each_context(request),
        "opts": Relance._meta,
        "title": _("Send a reminder"),
        "a_relancer": [(p, bool(adresses[p.famille.pk])) for p in a_relancer],
        "ignorees": [p for p in propositions if p.raison],
        "total": sum((p.montant for p in a_relancer), 0),
        "tronque": len(familles) == APERCU_MAX,
    }
    return TemplateResponse(request, "admin/facturation/relance/confirmer.html", contexte)


@admin.action(description=gettext_lazy("Send a reminder to the families of the selection…"))
def relancer(modeladmin, request, queryset):
    ids = set(queryset.values_list("famille", flat=True))
    return confirmer_relances(modeladmin, request, ids)


def _lien_lettre(relance: Relance) -> str:
    url = reverse("admin:facturation_relance_lettre", args=[relance.pk])
    return format_html('<a href="{}">{}</a>', url, _("Letter (PDF)"))


@admin.register(Relance)
class RelanceAdmin(LectureSeule, RechercheParTable, SiteAdmin):
    list_display = ["date", "famille", "niveau", "montant", "envoi_courriel", "lettre"]
    list_filter = ["niveau", "par_courrier", "date"]
    search_fields = ["famille__nom", "famille__numero", "facture__numero"]
    list_select_related = ["famille", "courriel"]
    readonly_fields = [
        "famille",
        "niveau",
        "date",
        "montant",
        "factures_relancees",
        "envoi_courriel",
        "lettre",
        "envoyee_par",
        "envoi",
    ]
    fields = readonly_fields

    @admin.display(description=gettext_lazy("e-mail"))
    def envoi_courriel(self, obj: Relance) -> str:
        if obj.par_courrier:
            return _("no e-mail: letter to print")
        return obj.courriel.get_etat_display() if obj.courriel else "—"

    @admin.display(description=gettext_lazy("letter"))
    def lettre(self, obj: Relance) -> str:
        return _lien_lettre(obj)

    @admin.display(description=gettext_lazy("invoices overdue"))
    def factures_relancees(self, obj: Relance) -> str:
        return format_html_join(
            ", ", "{} ({} €)", ((f["numero"], f["reste"]) for f in obj.factures)
        )

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("confirmer/", vue(self.confirmer), name="facturation_relance_confirmer"),
            path("<int:pk>/lettre/", vue(self.lettre_pdf), name="facturation_relance_lettre"),
            *super().get_urls(),
        ]

    def confirmer(self, request):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:facturation_debitrices"))
        ids = [int(i) for i in request.POST.getlist("familles") if i.isdigit()]
        return confirmer_relances(self, request, ids)

    def lettre_pdf(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        relance = get_object_or_404(
            self.get_queryset(request).select_related("etablissement"), pk=pk
        )
        contenu = lettres_pdf([relance], relance.etablissement)
        return reponse_pdf(contenu, f"relance-{relance.famille_id}-{relance.date:%Y-%m-%d}.pdf")


@admin.register(EnvoiRelances)
class EnvoiRelancesAdmin(SuiviTacheAdmin):
    list_display = ["__str__", "statut", "avancement", "relances", "a_imprimer", "cree_par"]
    list_filter = ["statut"]
    list_select_related = ["cree_par"]
    readonly_fields = [
        "statut",
        "avancement",
        "total",
        "relances",
        "a_imprimer",
        "lettres",
        "rapport",
        "cree_par",
        "cree_le",
        "termine_le",
    ]
    fields = readonly_fields

    @admin.display(description=gettext_lazy("letters to print (PDF)"))
    def lettres(self, obj: EnvoiRelances) -> str:
        if not obj.a_imprimer:
            return "—"
        url = reverse("admin:facturation_envoirelances_lettres", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a>', url, _("The letters of the families without e-mail (PDF)")
        )

    @admin.display(description=gettext_lazy("report"))
    def rapport(self, obj: EnvoiRelances) -> str:
        lignes = [(f"{i['nom']} ({i['famille']})", i["raison"]) for i in obj.ignorees]
        lignes += [(str(e["famille"]), e["erreur"]) for e in obj.erreurs]
        if not lignes:
            return _("Every family selected was sent its reminder.")
        return format_html_join("", "<p>{} : {}</p>", lignes)

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/lettres/", vue(self.lettres_pdf), name="facturation_envoirelances_lettres"
            ),
            *super().get_urls(),
        ]

    def lettres_pdf(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        envoi = get_object_or_404(self.get_queryset(request).select_related("etablissement"), pk=pk)
        relances = list(
            envoi.relances_envoyees.filter(par_courrier=True).order_by("famille__nom", "pk")
        )
        if not relances:
            return HttpResponseRedirect(
                reverse("admin:facturation_envoirelances_change", args=[pk])
            )
        contenu = lettres_pdf(relances, envoi.etablissement)
        return reponse_pdf(contenu, f"relances-a-imprimer-{envoi.cree_le:%Y-%m-%d}.pdf")
