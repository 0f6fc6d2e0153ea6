"""Instalments (issue 12): the plans a school offers, and the due dates of an invoice.

A family pays an invoice in one, three or ten instalments, among those its school
offers (`ParametresEcheances`). The plan is a set of `Echeance` rows: amounts in
Decimal, the last one absorbing the rounding, so they add up to the invoice exactly.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from facturation.models.factures import Facture, montant_field


class ParametresEcheances(models.Model):
    """Which instalment plans a school offers its families (one row per school)."""

    etablissement = models.OneToOneField(
        "imuse.Etablissement",
        on_delete=models.CASCADE,
        related_name="parametres_echeances",
        verbose_name=_("school"),
    )
    en_trois_fois = models.BooleanField(_("offer three instalments"), default=True)
    en_dix_fois = models.BooleanField(_("offer ten instalments"), default=False)

    class Meta:
        verbose_name = _("instalment settings")
        verbose_name_plural = _("instalment settings")

    def __str__(self) -> str:
        return str(self.etablissement)

    @property
    def plans(self) -> list[int]:
        """The numbers of instalments offered: one payment always."""
        return [1] + [3] * self.en_trois_fois + [10] * self.en_dix_fois


class EcheanceQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(facture__famille=famille, facture__statut=Facture.Statut.EMISE)

    def a_payer(self):
        return self.filter(statut=Echeance.Statut.A_PAYER)


class Echeance(models.Model):
    """One instalment of an invoice: its rank, due date and amount."""

    class Statut(models.TextChoices):
        A_PAYER = "a_payer", _("to pay")
        PRELEVEE = "prelevee", _("collected by direct debit")

    facture = models.ForeignKey(
        Facture, on_delete=models.CASCADE, related_name="echeances", verbose_name=_("invoice")
    )
    rang = models.PositiveSmallIntegerField(_("rank"))
    nombre = models.PositiveSmallIntegerField(_("number of instalments"))
    date = models.DateField(_("due date"))
    montant = montant_field(_("amount"))
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.A_PAYER
    )
    rejets = models.PositiveSmallIntegerField(_("rejected collections"), default=0)

    objects = EcheanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["facture", "rang"]
        constraints = [
            models.UniqueConstraint(fields=["facture", "rang"], name="echeance_rang_unique"),
            models.CheckConstraint(condition=models.Q(montant__gt=0), name="echeance_positive"),
        ]
        indexes = [models.Index(fields=["statut", "date"])]

    def __str__(self) -> str:
        return _("Instalment %(rang)s/%(nombre)s of %(facture)s") % {
            "rang": self.rang,
            "nombre": self.nombre,
            "facture": self.facture,
        }

    @property
    def etablissement_id(self):
        return self.facture.etablissement_id

    @property
    def famille_id(self):
        return self.facture.famille_id
