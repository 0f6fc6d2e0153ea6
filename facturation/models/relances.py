"""Payment reminders (relances, issue 12): one per family and sending, in three levels
(relance, seconde relance, mise en demeure), each with its letter (PDF); and the sending
of a selection as a background run with its progress (facturation/services/relances.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from facturation.models.factures import montant_field
from imuse.champs import auteur


class Niveau(models.IntegerChoices):
    RELANCE = 1, _("reminder")
    SECONDE = 2, _("second reminder")
    MISE_EN_DEMEURE = 3, _("formal notice")


class EnvoiRelances(models.Model):
    """Staff sending reminders to a selection of families, run as a background task:
    progress while it runs, then a report (sent, skipped and why, errors)."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "attente", _("waiting")
        EN_COURS = "en_cours", _("running")
        TERMINE = "termine", _("finished")
        ECHEC = "echec", _("failed")

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    familles = models.JSONField(_("families selected"), default=list, blank=True)
    total = models.PositiveIntegerField(_("families"), default=0)
    traitees = models.PositiveIntegerField(_("families processed"), default=0)
    relances = models.PositiveIntegerField(_("reminders sent"), default=0)
    a_imprimer = models.PositiveIntegerField(_("letters to print"), default=0)
    ignorees = models.JSONField(_("families skipped"), default=list, blank=True)
    erreurs = models.JSONField(_("errors"), default=list, blank=True)
    cree_par = auteur(_("started by"))
    cree_le = models.DateTimeField(_("started on"), auto_now_add=True)
    termine_le = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder sending")
        verbose_name_plural = _("reminder sendings")
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return str(_("Reminders of %(date)s") % {"date": self.cree_le.strftime("%d/%m/%Y %H:%M")})

    @property
    def progression(self) -> int:
        return 100 if not self.total else round(100 * self.traitees / self.total)


class RelanceQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(famille=famille)


class Relance(models.Model):
    """A reminder sent to a family about its overdue invoices: their snapshot (numbers,
    due dates, what was left), the level, the e-mail sent (or none: a letter to print)."""

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.PROTECT, verbose_name=_("school")
    )
    famille = models.ForeignKey(
        "famille.Famille",
        on_delete=models.PROTECT,
        related_name="relances",
        verbose_name=_("family"),
    )
    facture = models.ForeignKey(
        "facturation.Facture",
        on_delete=models.PROTECT,
        related_name="relances",
        verbose_name=_("oldest invoice overdue"),
    )
    niveau = models.PositiveSmallIntegerField(_("level"), choices=Niveau.choices)
    date = models.DateField(_("date"))
    montant = montant_field(_("amount overdue"))
    factures = models.JSONField(_("invoices overdue"), default=list, blank=True)
    destinataire = models.JSONField(_("addressee"), default=dict, blank=True)
    courriel = models.ForeignKey(
        "imuse.Courriel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    par_courrier = models.BooleanField(
        _("letter to print"), default=False, help_text=_("No guardian has a usable e-mail.")
    )
    envoi = models.ForeignKey(
        EnvoiRelances,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relances_envoyees",
        verbose_name=_("sending"),
    )
    envoyee_par = auteur(_("sent by"))
    cree_le = models.DateTimeField(_("created on"), auto_now_add=True)

    objects = RelanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["famille", "-date"], name="relance_famille_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_niveau_display()} — {self.date:%d/%m/%Y}"
