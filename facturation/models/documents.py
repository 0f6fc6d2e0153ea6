"""PDF documents rendered once and stored (facturation/documents.py): an issued invoice's
duplicate, a payment's receipt, a past year's payment attestation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from imuse.storage import private_storage


class DocumentPdf(models.Model):
    """One stored rendering of a document in one language.

    `cle` names the document ("facture:12", "recu:7", "attestation:2025:33"); `version`
    is `imuse.pdf.VERSION_PDF` when it was rendered and `empreinte` the SHA-256 of that
    version, the logo and the HTML it was laid out from: the stored file is served while
    both match what the document would be now, and rendered again otherwise.
    """

    famille = models.ForeignKey(
        "famille.Famille", on_delete=models.CASCADE, related_name="+", verbose_name=_("family")
    )
    cle = models.CharField(_("document"), max_length=60)
    langue = models.CharField(_("language"), max_length=10)
    version = models.PositiveIntegerField(_("template version"))
    empreinte = models.CharField(_("fingerprint"), max_length=64)
    fichier = models.FileField(
        _("file"), upload_to="pdf/%Y/", storage=private_storage, max_length=200
    )
    rendu_le = models.DateTimeField(_("rendered on"), auto_now=True)

    class Meta:
        verbose_name = _("stored PDF document")
        verbose_name_plural = _("stored PDF documents")
        constraints = [
            models.UniqueConstraint(fields=["cle", "langue"], name="document_pdf_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cle} ({self.langue})"
