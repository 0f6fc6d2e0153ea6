"""Payments and their allocations to invoices (DESIGN §4)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from facturation.models.factures import (
    MONTANT,
    ZERO,
    Facture,
    ModeReglement,
    Nature,
    montant_field,
    somme_imputations,
)
from imuse.champs import auteur


class ReglementQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(famille=famille)

    def avec_non_impute(self):
        """Annotate `non_impute`: the part of each payment allocated to no invoice, a
        credit of the family, to refund or to allocate (read from the stored
        `montant_impute`)."""
        return self.annotate(
            non_impute=models.ExpressionWrapper(
                models.F("montant") - models.F("montant_impute"), output_field=MONTANT
            )
        )

    def credit(self):
        """The payments with a part allocated to no invoice (the admin's filter). On
        PostgreSQL the index `reglement_non_impute_idx` is on this very expression: its
        statistics tell the planner how few rows it keeps (a comparison of two columns it
        would guess at a third of the table)."""
        return self.avec_non_impute().filter(non_impute__gt=0)

    def impute_recalculer(self) -> int:
        """Store on each payment the sum of its allocations (`montant_impute`)."""
        return self.update(
            montant_impute=somme_imputations(
                Imputation.objects.filter(reglement=models.OuterRef("pk")), "reglement"
            )
        )

    def non_rejetes(self):
        """Without the direct debits the bank rejected (their money came back)."""
        return self.exclude(prelevement__statut="rejetee")

    def avec_credit(self):
        return self.non_rejetes().avec_non_impute().filter(non_impute__gt=0)


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
    cree_par = auteur(_("recorded by"))
    cree_le = models.DateTimeField(_("created on"), auto_now_add=True)
    # Kept by the services that allocate it or remove its allocations, under its lock:
    # what of it went to invoices (the rest is the family's credit, `non_impute`).
    montant_impute = montant_field(_("allocated"), default=ZERO, editable=False)

    objects = ReglementQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["-date", "-id"], name="reglement_date_idx"),
            # A site's staff: the list order and the date drill-down.
            models.Index(fields=["etablissement", "-date", "-id"], name="reglement_site_date_idx"),
            # The admin's search by family: the payments of the families found.
            models.Index(fields=["famille", "id"], name="reglement_famille_id_idx"),
            # A header click in the admin sorts by (column, id) both ways (admin_tri.py).
            models.Index(
                fields=["etablissement", "montant", "id"], name="reglement_tri_montant_idx"
            ),
            models.Index(
                fields=["etablissement", "reference", "id"], name="reglement_tri_reference_idx"
            ),
            # The credit filter (`non_impute` > 0): reglement_non_impute_idx, on the
            # expression, created by migration 0011 on PostgreSQL (SQL written there, to
            # be the very expression the filter compiles to).
        ]
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
        # A header click in the admin sorts by (amount, id) both ways (admin_tri.py).
        indexes = [models.Index(fields=["montant", "id"], name="imputation_tri_montant_idx")]

    def __str__(self) -> str:
        from facturation.templatetags.facturation import format_euros

        return f"{self.reglement} → {self.facture}: {format_euros(self.montant)}"
