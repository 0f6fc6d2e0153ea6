"""Instrument rentals, invoiced by facturation.services.location_facturer (DESIGN §4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from facturation.models.factures import Facture, montant_field


class Instrument(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    nom = models.CharField(_("name"), max_length=100, help_text=_('For example "Violon 3/4".'))
    categorie = models.CharField(
        _("category"),
        max_length=50,
        blank=True,
        help_text=_('The rental rate of the tariff grid it follows: "Violon".'),
    )
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
