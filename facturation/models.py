"""Invoices, credit notes, payments and their allocations, instrument rentals, and online
payment attempts (DESIGN §4 and §5).

An issued invoice is never edited: it keeps a snapshot of its addressee and lines, and a
credit note (Avoir) cancels it. Numbers are gapless per Etablissement and year, drawn from
a locked counter row (`Compteur`). Money is Decimal in euros.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


def montant_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=10, decimal_places=2, **kwargs)


class Nature(models.TextChoices):
    COTISATION = "cotisation", _("Membership fees")
    LOCATION = "location", _("Rentals")


class ModeReglement(models.TextChoices):
    CHEQUE = "cheque", _("Cheque")
    ESPECES = "especes", _("Cash")
    CARTE_EN_LIGNE = "carte_en_ligne", _("Online card payment")
    PRELEVEMENT = "prelevement", _("Direct debit")
    VIREMENT = "virement", _("Bank transfer")
    CHEQUES_VACANCES = "cheques_vacances", _("Holiday vouchers")


class ParametresPaiement(models.Model):
    """How an Etablissement takes online payments (eopayment backend and its options)."""

    class Backend(models.TextChoices):
        AUCUN = "", _("No online payment")
        BAC_A_SABLE = "dummy", _("Sandbox (simulated bank, demo and tests)")
        PAYFIP = "payfip_ws", _("PayFiP (web service)")

    class Saisie(models.TextChoices):
        TEST = "T", _("test")
        ACTIVATION = "X", _("activation")
        PRODUCTION = "W", _("production")

    etablissement = models.OneToOneField(
        "imuse.Etablissement",
        on_delete=models.CASCADE,
        related_name="parametres_paiement",
        verbose_name=_("school"),
    )
    backend = models.CharField(
        _("online payment"), max_length=20, choices=Backend.choices, blank=True
    )
    numcli = models.CharField(
        _("PayFiP client number"),
        max_length=6,
        blank=True,
        help_text=_("6 digits number provided by the DGFiP."),
    )
    saisie = models.CharField(_("PayFiP mode"), max_length=1, choices=Saisie.choices, default="T")

    class Meta:
        verbose_name = _("payment settings")
        verbose_name_plural = _("payment settings")

    def __str__(self) -> str:
        return str(self.etablissement)

    @property
    def paiement_en_ligne(self) -> bool:
        if self.backend == self.Backend.PAYFIP:
            return len(self.numcli) == 6 and self.numcli.isdigit()
        return self.backend == self.Backend.BAC_A_SABLE


class Compteur(models.Model):
    """The last number used in a series (invoices, credit notes, payments) of one year.

    Locked with select_for_update while a number is drawn, so numbers stay gapless and
    unique when two staff members issue at the same moment.
    """

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    serie = models.CharField(_("series"), max_length=4)
    annee = models.PositiveSmallIntegerField(_("year"))
    valeur = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(
                fields=["etablissement", "serie", "annee"], name="compteur_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.serie} {self.annee}: {self.valeur}"


class FactureQuerySet(models.QuerySet):
    def emises(self):
        return self.filter(statut=Facture.Statut.EMISE)

    def de_la_famille(self, famille):
        """The issued invoices a family may see (drafts never show)."""
        return self.emises().filter(famille=famille)

    def avec_paye(self):
        return self.annotate(
            total_paye=models.functions.Coalesce(
                Sum("imputations__montant"), ZERO, output_field=models.DecimalField()
            )
        )


class Facture(models.Model):
    class Statut(models.TextChoices):
        BROUILLON = "brouillon", _("draft")
        EMISE = "emise", _("issued")

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.PROTECT, verbose_name=_("school")
    )
    famille = models.ForeignKey(
        "famille.Famille",
        on_delete=models.PROTECT,
        related_name="factures",
        verbose_name=_("family"),
    )
    nature = models.CharField(
        _("nature"), max_length=12, choices=Nature.choices, default=Nature.COTISATION
    )
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.BROUILLON
    )
    numero = models.CharField(_("number"), max_length=20, blank=True)
    libelle = models.CharField(_("label"), max_length=100, default="AVIS DES SOMMES A PAYER")
    date_emission = models.DateField(_("issue date"), null=True, blank=True)
    date_echeance = models.DateField(_("due date"), null=True, blank=True)
    remise = montant_field(_("discount"), default=ZERO)
    # Snapshot taken at issue: the addressee as it was, and the totals.
    destinataire = models.JSONField(_("addressee"), default=dict, blank=True)
    total_brut = montant_field(_("total before discount"), default=ZERO)
    total_remise = montant_field(_("total discount"), default=ZERO)
    montant = montant_field(_("amount due"), default=ZERO)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    cree_le = models.DateTimeField(_("created on"), auto_now_add=True)

    objects = FactureQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-date_emission", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["etablissement", "numero"],
                condition=~Q(numero=""),
                name="facture_numero_unique",
            )
        ]
        indexes = [models.Index(fields=["famille", "nature", "statut"])]

    def __str__(self) -> str:
        return self.numero or str(_("Draft invoice"))

    @property
    def est_emise(self) -> bool:
        return self.statut == self.Statut.EMISE


class LigneFacture(models.Model):
    facture = models.ForeignKey(
        Facture, on_delete=models.CASCADE, related_name="lignes", verbose_name=_("invoice")
    )
    eleve = models.ForeignKey(
        "eleves.Eleve",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lignes_facture",
        verbose_name=_("pupil"),
    )
    eleve_nom = models.CharField(_("pupil's name"), max_length=200, blank=True)
    designation = models.CharField(_("designation"), max_length=200)
    quantite = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2, default=1)
    prix_unitaire = montant_field(_("unit price"))
    remise = montant_field(_("discount"), default=ZERO)
    montant = montant_field(_("amount"), default=ZERO)
    ordre = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["ordre", "pk"]

    def __str__(self) -> str:
        return self.designation

    def calculer(self) -> Decimal:
        return (self.quantite * self.prix_unitaire - self.remise).quantize(Decimal("0.01"))


class AvoirQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(facture__famille=famille)


class Avoir(models.Model):
    """A credit note: cancels one issued invoice as a whole."""

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.PROTECT, verbose_name=_("school")
    )
    facture = models.OneToOneField(
        Facture, on_delete=models.PROTECT, related_name="avoir", verbose_name=_("invoice")
    )
    numero = models.CharField(_("number"), max_length=20)
    date = models.DateField(_("date"))
    motif = models.CharField(_("reason"), max_length=200)
    montant = montant_field(_("amount"))
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    cree_le = models.DateTimeField(_("created on"), auto_now_add=True)

    objects = AvoirQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["etablissement", "numero"], name="avoir_numero_unique")
        ]

    def __str__(self) -> str:
        return self.numero


class ReglementQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(famille=famille)


class Reglement(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.PROTECT, verbose_name=_("school")
    )
    famille = models.ForeignKey(
        "famille.Famille",
        on_delete=models.PROTECT,
        related_name="reglements",
        verbose_name=_("family"),
    )
    nature = models.CharField(
        _("nature"), max_length=12, choices=Nature.choices, default=Nature.COTISATION
    )
    numero = models.CharField(_("number"), max_length=20)
    date = models.DateField(_("date"))
    mode = models.CharField(_("payment method"), max_length=20, choices=ModeReglement.choices)
    montant = montant_field(_("amount"))
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Cheque number, transaction…")
    )
    payeur = models.CharField(_("paid by"), max_length=200, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    cree_le = models.DateTimeField(_("created on"), auto_now_add=True)

    objects = ReglementQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["etablissement", "numero"], name="reglement_numero_unique"
            )
        ]

    def __str__(self) -> str:
        return self.numero


class Imputation(models.Model):
    """The part of a payment allocated to one invoice."""

    reglement = models.ForeignKey(
        Reglement, on_delete=models.CASCADE, related_name="imputations", verbose_name=_("payment")
    )
    facture = models.ForeignKey(
        Facture, on_delete=models.PROTECT, related_name="imputations", verbose_name=_("invoice")
    )
    montant = montant_field(_("amount"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(fields=["reglement", "facture"], name="imputation_unique"),
            models.CheckConstraint(condition=Q(montant__gt=0), name="imputation_positive"),
        ]

    def __str__(self) -> str:
        from facturation.templatetags.facturation import format_euros

        return f"{self.reglement} → {self.facture}: {format_euros(self.montant)}"


class Instrument(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    nom = models.CharField(_("name"), max_length=100, help_text=_('For example "Violon 3/4".'))
    marque = models.CharField(_("make"), max_length=100, blank=True)
    numero_serie = models.CharField(_("serial number"), max_length=100, blank=True)
    numero_inventaire = models.CharField(_("inventory number"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["nom", "numero_inventaire"]

    def __str__(self) -> str:
        return f"{self.nom} {self.numero_inventaire}".strip()


class LocationQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(eleve__famille=famille)


class Location(models.Model):
    """A rental contract of an instrument to a pupil, invoiced as nature location."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="locations", verbose_name=_("instrument")
    )
    eleve = models.ForeignKey(
        "eleves.Eleve", on_delete=models.PROTECT, related_name="locations", verbose_name=_("pupil")
    )
    date_debut = models.DateField(_("from"))
    date_fin = models.DateField(_("to"))
    loyer = montant_field(_("rent"))
    facture = models.ForeignKey(
        Facture,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("invoice"),
    )

    objects = LocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rental")
        verbose_name_plural = _("rentals")
        ordering = ["-date_debut"]

    def __str__(self) -> str:
        return f"{self.instrument} — {self.eleve}"


class PaiementEnLigneQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(facture__famille=famille)


class PaiementEnLigne(models.Model):
    """One attempt at paying an invoice online, with every notification received."""

    class Etat(models.TextChoices):
        CREE = "cree", _("created")
        EN_ATTENTE = "en_attente", _("pending")
        CONFIRME = "confirme", _("confirmed")
        ECHOUE = "echoue", _("failed")
        ANNULE = "annule", _("canceled")
        EXPIRE = "expire", _("expired")

    facture = models.ForeignKey(
        Facture,
        on_delete=models.PROTECT,
        related_name="paiements_en_ligne",
        verbose_name=_("invoice"),
    )
    responsable = models.ForeignKey(
        "famille.Responsable",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("guardian"),
    )
    backend = models.CharField(_("backend"), max_length=20)
    montant = montant_field(_("amount"))
    email = models.EmailField(_("e-mail"), blank=True)
    transaction_id = models.CharField(_("transaction"), max_length=100, blank=True)
    etat = models.CharField(_("state"), max_length=12, choices=Etat.choices, default=Etat.CREE)
    reglement = models.OneToOneField(
        Reglement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paiement_en_ligne",
        verbose_name=_("payment"),
    )
    cree_le = models.DateTimeField(_("created on"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("updated on"), auto_now=True)

    objects = PaiementEnLigneQuerySet.as_manager()

    class Meta:
        verbose_name = _("online payment")
        verbose_name_plural = _("online payments")
        ordering = ["-cree_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "transaction_id"],
                condition=~Q(transaction_id=""),
                name="paiement_transaction_unique",
            )
        ]
        indexes = [models.Index(fields=["etat", "cree_le"])]

    def __str__(self) -> str:
        from facturation.templatetags.facturation import format_euros

        return f"{self.facture} — {format_euros(self.montant)} ({self.get_etat_display()})"

    @property
    def termine(self) -> bool:
        return self.etat not in (self.Etat.CREE, self.Etat.EN_ATTENTE)


