"""Staff side of invoicing, site-scoped. Issued invoices, credit notes, payments and online
payments are read-only here: every change goes through facturation.services (actions)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from facturation import paiement, services
from facturation.models import (
    Avoir,
    Facture,
    Imputation,
    Instrument,
    LigneFacture,
    Location,
    NotificationPaiement,
    PaiementEnLigne,
    ParametresPaiement,
    Reglement,
)
from imuse.admin import SiteAdmin, SiteInline, site_du_staff


class SansNegatifs(forms.ModelForm):
    """Refuse negative amounts (and a quantity of 0 or less) typed in the admin."""

    positifs: tuple[str, ...] = ()
    strictement_positifs: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for nom in self.positifs:
            if data.get(nom) is not None and data[nom] < 0:
                self.add_error(nom, _("Enter an amount of 0 or more."))
        for nom in self.strictement_positifs:
            if data.get(nom) is not None and data[nom] <= 0:
                self.add_error(nom, _("Enter a value greater than 0."))
        return data


def _appliquer(modeladmin, request, objets, fonction, succes) -> None:
    for objet in objets:
        try:
            resultat = fonction(objet)
        except services.FacturationError as e:
            modeladmin.message_user(request, f"{objet}: {e}", messages.ERROR)
        else:
            modeladmin.message_user(request, succes % {"objet": resultat}, messages.SUCCESS)


def _copier(cible, source) -> None:
    """Make the admin's unsaved instance the row a service created."""
    for cle, valeur in source.__dict__.items():
        if not cle.startswith("_"):
            setattr(cible, cle, valeur)
    cible._state.adding = False
    cible._state.db = source._state.db


class LigneFactureForm(SansNegatifs):
    positifs = ("prix_unitaire", "remise")
    strictement_positifs = ("quantite",)


class FactureForm(SansNegatifs):
    positifs = ("remise",)


class LigneFactureInline(SiteInline, admin.TabularInline):
    model = LigneFacture
    form = LigneFactureForm
    extra = 1
    fields = ["eleve", "designation", "quantite", "prix_unitaire", "remise", "montant"]
    readonly_fields = ["montant"]
    raw_id_fields = ["eleve"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.est_emise

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class AvoirInline(SiteInline, admin.StackedInline):
    model = Avoir
    extra = 0
    readonly_fields = ["numero", "date", "motif", "montant", "cree_par"]
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ImputationFactureInline(SiteInline, admin.TabularInline):
    model = Imputation
    extra = 0
    fields = ["reglement", "montant"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("payments allocated")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Facture)
class FactureAdmin(SiteAdmin):
    form = FactureForm
    list_display = [
        "__str__",
        "famille",
        "nature",
        "statut",
        "date_emission",
        "montant",
        "etablissement",
    ]
    list_filter = ["statut", "nature", "etablissement"]
    search_fields = ["numero", "famille__nom", "famille__numero", "libelle"]
    list_select_related = ["famille", "etablissement"]
    date_hierarchy = "date_emission"
    inlines = [LigneFactureInline, AvoirInline, ImputationFactureInline]
    autocomplete_fields = ["famille"]
    exclude = ["etablissement"]
    actions = ["emettre", "annuler"]

    def get_readonly_fields(self, request, obj=None):
        calcules = ["numero", "statut", "adresse", "total_brut", "total_remise", "montant"]
        if obj is not None and obj.est_emise:
            return [
                "adresse" if f.name == "destinataire" else f.name
                for f in Facture._meta.fields
                if f.name not in ("id", "etablissement")
            ]
        return [*calcules, "cree_par"]

    def get_exclude(self, request, obj=None):
        return [*super().get_exclude(request, obj), "destinataire"]

    @admin.display(description=_("addressee"))
    def adresse(self, obj):
        """The addressee frozen at issue, as printed on the invoice."""
        d = obj.destinataire or {}
        lignes = [
            " ".join(filter(None, [d.get("civilite"), d.get("nom"), d.get("prenom")])),
            d.get("adresse", ""),
            " ".join(filter(None, [d.get("code_postal"), d.get("ville")])),
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((ligne,) for ligne in lignes if ligne))

    def save_model(self, request, obj, form, change):
        obj.etablissement = obj.famille.etablissement
        if not change:
            obj.cree_par = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.est_emise) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Issue the selected draft invoices"))
    def emettre(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda f: services.facture_emettre(facture=f, par=request.user),
            _("Invoice %(objet)s issued."),
        )

    @admin.action(description=_("Cancel the selected invoices with a credit note"))
    def annuler(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda f: services.facture_annuler(
                facture=f, motif=str(_("Cancellation")), par=request.user
            ),
            _("Credit note %(objet)s issued."),
        )


