"""A bulletins ZIP read in the background (eleves/saisie_fond.py): the archive kept in
private storage, the run's progress and its report. Imported by eleves/models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imuse.storage import private_storage


class DepotBulletins(models.Model):
    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", _("waiting")
        EN_COURS = "en_cours", _("in progress")
        TERMINE = "termine", _("finished")
        ECHEC = "echec", _("not read")

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    annee = models.ForeignKey(
        "imuse.AnneeScolaire",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("school year"),
    )
    titre = models.CharField(_("title"), max_length=200)
    archive = models.FileField(
        _("archive"), upload_to="bulletins/%Y/", storage=private_storage, blank=True
    )
    nom_original = models.CharField(_("file name"), max_length=255)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    statut = models.CharField(
        _("status"), max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    total = models.PositiveIntegerField(_("files"), default=0)
    traites = models.PositiveIntegerField(_("files read"), default=0)
    documents = models.JSONField(_("bulletins stored"), default=list, blank=True)
    refus = models.JSONField(_("files left out"), default=list, blank=True)
    erreur = models.TextField(_("error"), blank=True)
    cree_le = models.DateTimeField(_("started on"), default=timezone.now)
    termine_le = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulletins upload")
        verbose_name_plural = _("bulletins uploads")
        ordering = ["-cree_le", "-pk"]

    def __str__(self) -> str:
        return f"{self.nom_original} ({self.cree_le:%d/%m/%Y %H:%M})"

    @property
    def progression(self) -> int:
        if self.statut in (self.Statut.TERMINE, self.Statut.ECHEC):
            return 100
        return 0 if not self.total else round(100 * self.traites / self.total)