class NotificationPaiement(models.Model):
    """Everything the provider (or the family's return) told us, kept for audit."""

    class Source(models.TextChoices):
        SERVEUR = "serveur", _("server notification")
        RETOUR = "retour", _("family's return")
        VERIFICATION = "verification", _("status check")

    paiement = models.ForeignKey(
        PaiementEnLigne,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("online payment"),
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    backend = models.CharField(_("backend"), max_length=20, blank=True)
    contenu = models.TextField(_("content"), blank=True)
    resultat = models.CharField(_("result"), max_length=30, blank=True)
    acceptee = models.BooleanField(_("accepted"), default=False)
    motif_refus = models.CharField(_("reason for refusal"), max_length=200, blank=True)
    recue_le = models.DateTimeField(_("received on"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment notification")
        verbose_name_plural = _("payment notifications")
        ordering = ["-recue_le", "-pk"]

    def __str__(self) -> str:
        recue_le = timezone.localtime(self.recue_le) if self.recue_le else None
        return f"{self.get_source_display()} {recue_le:%d/%m/%Y %H:%M}" if recue_le else ""


class OperationBacASable(models.Model):
    """The sandbox bank's own ledger: what it decided for each transaction, so that
    `verifier_paiements` can ask it, as it asks PayFiP in production."""

    transaction_id = models.CharField(max_length=100, unique=True)
    montant = montant_field(_("amount"))
    resultat = models.CharField(_("result"), max_length=10)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sandbox operation")
        verbose_name_plural = _("sandbox operations")

    def __str__(self) -> str:
        return f"{self.transaction_id}: {self.resultat}"
