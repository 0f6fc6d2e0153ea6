"""Direct debit collection files in the admin (docs/facturation.md, "Prélèvement SEPA"):
choose a due date → the list of debits (GET, writes nothing) → confirm (POST:
facturation.services.remise_lancer) → the file's page: the build's progress (a background
task), then its summary and its XML to download. A debit the
bank rejected is recorded on its line (reason code) or from the bank's pain.002 report."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facturation import services
from facturation.models import LignePrelevement, MotifRejet, RemisePrelevement
from facturation.templatetags.facturation import format_euros
from imuse.admin_base import LectureSeule, SiteAdmin, SuiviTacheAdmin, site_du_staff
from imuse.admin_dates import DatesParSondes
from imuse.admin_recherche import RechercheParTable
from imuse.fichiers import reponse_fichier_prive
from imuse.forms import Formulaire
from imuse.models import Etablissement

TAILLE_RETOUR = 5 * 1024 * 1024


class RemiseForm(Formulaire):
    date_echeance = forms.DateField(
        label=gettext_lazy("Due date"),
        help_text=gettext_lazy(
            "For example 10/11/2026: every unpaid instalment due by then is debited on it."
        ),
        error_messages={
            "required": gettext_lazy("Enter the due date."),
            "invalid": gettext_lazy("Enter a date such as 10/11/2026."),
        },
    )


class RetourForm(Formulaire):
    fichier = forms.FileField(
        label=gettext_lazy("Status report of the bank (pain.002 XML)"),
        error_messages={"required": gettext_lazy("Choose the bank's XML file.")},
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_RETOUR:
            raise forms.ValidationError(_("This file is over 5 MB: it is not a status report."))
        return fichier


@admin.register(RemisePrelevement)
class RemisePrelevementAdmin(DatesParSondes, LectureSeule, SuiviTacheAdmin):
    list_display = [
        "__str__",
        "statut",
        "date_echeance",
        "nombre",
        "total",
        "cree_par",
        "cree_le",
    ]
    list_filter = ["statut"]
    list_select_related = ["cree_par"]
    date_hierarchy = "date_echeance"
    actions = ["interrompre"]
    fields = [
        "statut",
        "avancement",
        "erreur",
        "message_id",
        "date_echeance",
        "nombre",
        "total",
        "telecharger",
        "cree_par",
        "termine_le",
        "debits",
    ]
    readonly_fields = fields
    change_list_template = "admin/facturation/remise/change_list.html"

    @admin.action(
        description=gettext_lazy("Mark the selected builds stopped by the worker as failed"),
        permissions=["interrompre"],
    )
    def interrompre(self, request, queryset):
        for remise in queryset:
            try:
                services.remise_interrompre(remise=remise, par=request.user)
            except services.FacturationError as e:
                self.message_user(request, f"{remise} : {e}", messages.ERROR)

    def has_interrompre_permission(self, request) -> bool:
        return self.peut_preparer(request)

    def get_fields(self, request, obj=None):
        if obj is not None and obj.statut != RemisePrelevement.Statut.ECHEC:
            return [f for f in self.fields if f != "erreur"]
        return self.fields

    @admin.display(description=gettext_lazy("total"), ordering="montant")
    def total(self, obj) -> str:
        return format_euros(obj.montant)

    @admin.display(description=gettext_lazy("file"))
    def telecharger(self, obj):
        from django.utils.html import format_html

        if not obj.fichier:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:facturation_remise_fichier", args=[obj.pk]),
            _("Download the XML file (pain.008.001.02)"),
        )

    @admin.display(description=gettext_lazy("debits"))
    def debits(self, obj):
        from django.template.loader import render_to_string

        lignes = obj.lignes.select_related("mandat__famille", "echeance__facture")
        return render_to_string("admin/facturation/remise/_lignes.html", {"lignes": lignes})

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("preparer/", vue(self.preparer), name="facturation_remise_preparer"),
            path("confirmer/", vue(self.confirmer), name="facturation_remise_confirmer"),
            path("retour/", vue(self.retour), name="facturation_remise_retour"),
            path("<int:pk>/fichier/", vue(self.fichier), name="facturation_remise_fichier"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"peut_preparer": self.peut_preparer(request), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def peut_preparer(self, request) -> bool:
        return request.user.has_perm("facturation.add_reglement")

    def _etablissement(self, request) -> Etablissement:
        if not self.peut_preparer(request):
            raise PermissionDenied
        etablissement = site_du_staff(request)
        if etablissement is None:
            # A superuser works on one school: the first (the demo has one).
            etablissement = Etablissement.objects.order_by("pk").first()
        return etablissement

    def _contexte(self, request, titre: str, **contexte) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": titre,
            **contexte,
        }

    def preparer(self, request: HttpRequest) -> HttpResponse:
        etablissement = self._etablissement(request)
        form = RemiseForm(request.GET or None, initial={"date_echeance": timezone.localdate()})
        if form.is_valid():
            return HttpResponseRedirect(
                reverse("admin:facturation_remise_confirmer")
                + "?date_echeance="
                + form.cleaned_data["date_echeance"].strftime("%d/%m/%Y")
            )
        refus = services.refus_remise(services.creancier(etablissement))
        return TemplateResponse(
            request,
            "admin/facturation/remise/preparer.html",
            self._contexte(request, _("Build a direct debit file"), form=form, refus=refus),
            status=400 if form.errors else 200,
        )

    def confirmer(self, request: HttpRequest) -> HttpResponse:
        etablissement = self._etablissement(request)
        form = RemiseForm(request.POST if request.method == "POST" else request.GET)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/facturation/remise/preparer.html",
                self._contexte(request, _("Build a direct debit file"), form=form, refus=""),
                status=400,
            )
        jour = form.cleaned_data["date_echeance"]
        if request.method == "POST":
            try:
                remise = services.remise_lancer(
                    etablissement=etablissement, date_echeance=jour, par=request.user
                )
            except services.FacturationError as e:
                self.message_user(request, str(e), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "The direct debit file is being built: this page shows its progress, "
                        "then the file to download and send to the bank."
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:facturation_remiseprelevement_change", args=[remise.pk])
                )
        debits = services.remise_apercu(etablissement=etablissement, date_echeance=jour)
        contexte = self._contexte(
            request,
            _("Confirm the direct debit file"),
            form=form,
            jour=jour,
            debits=debits,
            total=sum((d.montant for d in debits), 0),
            frst=sum(d.sequence == "FRST" for d in debits),
            refus=services.refus_remise(services.creancier(etablissement)),
        )
        return TemplateResponse(request, "admin/facturation/remise/confirmer.html", contexte)

    def fichier(self, request: HttpRequest, pk: int) -> HttpResponse:
        remise = get_object_or_404(self.get_queryset(request), pk=pk)
        return reponse_fichier_prive(remise.fichier, f"prelevements-{remise.message_id}.xml")

    def retour(self, request: HttpRequest) -> HttpResponse:
        etablissement = self._etablissement(request)
        form = RetourForm(request.POST, request.FILES) if request.method == "POST" else RetourForm()
        resultat = None
        if request.method == "POST" and form.is_valid():
            try:
                resultat = services.rejets_importer(
                    etablissement=etablissement,
                    contenu=form.cleaned_data["fichier"].read(),
                    par=request.user,
                )
            except services.FacturationError as e:
                form.add_error("fichier", str(e))
        return TemplateResponse(
            request,
            "admin/facturation/remise/retour.html",
            self._contexte(
                request, _("Record the rejects of a bank report"), form=form, resultat=resultat
            ),
            status=400 if form.errors else 200,
        )


class RejetForm(forms.ModelForm):
    class Meta:
        model = LignePrelevement
        fields = ["motif_rejet"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        champ = self.fields["motif_rejet"]
        champ.choices = [("", _("— not rejected —")), *MotifRejet.choices]
        champ.help_text = _(
            "Choose the reason of the bank's return and save: the payment is cancelled, the "
            "instalment is to pay again, the family is told and the reject fee applies."
        )


@admin.register(LignePrelevement)
class LignePrelevementAdmin(RechercheParTable, SiteAdmin):
    site_field = "remise__etablissement"
    form = RejetForm
    list_display = [
        "reference",
        "famille",
        "remise",
        "sequence",
        "montant",
        "statut",
        "motif_rejet",
    ]
    list_filter = ["statut", "sequence", "motif_rejet"]
    search_fields = ["reference", "mandat__rum", "mandat__famille__nom", "mandat__famille__numero"]
    list_select_related = ["mandat__famille", "remise"]
    readonly_fields = [
        "reference",
        "remise",
        "famille",
        "echeance",
        "mandat",
        "reglement",
        "sequence",
        "montant",
        "statut",
        "rejetee_le",
        "frais",
        "rejet_par",
    ]

    @admin.display(description=gettext_lazy("family"))
    def famille(self, obj) -> str:
        return str(obj.mandat.famille)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.statut == LignePrelevement.Statut.REJETEE:
            return [*self.readonly_fields, "motif_rejet"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        motif = form.cleaned_data.get("motif_rejet")
        if not motif:
            return
        try:
            services.rejet_enregistrer(ligne=obj, motif=motif, par=request.user)
        except services.FacturationError as e:
            self.message_user(request, str(e), messages.ERROR)
        obj.refresh_from_db()
