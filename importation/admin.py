"""The import pages of the admin: upload, preview with every row's outcome, confirmation,
progress of a background run, and the templates of every kind."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from importation import taches
from importation.forms import TeleversementForm
from importation.genres import TYPES
from importation.lecture import FichierIllisible, ouvrir
from importation.modeles import modele
from importation.models import Importation
from importation.services import (
    ImportationError,
    importation_analyser,
    importation_confirmer,
    importation_creer,
    importation_marquer_en_cours,
    lire_progression,
)
from imuse.admin_base import SiteAdmin, site_du_staff
from imuse.storage import copie_locale

STATUTS = {
    "cree": gettext_lazy("row: created"),
    "modifie": gettext_lazy("row: updated"),
    "inchange": gettext_lazy("row: unchanged"),
    "erreur": gettext_lazy("row: in error"),
}


def _lignes_du_fichier(importation: Importation) -> int | None:
    with copie_locale(importation.fichier) as chemin:
        try:
            fichier = ouvrir(chemin)
        except FichierIllisible:
            return 0
        try:
            return fichier.nombre_de_lignes()
        finally:
            fichier.fermer()


def _en_tache(importation: Importation) -> bool:
    lignes = _lignes_du_fichier(importation)
    return lignes is None or lignes > settings.IMPORT_LIGNES_SYNCHRONES


class TypeFiltre(admin.SimpleListFilter):
    title = gettext_lazy("kind of data")
    parameter_name = "type_import"

    def lookups(self, request, model_admin):
        return [(code, genre.libelle) for code, genre in TYPES.items()]

    def queryset(self, request, queryset):
        return queryset.filter(type_import=self.value()) if self.value() else queryset


@admin.register(Importation)
class ImportationAdmin(SiteAdmin):
    list_display = ["nom_original", "genre", "statut", "cree_le", "cree_par"]
    list_filter = ["statut", TypeFiltre]
    list_select_related = ["cree_par"]
    search_fields = ["nom_original"]

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("<int:pk>/confirmer/", vue(self.confirmer), name="importation_confirmer"),
            path("<int:pk>/progression/", vue(self.progression), name="importation_progression"),
            path(
                "modele/<str:code>.<str:extension>",
                vue(self.telecharger_modele),
                name="importation_modele",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("kind of data"), ordering="type_import")
    def genre(self, obj: Importation) -> str:
        return obj.type_libelle

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # an import is read as its preview; it is confirmed, not edited

    def _objet(self, request, pk) -> Importation:
        importation = get_object_or_404(
            self.get_queryset(request).select_related("etablissement"), pk=pk
        )
        if not self.has_view_permission(request, importation):
            raise PermissionDenied
        return importation

    def changelist_view(self, request, extra_context=None):
        contexte = {"modeles": _modeles()} | (extra_context or {})
        return super().changelist_view(request, contexte)

    def add_view(self, request: HttpRequest, form_url="", extra_context=None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        etablissement = site_du_staff(request)
        form = TeleversementForm(
            request.POST or None, request.FILES or None, etablissement=etablissement
        )
        if request.method == "POST" and form.is_valid():
            importation = importation_creer(
                etablissement=form.site,
                type_import=form.cleaned_data["type_import"],
                fichier=form.cleaned_data["fichier"],
                par=request.user,
            )
            if _en_tache(importation):
                transaction.on_commit(
                    lambda: taches.analyser.enqueue(importation.pk, request.user.pk)
                )
            else:
                try:
                    importation_analyser(importation=importation, par=request.user)
                except Exception as erreur:  # never a 500: the import page says it failed
                    taches.echec(importation, erreur)
            return HttpResponseRedirect(
                reverse("admin:importation_importation_change", args=[importation.pk])
            )
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a file"),
            "form": form,
            "modeles": _modeles(),
        }
        return TemplateResponse(request, "admin/importation/televerser.html", contexte)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            importation = self._objet(request, int(object_id))
        except ValueError:
            raise Http404 from None
        rapport = importation.rapport or {}
        filtre = request.GET.get("statut", "")
        lignes = rapport.get("lignes", [])
        if filtre in STATUTS:
            lignes = [ligne for ligne in lignes if ligne["statut"] == filtre]
        fait, total = lire_progression(importation)
        comptes = rapport.get("comptes", {})
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import of %(fichier)s") % {"fichier": importation.nom_original},
            "importation": importation,
            "rapport": rapport,
            "comptes": [(code, libelle, comptes.get(code, 0)) for code, libelle in STATUTS.items()],
            "lignes": [{**ligne, "libelle": STATUTS[ligne["statut"]]} for ligne in lignes],
            "filtre": filtre,
            "fait": fait,
            "total": total,
            "peut_confirmer": (
                importation.statut == Importation.Statut.APERCU
                and not rapport.get("erreur")
                and not comptes.get("erreur")
                and (comptes.get("cree") or comptes.get("modifie"))
                and self.has_add_permission(request)
            ),
        }
        return TemplateResponse(request, "admin/importation/apercu.html", contexte)

    @staticmethod
    def _retour(importation: Importation) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:importation_importation_change", args=[importation.pk])
        )

    def confirmer(self, request: HttpRequest, pk: int) -> HttpResponse:
        return require_POST(self._confirmer)(request, pk)

    def _confirmer(self, request: HttpRequest, pk: int) -> HttpResponse:
        importation = self._objet(request, pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        comptes = (importation.rapport or {}).get("comptes", {})
        if comptes.get("erreur") or not importation_marquer_en_cours(importation=importation):
            messages.error(request, _("This import is not waiting for confirmation."))
            return self._retour(importation)
        if _en_tache(importation):
            transaction.on_commit(lambda: taches.confirmer.enqueue(importation.pk, request.user.pk))
            return self._retour(importation)
        importation.statut = Importation.Statut.IMPORT
        try:
            importation = importation_confirmer(importation=importation, par=request.user)
        except ImportationError as erreur:
            messages.error(request, str(erreur))
            return self._retour(importation)
        except Exception as erreur:  # never a 500: the import page says it failed
            taches.echec(importation, erreur)
            messages.error(request, _("Nothing was imported: see the rows in error below."))
            return self._retour(importation)
        if importation.statut == Importation.Statut.IMPORTEE:
            messages.success(request, _("The file has been imported."))
        else:
            messages.error(request, _("Nothing was imported: see the rows in error below."))
        return self._retour(importation)

    def progression(self, request: HttpRequest, pk: int) -> JsonResponse:
        importation = self._objet(request, pk)
        fait, total = lire_progression(importation)
        return JsonResponse(
            {
                "en_cours": importation.en_cours,
                "statut": importation.get_statut_display(),
                "fait": fait,
                "total": total,
            }
        )

    def telecharger_modele(self, request: HttpRequest, code: str, extension: str):
        if code not in TYPES or extension not in ("xlsx", "csv"):
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        contenu = modele(TYPES[code], extension)
        type_mime = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if extension == "xlsx"
            else "text/csv; charset=utf-8"
        )
        reponse = HttpResponse(contenu, content_type=type_mime)
        reponse["Content-Disposition"] = f'attachment; filename="modele-{code}.{extension}"'
        return reponse


def _modeles() -> list[dict]:
    return [
        {
            "libelle": genre.libelle,
            "xlsx": reverse("admin:importation_modele", args=[code, "xlsx"]),
            "csv": reverse("admin:importation_modele", args=[code, "csv"]),
        }
        for code, genre in TYPES.items()
    ]
