"""Online payment: the school's settings, the attempts and every notification received
(DESIGN §5)."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facturation.models.factures import Facture, montant_field
from facturation.models.reglements import Reglement


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


# An attempt still pending after this long needs a look (the staff's dashboard).
ATTENTE_LONGUE = timedelta(minutes=20)


class PaiementEnLigneQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(facture__famille=famille)

    def en_souffrance(self):
        """Live attempts (created or pending) older than ATTENTE_LONGUE."""
        return self.filter(
            etat__in=PaiementEnLigne.ETATS_VIVANTS, cree_le__lt=timezone.now() - ATTENTE_LONGUE
        )


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
    # The bank page of this attempt, so that the family can come back to it.
    url_banque = models.CharField(_("bank page"), max_length=2000, blank=True)
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
            ),
            # At most one live attempt per invoice: two tabs never charge it twice.
            models.UniqueConstraint(
                fields=["facture"],
                condition=Q(etat__in=["cree", "en_attente"]),
                name="un_paiement_vivant_par_facture",
            ),
        ]
        indexes = [models.Index(fields=["etat", "cree_le"])]

    def __str__(self) -> str:
        from facturation.templatetags.facturation import format_euros

        return f"{self.facture} — {format_euros(self.montant)} ({self.get_etat_display()})"

    ETATS_VIVANTS = ("cree", "en_attente")

    @property
    def famille_id(self) -> int:
        """The journal files an attempt under its invoice's family and school."""
        return self.facture.famille_id

    @property
    def etablissement_id(self) -> int:
        return self.facture.etablissement_id

    @property
    def termine(self) -> bool:
        return self.etat not in self.ETATS_VIVANTS

    @property
    def reprenable(self) -> bool:
        """The family may go back to the bank page of this attempt."""
        return self.etat == self.Etat.EN_ATTENTE and bool(self.url_banque)


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
