"""Staff side of re-enrolment: campaigns with the documents they ask for, requests by
campaign and state, decisions on each document and on the request (through the same
services as everything else), the checked download of files, a CSV export."""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from eleves.models import Cours
from imuse.admin_base import SiteAdmin, SiteInline
from imuse.admin_recherche import RechercheParTable
from imuse.fichiers import reponse_fichier_prive
from reinscription import services
from reinscription.admin_envois import annoncer_ouverture
from reinscription.admin_validation import valider_selection
from reinscription.lecture import pieces_de
from reinscription.models import (
    Campagne,
    DemandeReinscription,
    PieceAFournir,
    PieceJointe,
    TypePiece,
)
from reinscription.placement import cours_cible


@admin.register(TypePiece)
class TypePieceAdmin(SiteAdmin):
    list_display = ["nom", "etablissement"]
    list_filter = ["etablissement"]
    search_fields = ["nom"]


class PieceAFournirInline(SiteInline, admin.TabularInline):
    model = PieceAFournir
    extra = 1
    fields = ["type_piece", "portee", "discipline", "departement", "ordre"]


def _cellule(valeur) -> str:
    """A CSV cell that a spreadsheet will never read as a formula."""
    texte = "" if valeur is None else str(valeur)
    if texte[:1] in ("=", "+", "-", "@", "\t", "\r"):
        texte = "'" + texte
    return texte


def export_csv(demandes, nom: str) -> HttpResponse:
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = content_disposition_header(True, nom)
    reponse.write("\ufeff")  # so that spreadsheets read UTF-8
    ecrivain = csv.writer(reponse, delimiter=";")
    ecrivain.writerow(
        [
            _("Family number"),
            _("Family"),
            _("Pupil"),
            _("Administrative re-enrolment"),
            _("Courses to re-enrol in"),
            _("State"),
            _("Submitted on"),
            _("Documents provided"),
            _("Documents validated"),
            _("Documents refused"),
            _("Other requests"),
        ]
    )
    demandes = demandes.select_related("eleve__famille", "campagne").prefetch_related(
        "inscriptions__cours"
    )
    fichiers = {}
    for pj in PieceJointe.objects.filter(
        piece__campagne__in={d.campagne_id for d in demandes}
    ).only("famille_id", "eleve_id", "etat", "piece__campagne_id"):
        fichiers.setdefault(pj.famille_id, []).append(pj)
    for d in demandes:
        siens = [
            pj for pj in fichiers.get(d.eleve.famille_id, []) if pj.eleve_id in (None, d.eleve_id)
        ]
        ecrivain.writerow(
            [
                _cellule(v)
                for v in (
                    d.eleve.famille.numero,
                    d.eleve.famille.nom,
                    str(d.eleve),
                    _("yes") if d.administrative else _("no"),
                    ", ".join(i.cours.code for i in d.inscriptions.all()),
                    d.get_etat_display(),
                    timezone.localtime(d.soumise_le).strftime("%d/%m/%Y %H:%M")
                    if d.soumise_le
                    else "",
                    len(siens),
                    sum(pj.etat == PieceJointe.Etat.VALIDEE for pj in siens),
                    sum(pj.etat == PieceJointe.Etat.REFUSEE for pj in siens),
                    d.texte,
                )
            ]
        )
    return reponse


@admin.register(Campagne)
class CampagneAdmin(SiteAdmin):
    list_display = ["__str__", "etablissement", "ouverture", "cloture", "active", "demandes_lien"]
    list_filter = ["etablissement", "active"]
    inlines = [PieceAFournirInline]
    actions = ["exporter", annoncer_ouverture]
    fields = ["etablissement", "annee", "ouverture", "cloture", "active", "texte_accueil"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("annee", "etablissement")
            .annotate(nb_demandes=Count("demandes", filter=~Q(demandes__etat="brouillon")))
        )

    @admin.display(description=_("requests"), ordering="nb_demandes")
    def demandes_lien(self, obj):
        url = reverse("admin:reinscription_demandereinscription_changelist")
        return format_html(
            '<a href="{}?campagne__id__exact={}">{}</a>', url, obj.pk, obj.nb_demandes
        )

    @admin.action(description=_("Export the requests (CSV)"))
    def exporter(self, request, queryset):
        demandes = DemandeReinscription.objects.filter(campagne__in=queryset).order_by(
            "eleve__famille__numero", "eleve__nom", "eleve__prenom"
        )
        return export_csv(demandes, "reinscriptions.csv")