@admin.register(Avoir)
class AvoirAdmin(SiteAdmin):
    list_display = ["numero", "facture", "date", "montant", "motif"]
    search_fields = ["numero", "facture__numero", "facture__famille__nom"]
    list_select_related = ["facture"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ImputationInline(SiteInline, admin.TabularInline):
    model = Imputation
    extra = 0
    fields = ["facture", "montant"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReglementForm(SansNegatifs):
    strictement_positifs = ("montant",)

    class Meta:
        model = Reglement
        fields = ["famille", "nature", "date", "mode", "montant", "reference", "payeur"]


@admin.register(Reglement)
class ReglementAdmin(SiteAdmin):
    form = ReglementForm
    list_display = ["numero", "famille", "nature", "date", "mode", "montant", "reference"]
    list_filter = ["mode", "nature", "etablissement"]
    search_fields = ["numero", "reference", "famille__nom", "famille__numero"]
    list_select_related = ["famille"]
    date_hierarchy = "date"
    autocomplete_fields = ["famille"]
    inlines = [ImputationInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*ReglementForm.Meta.fields, "numero", "cree_par"]
        return []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        # Recorded by the service, which numbers it and allocates it to the oldest
        # unpaid invoices of the family.
        # ReglementForm already refused what the service refuses (amount of 0 or less).
        data = form.cleaned_data
        reglement = services.reglement_enregistrer(
            famille=data["famille"],
            nature=data["nature"],
            mode=data["mode"],
            montant=data["montant"],
            jour=data["date"],
            reference=data["reference"],
            payeur=data["payeur"],
            par=request.user,
        )
        _copier(obj, reglement)


class ImputationForm(forms.ModelForm):
    class Meta:
        model = Imputation
        fields = ["reglement", "facture", "montant"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            with services.transaction.atomic():
                self.imputation = services.reglement_imputer(
                    reglement=data["reglement"],
                    facture=data["facture"],
                    montant=data["montant"],
                    par=None,
                )
                services.transaction.set_rollback(True)
        except services.FacturationError as e:
            raise forms.ValidationError(str(e)) from e
        return data


@admin.register(Imputation)
class ImputationAdmin(SiteAdmin):
    site_field = "reglement__etablissement"
    form = ImputationForm
    list_display = ["reglement", "facture", "montant"]
    search_fields = ["reglement__numero", "facture__numero"]
    list_select_related = ["reglement", "facture"]
    autocomplete_fields = ["reglement", "facture"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        imputation = services.reglement_imputer(
            reglement=obj.reglement, facture=obj.facture, montant=obj.montant, par=request.user
        )
        _copier(obj, imputation)


@admin.register(Instrument)
class InstrumentAdmin(SiteAdmin):
    list_display = ["nom", "marque", "numero_inventaire", "numero_serie", "etablissement"]
    search_fields = ["nom", "marque", "numero_inventaire", "numero_serie"]


class LocationForm(SansNegatifs):
    positifs = ("loyer",)

    def clean(self):
        data = super().clean()
        debut, fin = data.get("date_debut"), data.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", _("The end of the rental comes before its start."))
        return data


@admin.register(Location)
class LocationAdmin(SiteAdmin):
    form = LocationForm
    site_field = "instrument__etablissement"
    list_display = ["instrument", "eleve", "date_debut", "date_fin", "loyer", "facture"]
    search_fields = ["instrument__nom", "eleve__nom", "eleve__prenom"]
    list_select_related = ["instrument", "eleve", "facture"]
    raw_id_fields = ["eleve"]
    readonly_fields = ["facture"]
    actions = ["facturer"]

    @admin.action(description=_("Invoice the selected rentals"))
    def facturer(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda loc: services.location_facturer(location=loc, par=request.user),
            _("Invoice %(objet)s issued."),
        )


class NotificationInline(SiteInline, admin.TabularInline):
    model = NotificationPaiement
    extra = 0
    fields = ["recue_le", "source", "resultat", "acceptee", "motif_refus", "message"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("content"))
    def message(self, obj) -> str:
        """The message as received, allowed to wrap between its fields."""
        return format_html_join(
            mark_safe("<wbr>&amp;"), "{}", ((p,) for p in obj.contenu.split("&"))
        )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PaiementEnLigne)
class PaiementEnLigneAdmin(SiteAdmin):
    site_field = "facture__etablissement"
    list_display = ["facture", "montant", "etat", "backend", "cree_le", "reglement"]
    list_filter = ["etat", "backend"]
    search_fields = ["facture__numero", "transaction_id", "facture__famille__nom"]
    list_select_related = ["facture", "reglement"]
    inlines = [NotificationInline]
    actions = ["verifier"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Ask the provider about the selected payments"))
    def verifier(self, request, queryset):
        _appliquer(
            self,
            request,
            queryset,
            lambda p: paiement.paiement_verifier(paiement=p),
            "%(objet)s",
        )


@admin.register(NotificationPaiement)
class NotificationPaiementAdmin(SiteAdmin):
    site_field = "paiement__facture__etablissement"
    list_display = ["recue_le", "source", "backend", "paiement", "resultat", "acceptee"]
    list_filter = ["acceptee", "source", "backend"]
    readonly_fields = [f.name for f in NotificationPaiement._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ParametresPaiementForm(forms.ModelForm):
    class Meta:
        model = ParametresPaiement
        fields = ["etablissement", "backend", "numcli", "saisie"]

    def clean(self):
        data = super().clean()
        numcli = data.get("numcli", "")
        if data.get("backend") == ParametresPaiement.Backend.PAYFIP and not (
            len(numcli) == 6 and numcli.isdigit()
        ):
            self.add_error("numcli", _("PayFiP needs the 6 digits client number."))
        return data


@admin.register(ParametresPaiement)
class ParametresPaiementAdmin(SiteAdmin):
    form = ParametresPaiementForm
    list_display = ["etablissement", "backend", "numcli", "saisie"]

    def has_add_permission(self, request):
        # One row per site: a site's staff (whose form has no site field to check it)
        # edit theirs once it exists.
        etablissement = site_du_staff(request)
        if (
            etablissement is not None
            and ParametresPaiement.objects.filter(etablissement=etablissement).exists()
        ):
            return False
        return super().has_add_permission(request)
