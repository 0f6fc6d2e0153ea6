"""Tariff grids (issue 12): per Etablissement and school year, the rules that price a
family's course sheets and rentals, and the batch runs that issue the invoices.

Every amount of a grid is ANNUAL and in euros (Decimal); a period (trimester, semester)
bills its share (facturation.tarification). A rule matches a course sheet when each of
its criteria left empty or equal to the sheet's; the most specific matching rule wins.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from facturation.models.factures import ZERO, montant_field
from facturation.sepa_validation import valider_bic, valider_iban, valider_ics
from imuse.champs import auteur


class TypeEnseignement(models.TextChoices):
    FORMATION_MUSICALE = "fm", _("Music theory")
    INSTRUMENT = "instrument", _("Instrument")
    PRATIQUE_COLLECTIVE = "collective", _("Ensemble practice")
    EVEIL = "eveil", _("Music awakening")
    AUTRE = "autre", _("Other teaching")


class Residence(models.TextChoices):
    COMMUNE = "commune", _("Inhabitant of the listed communes")
    HORS_COMMUNE = "hors", _("Not an inhabitant")


class Public(models.TextChoices):
    MINEUR = "mineur", _("Minor")
    ADULTE = "adulte", _("Adult")


class Periode(models.TextChoices):
    """What one batch run bills: the year, or one of its trimesters or semesters."""

    ANNEE = "annee", _("Whole year")
    T1 = "t1", _("1st trimester")
    T2 = "t2", _("2nd trimester")
    T3 = "t3", _("3rd trimester")
    S1 = "s1", _("1st semester")
    S2 = "s2", _("2nd semester")


class GrilleTarifaireQuerySet(models.QuerySet):
    def completes(self):
        return self.select_related("annee", "etablissement").prefetch_related(
            "tranches", "regles__departement", "regles__discipline", "regles__cycle"
        )


class GrilleTarifaire(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    annee = models.OneToOneField(
        "imuse.AnneeScolaire",
        on_delete=models.PROTECT,
        related_name="grille_tarifaire",
        verbose_name=_("school year"),
    )
    communes = models.TextField(
        _("communes of residence"),
        blank=True,
        help_text=_(
            "One commune per line: families living there pay the inhabitants' rate "
            "(the town of guardian 1's address)."
        ),
    )
    frais_famille = montant_field(
        _("fee per family"), default=ZERO, help_text=_("Charged once a year per family.")
    )
    remise_2e = models.DecimalField(
        _("discount for the 2nd pupil (%)"), max_digits=5, decimal_places=2, default=ZERO
    )
    remise_3e = models.DecimalField(
        _("discount for the 3rd pupil and more (%)"), max_digits=5, decimal_places=2, default=ZERO
    )
    plafond_famille = montant_field(
        _("cap per family"),
        null=True,
        blank=True,
        help_text=_("Most a family pays for its courses in a year (fee excluded)."),
    )
    prorata = models.BooleanField(
        _("prorate late enrolments"),
        default=False,
        help_text=_("A pupil enrolled after the start pays the months left only."),
    )

    objects = GrilleTarifaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("tariff grid")
        verbose_name_plural = _("tariff grids")
        ordering = ["-annee__debut"]

    def __str__(self) -> str:
        return str(_("Tariffs %(annee)s") % {"annee": self.annee.libelle})

    def liste_communes(self) -> list[str]:
        return [ligne.strip() for ligne in self.communes.splitlines() if ligne.strip()]


class TrancheQF(models.Model):
    """A quotient familial bracket: a family whose QF is at most `plafond` (the last
    bracket has none) belongs to it; a family with no checked QF to the last."""

    grille = models.ForeignKey(
        GrilleTarifaire, on_delete=models.CASCADE, related_name="tranches", verbose_name=_("grid")
    )
    code = models.CharField(_("code"), max_length=10, help_text=_('For example "A".'))
    plafond = models.PositiveIntegerField(
        _("QF up to"), null=True, blank=True, help_text=_("Empty for the last bracket.")
    )

    class Meta:
        verbose_name = _("quotient familial bracket")
        verbose_name_plural = _("quotient familial brackets")
        ordering = [models.F("plafond").asc(nulls_last=True), "code"]
        constraints = [models.UniqueConstraint(fields=["grille", "code"], name="tranche_qf_unique")]

    def __str__(self) -> str:
        return self.code


class RegleTarif(models.Model):
    grille = models.ForeignKey(
        GrilleTarifaire, on_delete=models.CASCADE, related_name="regles", verbose_name=_("grid")
    )
    libelle = models.CharField(
        _("label"), max_length=100, help_text=_('Printed on the invoice: "Instrument 30 min".')
    )
    type_enseignement = models.CharField(
        _("kind of teaching"), max_length=12, choices=TypeEnseignement.choices
    )
    departement = models.ForeignKey(
        "eleves.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("department"),
    )
    discipline = models.ForeignKey(
        "eleves.Discipline",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("discipline"),
    )
    duree = models.DurationField(
        _("course length"), null=True, blank=True, help_text=_('For example "00:30:00".')
    )
    cycle = models.ForeignKey(
        "eleves.Cycle", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("cycle")
    )
    residence = models.CharField(
        _("residence"), max_length=8, choices=Residence.choices, blank=True
    )
    tranche = models.CharField(
        _("QF bracket"), max_length=10, blank=True, help_text=_("The code of a bracket.")
    )
    public = models.CharField(_("adult or minor"), max_length=8, choices=Public.choices, blank=True)
    montant = montant_field(_("yearly amount"))

    class Meta:
        verbose_name = _("tariff rule")
        verbose_name_plural = _("tariff rules")
        ordering = ["type_enseignement", "libelle", "pk"]

    def __str__(self) -> str:
        return self.libelle

    def specificite(self) -> tuple[int, int]:
        """How precisely the rule names the course (a discipline before a department,
        a department before a length or a cycle), then the family and pupil."""
        cours = (
            4 * bool(self.discipline_id)
            + 2 * bool(self.departement_id)
            + bool(self.duree)
            + bool(self.cycle_id)
        )
        return cours, bool(self.residence) + bool(self.tranche) + bool(self.public)

    def description(self) -> str:
        """The rule as the invoice names it: label and every criterion set."""
        parties = [self.libelle]
        if self.cycle_id:
            parties.append(str(self.cycle))
        if self.residence:
            parties.append(str(self.get_residence_display()))
        if self.tranche:
            parties.append(str(_("QF %(code)s") % {"code": self.tranche}))
        if self.public:
            parties.append(str(self.get_public_display()))
        return " · ".join(parties)


class TarifLocation(models.Model):
    """The yearly rent of an instrument category (Instrument.categorie)."""

    grille = models.ForeignKey(
        GrilleTarifaire,
        on_delete=models.CASCADE,
        related_name="tarifs_location",
        verbose_name=_("grid"),
    )
    categorie = models.CharField(_("instrument category"), max_length=50)
    montant = montant_field(_("yearly rent"))

    class Meta:
        verbose_name = _("rental rate")
        verbose_name_plural = _("rental rates")
        ordering = ["categorie"]
        constraints = [
            models.UniqueConstraint(fields=["grille", "categorie"], name="tarif_location_unique")
        ]

    def __str__(self) -> str:
        return self.categorie


class ParametresFacturation(models.Model):
    """A school's invoicing options (apart from online payment)."""

    etablissement = models.OneToOneField(
        "imuse.Etablissement",
        on_delete=models.CASCADE,
        related_name="parametres_facturation",
        verbose_name=_("school"),
    )
    recu_par_email = models.BooleanField(
        _("e-mail a receipt for every payment"),
        default=False,
        help_text=_("Cheque, cash, transfer, direct debit: the family gets its receipt."),
    )
    delai_paiement = models.PositiveSmallIntegerField(
        _("days to pay"), default=30, help_text=_("The due date of an invoice of a batch run.")
    )
    # Direct debit (issue 12): the school as creditor of its collection files.
    ics = models.CharField(
        _("creditor identifier (ICS)"),
        max_length=13,
        blank=True,
        validators=[valider_ics],
        help_text=_("Given by the bank: FR, two check digits, three characters, six digits."),
    )
    iban_creancier = models.CharField(
        _("IBAN of the school's account"), max_length=34, blank=True, validators=[valider_iban]
    )
    bic_creancier = models.CharField(
        _("BIC of the school's bank"), max_length=11, blank=True, validators=[valider_bic]
    )
    frais_rejet = models.DecimalField(
        _("fee for a rejected direct debit"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("Invoiced to the family at each reject; 0: no fee."),
    )
    frais_rejet_preleves = models.BooleanField(
        _("collect the fee with the next direct debit"),
        default=True,
        help_text=_("Yes: the fee invoice is an instalment of the next collection file."),
    )

    class Meta:
        verbose_name = _("invoicing settings")
        verbose_name_plural = _("invoicing settings")

    def __str__(self) -> str:
        return str(self.etablissement)


class LotFacturation(models.Model):
    """One run of "Invoice the year" (or a period): its progress and its report."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "attente", _("waiting")
        EN_COURS = "en_cours", _("running")
        TERMINE = "termine", _("finished")
        ECHEC = "echec", _("failed")

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    grille = models.ForeignKey(
        GrilleTarifaire, on_delete=models.PROTECT, related_name="lots", verbose_name=_("grid")
    )
    periode = models.CharField(_("period"), max_length=6, choices=Periode.choices)
    date_emission = models.DateField(_("issue date"))
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    total = models.PositiveIntegerField(_("families"), default=0)
    traitees = models.PositiveIntegerField(_("families processed"), default=0)
    factures = models.PositiveIntegerField(_("invoices issued"), default=0)
    montant = montant_field(_("amount invoiced"), default=ZERO)
    non_tarifees = models.JSONField(_("families not priced"), default=list, blank=True)
    erreurs = models.JSONField(_("errors"), default=list, blank=True)
    cree_par = auteur(_("started by"))
    cree_le = models.DateTimeField(_("started on"), auto_now_add=True)
    termine_le = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch invoicing")
        verbose_name_plural = _("batch invoicing")
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.grille.annee.libelle} — {self.get_periode_display()}"

    @property
    def progression(self) -> int:
        """Percentage of the families processed."""
        return 100 if not self.total else round(100 * self.traitees / self.total)
