"""Invoices and credit notes (DESIGN §4).

An issued invoice is never edited: it keeps a snapshot of its addressee and lines; credit
notes (Avoir) reduce it, for an amount or for some of its lines, and cancel it once they
add up to its amount (`annulee`, kept by facturation.services.avoirs). Numbers are gapless
per Etablissement and year, drawn from a locked counter row (`Compteur`). Money is Decimal in euros.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from imuse.champs import auteur

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

    def non_annulees(self):
        """Not cancelled as a whole by credit notes."""
        return self.filter(annulee=False)

    def de_la_famille(self, famille):
        """The issued invoices a family may see (drafts never show)."""
        return self.emises().filter(famille=famille)

    def avec_paye(self):
        return self.annotate(
            total_paye=models.functions.Coalesce(
                Sum("imputations__montant"), ZERO, output_field=models.DecimalField()
            )
        )

    def paye_recalculer(self) -> int:
        """Store on each invoice the sum of its allocations (`montant_paye`): the
        services that allocate or remove an allocation call it, under their locks."""
        Imputation = self.model._meta.get_field("imputations").related_model
        return self.update(
            montant_paye=somme_imputations(
                Imputation.objects.filter(facture=models.OuterRef("pk")), "facture"
            )
        )


MONTANT = models.DecimalField(max_digits=10, decimal_places=2)


def somme_imputations(imputations, groupe: str) -> models.Expression:
    """The sum of `imputations` (correlated by OuterRef, grouped on `groupe`), 0 when
    there are none."""
    return models.functions.Coalesce(
        models.Subquery(
            imputations.order_by().values(groupe).annotate(s=Sum("montant")).values("s")[:1],
            output_field=MONTANT,
        ),
        models.Value(ZERO),
        output_field=MONTANT,
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
    cree_par = auteur(_("issued by"))
    cree_le = models.DateTimeField(_("created on"), auto_now_add=True)
    # Set by a batch run (facturation/services/lot.py): the year and period it bills.
    annee = models.ForeignKey(
        "imuse.AnneeScolaire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("school year"),
    )
    periode = models.CharField(_("period"), max_length=6, blank=True, editable=False)
    # Kept by the credit-note service under the invoice's lock: what its credit notes
    # add up to, and whether they cancel it whole.
    total_avoirs = montant_field(_("total credited"), default=ZERO, editable=False)
    annulee = models.BooleanField(_("cancelled"), default=False, editable=False)
    # Kept by the services that allocate a payment or remove an allocation
    # (facturation/services/reglements.py, rejets.py), under the invoice's lock: the sum
    # of its allocations, so the admin filters and sorts on what is left to pay with an
    # index (issue 15). tests/facturation/test_totaux_stockes.py checks it after each.
    montant_paye = montant_field(_("total paid"), default=ZERO, editable=False)

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
        indexes = [
            models.Index(fields=["famille", "nature", "statut"]),
            # A header click in the admin sorts by (column, id) both ways (admin_tri.py).
            models.Index(fields=["etablissement", "numero", "id"], name="facture_tri_numero_idx"),
            models.Index(
                fields=["etablissement", "date_echeance", "id"], name="facture_tri_echeance_idx"
            ),
            models.Index(fields=["etablissement", "montant", "id"], name="facture_tri_montant_idx"),
            # The admin's list order.
            models.Index(fields=["-date_emission", "-id"], name="facture_date_emission_idx"),
            # A site's staff: the list order, and the date drill-down's years and months
            # (imuse/admin_dates.py) probe it.
            models.Index(
                fields=["etablissement", "-date_emission", "-id"], name="facture_site_date_idx"
            ),
            # What is left to pay (facturation/suivi.py DU): the filters "unpaid", "partly
            # paid" and "past due" walk it in the list's order.
            models.Index(
                fields=["etablissement", "-date_emission", "-id"],
                name="facture_du_idx",
                condition=Q(
                    statut="emise",
                    annulee=False,
                    montant_paye__lt=models.F("montant") - models.F("total_avoirs"),
                ),
            ),
            # The admin's search by family (imuse/admin_recherche.py): the invoices of
            # the families found, read from the index alone.
            models.Index(fields=["famille", "id"], name="facture_famille_id_idx"),
            models.Index(
                fields=["etablissement", "date_echeance"],
                name="facture_du_echeance_idx",
                condition=Q(
                    statut="emise",
                    annulee=False,
                    montant_paye__lt=models.F("montant") - models.F("total_avoirs"),
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.numero or str(_("Draft invoice"))

    @property
    def est_emise(self) -> bool:
        return self.statut == self.Statut.EMISE

    @property
    def net(self) -> Decimal:
        """The amount due once its credit notes are deducted."""
        return self.montant - self.total_avoirs


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
    # Priced from a tariff grid (facturation/tarification.py): the rule that priced it,
    # the kind of line and the course sheet it bills.
    tarif = models.CharField(_("tariff rule"), max_length=200, blank=True, editable=False)
    genre = models.CharField(_("kind of line"), max_length=10, blank=True, editable=False)
    inscription = models.ForeignKey(
        "eleves.Inscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("course sheet"),
    )

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
    """A credit note on one issued invoice: for an amount or for some of its lines
    (`lignes`: what it credits, a snapshot [{"ligne": pk, "designation", "montant"}])."""

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.PROTECT, verbose_name=_("school")
    )
    facture = models.ForeignKey(
        Facture, on_delete=models.PROTECT, related_name="avoirs", verbose_name=_("invoice")
    )
    numero = models.CharField(_("number"), max_length=20)
    date = models.DateField(_("date"))
    motif = models.CharField(_("reason"), max_length=200)
    montant = montant_field(_("amount"))
    lignes = models.JSONField(_("lines credited"), default=list, blank=True, editable=False)
    cree_par = auteur(_("issued by"))
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
