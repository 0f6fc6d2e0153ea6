"""The sandbox bank's own ledger (demo and tests only: the app is installed when the
BAC_A_SABLE setting asks for it)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from facturation.models import montant_field


class OperationBacASable(models.Model):
    """What the sandbox bank decided for each transaction, so that `verifier_paiements`
    can ask it, as it asks PayFiP in production."""

    transaction_id = models.CharField(max_length=100, unique=True)
    montant = montant_field(_("amount"))
    resultat = models.CharField(_("result"), max_length=10)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sandbox operation")
        verbose_name_plural = _("sandbox operations")

    def __str__(self) -> str:
        return f"{self.transaction_id}: {self.resultat}"
