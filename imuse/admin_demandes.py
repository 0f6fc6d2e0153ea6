"""Staff side of the pending modifications (DESIGN §2): the queue of open requests and,
per request, a page to accept or refuse each field; the history shown on each record."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from imuse.admin_base import LectureSeule, SiteAdmin
from imuse.forms import Formulaire
from imuse.models import DemandeModification, HistoriqueModification
from imuse.services import (
    ACCEPTER,
    REFUSER,
    DemandeErreur,
    demande_traiter,
    lignes_demande,
)

DECISIONS = [(ACCEPTER, _("Accept")), (REFUSER, _("Refuse"))]


class TraitementForm(Formulaire):
    """One decision, reason and (for a conflict) confirmation per field of the request."""

    def __init__(self, *args, lignes, **kwargs):
        super().__init__(*args, **kwargs)
        self.lignes = lignes
        for ligne in lignes:
            self.fields[f"decision_{ligne.champ}"] = forms.ChoiceField(
                label=_("Decision for %(champ)s") % {"champ": ligne.libelle},
                choices=DECISIONS,
                widget=forms.RadioSelect,
                initial=REFUSER if ligne.conflit else ACCEPTER,
            )
            self.fields[f"motif_{ligne.champ}"] = forms.CharField(
                label=_("Reason of the refusal for %(champ)s") % {"champ": ligne.libelle},
                required=False,
                max_length=500,
            )
            if ligne.conflit:
                self.fields[f"confirmer_{ligne.champ}"] = forms.BooleanField(
                    label=_("Overwrite the value changed by staff for %(champ)s")
                    % {"champ": ligne.libelle},
                    required=False,
                )

    def rangees(self):
        for ligne in self.lignes:
            yield (
                ligne,
                self[f"decision_{ligne.champ}"],
                self[f"motif_{ligne.champ}"],
                self[f"confirmer_{ligne.champ}"] if ligne.conflit else None,
            )

    def decisions(self) -> dict[str, tuple[str, str]]:
        return {
            ligne.champ: (
                self.cleaned_data[f"decision_{ligne.champ}"],
                self.cleaned_data[f"motif_{ligne.champ}"],
            )
            for ligne in self.lignes
        }

    def confirmations(self) -> set[str]:
        return {
            ligne.champ
            for ligne in self.lignes
            if ligne.conflit and self.cleaned_data.get(f"confirmer_{ligne.champ}")
        }


class FiltreStatut(admin.SimpleListFilter):
    """The queue shows open requests unless staff ask for the processed ones or all."""

    title = _("status")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [
            (DemandeModification.Statut.TRAITEE, _("processed")),
            ("toutes", _("all")),
        ]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("waiting for validation"),
        }
        for valeur, libelle in self.lookup_choices:
            yield {
                "selected": self.value() == str(valeur),
                "query_string": changelist.get_query_string({self.parameter_name: valeur}),
                "display": libelle,
            }

    def queryset(self, request, queryset):
        if self.value() == "toutes":
            return queryset
        if self.value() == DemandeModification.Statut.TRAITEE:
            return queryset.filter(statut=DemandeModification.Statut.TRAITEE)
        return queryset.filter(statut=DemandeModification.Statut.OUVERTE)


class FiltreGenreFiche(admin.RelatedOnlyFieldListFilter):
    """By kind of file (guardian, pupil): only the kinds present in the visible rows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("kind of file")


@admin.register(DemandeModification)
class DemandeModificationAdmin(SiteAdmin):
    list_display = ["fiche", "famille_libelle", "nombre_champs", "statut", "cree_le", "traite_le"]
    list_filter = [FiltreStatut, ("content_type", FiltreGenreFiche)]
    search_fields = ["famille_libelle"]
    list_select_related = ["content_type"]
    readonly_fields = [
        "famille_libelle",
        "statut",
        "cree_par",
        "cree_le",
        "traite_par",
        "traite_le",
        "decisions",
    ]
    fields = readonly_fields

    @admin.display(description=_("decisions"))
    def decisions(self, obj: DemandeModification) -> str:
        lignes = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    h.libelle,
                    h.valeur_avant,
                    h.valeur_demandee,
                    _("accepted") if h.acceptee else _("refused"),
                    h.motif,
                )
                for h in obj.historique.all()
            ),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            _("Field"),
            _("Value before"),
            _("Value asked"),
            _("Decision"),
            _("Reason"),
            lignes,
        )

    date_hierarchy = "cree_le"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("objet")

    @admin.display(description=_("file"))
    def fiche(self, obj: DemandeModification) -> str:
        genre = obj.content_type.model_class()._meta.verbose_name
        return f"{genre} : {obj.objet}" if obj.objet is not None else f"{genre} #{obj.object_id}"

    @admin.display(description=_("fields"))
    def nombre_champs(self, obj: DemandeModification) -> int:
        return len(obj.valeurs)

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        demande = self.get_object(request, unquote(object_id))  # None for '12/change/x.css'
        if demande is None:
            raise Http404
        if not self.has_view_or_change_permission(request, demande):
            raise PermissionDenied
        objet = demande.objet
        lignes = lignes_demande(demande, objet) if objet is not None else []
        if demande.statut != DemandeModification.Statut.OUVERTE or objet is None:
            contexte = {"lignes": lignes, "historique": demande.historique.all()}
            return super().change_view(
                request, object_id, form_url, contexte | (extra_context or {})
            )
        peut_traiter = self.has_change_permission(request, demande)
        form = TraitementForm(request.POST or None, lignes=lignes)
        if request.method == "POST" and peut_traiter and form.is_valid():
            try:
                demande_traiter(
                    demande=demande,
                    decisions=form.decisions(),
                    par=request.user,
                    confirmer_conflits=form.confirmations(),
                )
            except DemandeErreur as erreur:
                messages.error(request, str(erreur))
            else:
                messages.success(
                    request,
                    _("The request on %(objet)s has been processed and the family informed.")
                    % {"objet": objet},
                )
                return HttpResponseRedirect(reverse("admin:imuse_demandemodification_changelist"))
        url_objet = reverse(
            f"admin:{objet._meta.app_label}_{objet._meta.model_name}_change", args=[objet.pk]
        )
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Process the request on %(objet)s") % {"objet": objet},
            "demande": demande,
            "objet": objet,
            "url_objet": url_objet,
            "form": form,
            "peut_traiter": peut_traiter,
            "conflits": any(ligne.conflit for ligne in lignes),
        }
        return TemplateResponse(request, "admin/imuse/demandemodification/traiter.html", contexte)


class HistoriqueInline(LectureSeule, GenericTabularInline):
    """The history of applied (and refused) changes, on a Responsable or an Eleve."""

    model = HistoriqueModification
    extra = 0
    can_delete = False
    verbose_name_plural = _("history of the changes requested by the family")
    fields = [
        "traite_le",
        "libelle",
        "valeur_avant",
        "valeur_demandee",
        "decision",
        "conflit",
        "motif",
        "traite_par",
    ]
    readonly_fields = fields

    @admin.display(description=_("decision"))
    def decision(self, obj: HistoriqueModification) -> str:
        return format_html("<strong>{}</strong>", _("accepted") if obj.acceptee else _("refused"))


def lien_demande_ouverte(objet) -> str:
    """For a Responsable or Eleve admin page: a link to its open request, if any."""
    from imuse.services import demande_ouverte

    demande = demande_ouverte(objet) if objet and objet.pk else None
    if demande is None:
        return "—"
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:imuse_demandemodification_change", args=[demande.pk]),
        _("A modification request is waiting: process it"),
    )