class FiltrePieces(admin.SimpleListFilter):
    """The dashboard's link: requests with a document uploaded and not yet checked."""

    title = _("documents")
    parameter_name = "pieces"

    def lookups(self, request, model_admin):
        return [("a_verifier", _("documents to check"))]

    def queryset(self, request, queryset):
        if self.value() != "a_verifier":
            return queryset
        a_verifier = PieceJointe.objects.filter(
            Q(eleve__isnull=True) | Q(eleve=OuterRef("eleve")),
            piece__campagne=OuterRef("campagne"),
            famille=OuterRef("eleve__famille"),
            etat=PieceJointe.Etat.FOURNIE,
        )
        return queryset.filter(Exists(a_verifier))


@admin.register(DemandeReinscription)
class DemandeReinscriptionAdmin(RechercheParTable, SiteAdmin):
    site_field = "campagne__etablissement"
    list_display = [
        "eleve",
        "famille",
        "campagne",
        "administrative",
        "nb_cours",
        "etat",
        "soumise_le",
    ]
    list_filter = ["campagne", "etat", "administrative", FiltrePieces]
    search_fields = [
        "eleve__nom",
        "eleve__prenom",
        "eleve__famille__nom",
        "=eleve__famille__numero",
    ]
    list_select_related = ["eleve__famille", "campagne__annee"]
    date_hierarchy = "soumise_le"
    actions = [valider_selection, "exporter"]
    inlines = []
    change_form_template = "admin/reinscription/demandereinscription/change_form.html"
    fields = [
        "campagne",
        "eleve",
        "etat",
        "administrative",
        "texte",
        "motif_refus",
        "soumise_le",
        "soumise_par",
        "traitee_le",
        "traitee_par",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        # Counted per request shown (a subquery), not by grouping the site's requests.
        liees = DemandeReinscription.inscriptions.through.objects.filter(
            demandereinscription_id=OuterRef("pk")
        )
        nb = liees.order_by().values("demandereinscription_id").annotate(n=Count("pk")).values("n")
        return super().get_queryset(request).annotate(nb=Coalesce(Subquery(nb), 0))

    @admin.display(description=_("family"), ordering="eleve__famille__nom")
    def famille(self, obj):
        return obj.eleve.famille

    @admin.display(description=_("courses"), ordering="nb")
    def nb_cours(self, obj):
        return obj.nb

    @admin.action(description=_("Export the selected requests (CSV)"))
    def exporter(self, request, queryset):
        return export_csv(queryset.order_by("eleve__famille__numero"), "reinscriptions.csv")

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("<int:pk>/decider/", vue(self.decider), name="reinscription_demande_decider"),
            path(
                "<int:pk>/pieces/<int:piece_pk>/decider/",
                vue(self.decider_piece),
                name="reinscription_piece_decider",
            ),
            path(
                "<int:pk>/pieces/<int:piece_pk>/fichier/",
                vue(self.fichier),
                name="reinscription_piece_fichier",
            ),
            *super().get_urls(),
        ]

    # Staff of a site reach only their site's requests (get_queryset restricts); a file
    # is reached only through a request it belongs to.
    def _demande(self, request, pk) -> DemandeReinscription:
        try:  # the admin's change URL takes any path as the id ('12/change/x.css')
            pk = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        return get_object_or_404(
            self.get_queryset(request).select_related("eleve__famille", "campagne__annee"), pk=pk
        )

    def _fichiers(self, demande):
        return (
            PieceJointe.objects.filter(
                Q(eleve__isnull=True) | Q(eleve=demande.eleve),
                piece__campagne=demande.campagne,
                famille=demande.eleve.famille,
            )
            .select_related("piece__type_piece", "piece__discipline", "piece__departement")
            .order_by("piece__ordre", "piece_id")
        )

    def _lignes(self, demande):
        """Every document asked for the pupil, with its file if any."""
        inscriptions = list(services.inscriptions_courantes(demande.eleve, demande.campagne))
        famille, propres = pieces_de(demande.campagne, demande.eleve, demande, inscriptions)
        return famille + propres

    def _placement(self, demande):
        """Where each ticked course would go next year (or went, once validated)."""
        annee = demande.campagne.annee
        cours = list(Cours.objects.filter(annee=annee).order_by("code"))
        inscriptions = demande.inscriptions.select_related(
            "cours__discipline__departement", "cours__enseignant", "cours__cycle"
        ).order_by("cours__code")
        return [cours_cible(i, cours, annee) for i in inscriptions]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        demande = self._demande(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "demande": demande,
            "placement": self._placement(demande),
            "lignes": self._lignes(demande),
            "etats": DemandeReinscription.Etat,
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _retour(self, demande):
        return HttpResponseRedirect(
            reverse("admin:reinscription_demandereinscription_change", args=[demande.pk])
        )

    def fichier(self, request, pk, piece_pk):
        demande = self._demande(request, pk)
        pj = get_object_or_404(self._fichiers(demande), pk=piece_pk)
        return reponse_fichier_prive(pj.fichier, pj.nom_original)

    def decider(self, request, pk):
        return require_POST(self._decider)(request, pk)

    def _decider(self, request, pk):
        demande = self._demande(request, pk)
        if not self.has_change_permission(request, demande):
            return HttpResponse(status=403)
        decision = request.POST.get("decision")
        try:
            if decision == "valider":
                placement = services.demande_valider(demande=demande, par=request.user)
                self.message_user(
                    request,
                    _("Re-enrolment validated: %(n)d course sheet(s) created for next year.")
                    % {"n": len(placement.fiches)},
                    messages.SUCCESS,
                )
                for ligne in placement.non_placees:
                    self.message_user(request, str(ligne), messages.WARNING)
            elif decision == "refuser":
                services.demande_refuser(
                    demande=demande, par=request.user, motif=request.POST.get("motif", "")
                )
                self.message_user(request, _("Re-enrolment request refused."), messages.SUCCESS)
        except services.ReinscriptionErreur as erreur:
            self.message_user(request, erreur.message, messages.ERROR)
        return self._retour(demande)

    def decider_piece(self, request, pk, piece_pk):
        return require_POST(self._decider_piece)(request, pk, piece_pk)

    def _decider_piece(self, request, pk, piece_pk):
        demande = self._demande(request, pk)
        if not self.has_change_permission(request, demande):
            return HttpResponse(status=403)
        pj = get_object_or_404(self._fichiers(demande), pk=piece_pk)
        decision = request.POST.get("decision")
        try:
            if decision == "valider":
                services.piece_valider(demande=demande, piece_jointe=pj, par=request.user)
                self.message_user(
                    request, _("Document “%(piece)s” validated.") % {"piece": pj.piece.libelle}
                )
            elif decision == "refuser":
                services.piece_refuser(
                    demande=demande,
                    piece_jointe=pj,
                    par=request.user,
                    motif=request.POST.get("motif", ""),
                )
                self.message_user(
                    request, _("Document “%(piece)s” refused.") % {"piece": pj.piece.libelle}
                )
        except services.ReinscriptionErreur as erreur:
            self.message_user(request, erreur.message, messages.ERROR)
        return self._retour(demande)
