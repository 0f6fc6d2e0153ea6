"""An import run from the admin: the uploaded file, its preview, then its result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from imuse.storage import private_storage


class ImportationQuerySet(models.QuerySet):
    def du_site(self, etablissement):
        return self.filter(etablissement=etablissement)


class Importation(models.Model):
    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", _("waiting to be read")
        ANALYSE = "analyse", _("being read")
        APERCU = "apercu", _("preview ready")
        IMPORT = "import", _("being imported")
        IMPORTEE = "importee", _("imported")
        ECHEC = "echec", _("not imported")

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    type_import = models.CharField(_("kind of data"), max_length=20)
    fichier = models.FileField(_("file"), upload_to="importations/%Y/", storage=private_storage)
    nom_original = models.CharField(_("file name"), max_length=255)
    statut = models.CharField(
        _("status"), max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    rapport = models.JSONField(_("report"), default=dict, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    cree_le = models.DateTimeField(_("uploaded on"), auto_now_add=True)
    confirme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirme_le = models.DateTimeField(_("confirmed on"), null=True, blank=True)

    objects = ImportationQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-cree_le", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.nom_original} ({self.cree_le:%d/%m/%Y %H:%M})"
            if self.cree_le
            else (self.nom_original)
        )

    @property
    def en_cours(self) -> bool:
        return self.statut in (self.Statut.EN_ATTENTE, self.Statut.ANALYSE, self.Statut.IMPORT)

    @property
    def type_libelle(self) -> str:
        from importation.genres import TYPES

        genre = TYPES.get(self.type_import)
        return str(genre.libelle) if genre else self.type_import
