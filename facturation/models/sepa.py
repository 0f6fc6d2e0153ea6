"""SEPA direct debit (issue 12): a family's mandate, the collection files staff build for
a due date, and each collected instalment with its possible reject (R-transaction).

A mandate (`MandatSepa`) has a unique reference (RUM), the debtor's IBAN and BIC, the
holder, its signature date and source (signed online by guardian 1, or a paper one staff
recorded); `premiere_collecte_faite` picks the sequence type of the next debit (FRST,
then RCUR). A collection file (`RemisePrelevement`) keeps its pain.008.001.02 XML; each
of its lines (`LignePrelevement`) is one instalment, one Reglement "Prélèvement".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from facturation.models.echeances import Echeance
from facturation.models.factures import montant_field
from facturation.models.reglements import Reglement
from facturation.sepa_validation import iban_masque, valider_bic, valider_iban
from imuse.champs import auteur
from imuse.storage import private_storage


class MandatQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(famille=famille)

    def actifs(self):
        return self.filter(statut=MandatSepa.Statut.ACTIF)


class MandatSepa(models.Model):
    class Statut(models.TextChoices):
        ACTIF = "actif", _("active")
        REVOQUE = "revoque", _("revoked")

    class Source(models.TextChoices):
        EN_LIGNE = "en_ligne", _("signed online")
        PAPIER = "papier", _("paper mandate recorded by staff")

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.PROTECT, verbose_name=_("school")
    )
    famille = models.ForeignKey(
        "famille.Famille",
        on_delete=models.PROTECT,
        related_name="mandats_sepa",
        verbose_name=_("family"),
    )
    rum = models.CharField(_("unique mandate reference (RUM)"), max_length=35, unique=True)
    titulaire = models.CharField(_("account holder"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34, validators=[valider_iban])
    bic = models.CharField(_("BIC"), max_length=11, validators=[valider_bic])
    date_signature = models.DateField(_("signed on"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    signe_par = models.ForeignKey(
        "famille.Responsable",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed online by"),
    )
    consentement = models.TextField(_("consent given"), blank=True)
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.ACTIF
    )
    prelever = models.BooleanField(
        _("instalments paid by direct debit"),
        default=True,
        help_text=_("The family's payment method: its instalments go into the collection files."),
    )
    premiere_collecte_faite = models.BooleanField(
        _("first collection done"),
        default=False,
        help_text=_("No: the next debit is a first one (FRST); yes: a recurring one (RCUR)."),
    )
    revoque_le = models.DateField(_("revoked on"), null=True, blank=True)
    motif_revocation = models.CharField(_("reason for revocation"), max_length=200, blank=True)
    cree_par = auteur(_("recorded by"))
    cree_le = models.DateTimeField(_("created on"), auto_now_add=True)

    objects = MandatQuerySet.as_manager()

    class Meta:
        verbose_name = _("SEPA mandate")
        verbose_name_plural = _("SEPA mandates")
        ordering = ["-date_signature", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["famille"], condition=Q(statut="actif"), name="un_mandat_actif_par_famille"
            )
        ]

    def __str__(self) -> str:
        return self.rum

    @property
    def iban_masque(self) -> str:
        return iban_masque(self.iban)

    @property
    def sequence(self) -> str:
        return "RCUR" if self.premiere_collecte_faite else "FRST"


class RemisePrelevement(models.Model):
    """One collection file (pain.008.001.02) for a due date, built by a background task
    (facturation/services/prelevements.py): its state and progress, then the file."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "attente", _("waiting")
        EN_COURS = "en_cours", _("running")
        TERMINE = "termine", _("finished")
        ECHEC = "echec", _("failed")

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.PROTECT, verbose_name=_("school")
    )
    date_echeance = models.DateField(
        _("due date"), help_text=_("Instalments due by this date are collected on it.")
    )
    message_id = models.CharField(
        _("message identifier"), max_length=35, unique=True, null=True, blank=True
    )
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    total = models.PositiveIntegerField(_("instalments to debit"), default=0)
    traitees = models.PositiveIntegerField(_("instalments processed"), default=0)
    erreur = models.TextField(_("error"), blank=True)
    termine_le = models.DateTimeField(_("finished on"), null=True, blank=True)
    nombre = models.PositiveIntegerField(_("number of debits"), default=0)
    montant = montant_field(_("total"), default=0)
    fichier = models.FileField(_("file"), upload_to="sepa/", storage=private_storage, blank=True)
    cree_par = auteur(_("built by"))
    cree_le = models.DateTimeField(_("built on"), auto_now_add=True)

    class Meta:
        verbose_name = _("direct debit collection file")
        verbose_name_plural = _("direct debit collection files")
        ordering = ["-cree_le", "-pk"]

    def __str__(self) -> str:
        return f"{self.message_id or '—'} ({self.date_echeance:%d/%m/%Y})"

    @property
    def progression(self) -> int:
        return 100 if not self.total else round(100 * self.traitees / self.total)


class MotifRejet(models.TextChoices):
    """The reason codes of an R-transaction (ISO 20022), in words."""

    AC01 = "AC01", _("AC01 — wrong account number")
    AC04 = "AC04", _("AC04 — account closed")
    AC06 = "AC06", _("AC06 — account blocked")
    AG01 = "AG01", _("AG01 — direct debit forbidden on this account")
    AM04 = "AM04", _("AM04 — insufficient funds")
    MD01 = "MD01", _("MD01 — no valid mandate")
    MD06 = "MD06", _("MD06 — refund requested by the debtor")
    MD07 = "MD07", _("MD07 — debtor deceased")
    MS02 = "MS02", _("MS02 — refused by the debtor")
    MS03 = "MS03", _("MS03 — reason not given by the bank")
    SL01 = "SL01", _("SL01 — specific service of the debtor's bank")


class LignePrelevementQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(mandat__famille=famille)


class LignePrelevement(models.Model):
    """One instalment debited in a collection file, and its payment."""

    class Statut(models.TextChoices):
        PRELEVEE = "prelevee", _("collected")
        REJETEE = "rejetee", _("rejected")

    remise = models.ForeignKey(
        RemisePrelevement,
        on_delete=models.PROTECT,
        related_name="lignes",
        verbose_name=_("collection file"),
    )
    echeance = models.ForeignKey(
        Echeance,
        on_delete=models.PROTECT,
        related_name="prelevements",
        verbose_name=_("instalment"),
    )
    mandat = models.ForeignKey(
        MandatSepa, on_delete=models.PROTECT, related_name="lignes", verbose_name=_("mandate")
    )
    reglement = models.OneToOneField(
        Reglement,
        on_delete=models.PROTECT,
        related_name="prelevement",
        verbose_name=_("payment"),
    )
    sequence = models.CharField(_("sequence type"), max_length=4)
    montant = montant_field(_("amount"))
    reference = models.CharField(_("end-to-end identifier"), max_length=35, unique=True)
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.PRELEVEE
    )
    motif_rejet = models.CharField(
        _("reason for reject"), max_length=4, choices=MotifRejet.choices, blank=True
    )
    rejetee_le = models.DateField(_("rejected on"), null=True, blank=True)
    frais = models.ForeignKey(
        "facturation.Facture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reject fee invoice"),
    )
    rejet_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reject recorded by"),
    )

    objects = LignePrelevementQuerySet.as_manager()

    class Meta:
        verbose_name = _("direct debit")
        verbose_name_plural = _("direct debits")
        ordering = ["remise", "pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def famille_id(self):
        return self.mandat.famille_id

    @property
    def etablissement_id(self):
        return self.remise.etablissement_id
