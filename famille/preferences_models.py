"""What a guardian chooses and asks for about their account: which e-mails they get and
in which language, the addresses that bounced, their last visit, their data exports and
a request to close the account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from imuse.storage import private_storage


class TypeNotification(models.TextChoices):
    FACTURE = "facture", _("Invoices issued")
    RELANCE = "relance", _("Payment reminders")
    ANNULATION = "annulation", _("Cancelled lessons")
    REGLEMENT = "reglement", _("Payments recorded")
    DOCUMENT = "document", _("Documents published in My documents")
    EVALUATIONS = "evaluations", _("Evaluations published")
    CAMPAGNE = "campagne", _("Re-enrolment campaigns (opening and closing soon)")


# What a family must always be told: what it owes, and a lesson that will not take place.
OBLIGATOIRES = {
    TypeNotification.FACTURE: _("An invoice is a legal document you must receive."),
    TypeNotification.RELANCE: _("A reminder tells you that a payment is overdue."),
    TypeNotification.ANNULATION: _("You must know when a lesson will not take place."),
}


class Langue(models.TextChoices):
    FRANCAIS = "fr", _("French")
    ANGLAIS = "en", _("English")


class Preferences(models.Model):
    responsable = models.OneToOneField(
        "famille.Responsable",
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("guardian"),
    )
    types_refuses = models.JSONField(_("notifications turned off"), default=list, blank=True)
    langue = models.CharField(
        _("language of the e-mails"), max_length=2, choices=Langue.choices, default=Langue.FRANCAIS
    )
    # An address that bounced (a delivery status notification came back): no more mail to
    # it until the guardian's e-mail changes.
    email_rejete = models.EmailField(_("address that bounced"), blank=True)
    email_rejete_le = models.DateTimeField(_("bounced on"), null=True, blank=True)
    email_rejet_motif = models.CharField(_("bounce diagnostic"), max_length=300, blank=True)
    # Accueil's "What's new": the start of the current visit and of the one before.
    derniere_visite = models.DateTimeField(_("last visit"), null=True, blank=True)
    visite_precedente = models.DateTimeField(_("previous visit"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.responsable)

    @property
    def famille_id(self) -> int:
        return self.responsable.famille_id

    def recoit(self, type_notification: str) -> bool:
        return type_notification in OBLIGATOIRES or type_notification not in self.types_refuses

    def rejete(self, email: str) -> bool:
        return bool(self.email_rejete) and self.email_rejete.casefold() == email.casefold()


class ExportDonnees(models.Model):
    """A ZIP of everything the school holds on a family, built for one guardian."""

    class Statut(models.TextChoices):
        EN_COURS = "en_cours", _("being prepared")
        PRET = "pret", _("ready")
        ECHEC = "echec", _("failed")

    famille = models.ForeignKey(
        "famille.Famille", on_delete=models.CASCADE, related_name="+", verbose_name=_("family")
    )
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.EN_COURS
    )
    fichier = models.FileField(_("file"), upload_to="exports/", storage=private_storage, blank=True)
    taille = models.PositiveBigIntegerField(_("size"), default=0)
    cree_le = models.DateTimeField(_("requested on"), auto_now_add=True)
    termine_le = models.DateTimeField(_("ready on"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.famille} {self.cree_le:%d/%m/%Y %H:%M}"


class DemandeCloture(models.Model):
    """A guardian asks the school to close the family's account and erase its data."""

    class Statut(models.TextChoices):
        OUVERTE = "ouverte", _("to be processed")
        TRAITEE = "traitee", _("processed")

    famille = models.ForeignKey(
        "famille.Famille",
        on_delete=models.CASCADE,
        related_name="demandes_cloture",
        verbose_name=_("family"),
    )
    responsable = models.ForeignKey(
        "famille.Responsable",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("guardian"),
    )
    motif = models.TextField(_("message"), blank=True)
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.OUVERTE
    )
    cree_le = models.DateTimeField(_("requested on"), auto_now_add=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("processed by"),
    )
    traitee_le = models.DateTimeField(_("processed on"), null=True, blank=True)
    reponse = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("account closing request")
        verbose_name_plural = _("account closing requests")
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.famille} {self.cree_le:%d/%m/%Y}"
