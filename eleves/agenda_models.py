"""What changes a pupil's weekly timetable: holidays and closures, cancelled sessions
(with their replacement), and the absences a family declares ahead."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PeriodeFermetureQuerySet(models.QuerySet):
    def de_l_annee(self, annee):
        return self.filter(annee=annee)

    def contient(self, jour: dt.date):
        return self.filter(debut__lte=jour, fin__gte=jour)


class PeriodeFermeture(models.Model):
    """Days without lessons in a school year: official holidays of the school's zone and
    public holidays (loaded from eleves/donnees/), or the school's own closures."""

    class Origine(models.TextChoices):
        VACANCES = "vacances", _("official school holidays")
        FERIE = "ferie", _("public holiday")
        ETABLISSEMENT = "etablissement", _("closure of the school")

    annee = models.ForeignKey(
        "imuse.AnneeScolaire",
        on_delete=models.CASCADE,
        related_name="fermetures",
        verbose_name=_("year"),
    )
    libelle = models.CharField(_("label"), max_length=150)
    debut = models.DateField(_("first day"))
    fin = models.DateField(_("last day"))
    origine = models.CharField(
        _("origin"), max_length=15, choices=Origine.choices, default=Origine.ETABLISSEMENT
    )

    objects = PeriodeFermetureQuerySet.as_manager()

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("holidays and closures")
        ordering = ["annee", "debut"]
        constraints = [
            models.CheckConstraint(condition=Q(fin__gte=models.F("debut")), name="fermeture_ordre")
        ]

    def __str__(self) -> str:
        return f"{self.libelle} ({self.debut:%d/%m/%Y} – {self.fin:%d/%m/%Y})"

    def couvre(self, jour: dt.date) -> bool:
        return self.debut <= jour <= self.fin


class SeanceAnnuleeQuerySet(models.QuerySet):
    def du_cours(self, cours):
        return self.filter(cours=cours)


class SeanceAnnulee(models.Model):
    """One occurrence of a weekly course that will not take place, and where and when it
    is made up, if it is."""

    cours = models.ForeignKey(
        "eleves.Cours",
        on_delete=models.CASCADE,
        related_name="annulations",
        verbose_name=_("course"),
    )
    date = models.DateField(_("date of the cancelled session"))
    motif = models.CharField(_("reason"), max_length=200)
    remplacement_date = models.DateField(_("replacement date"), null=True, blank=True)
    remplacement_heure = models.TimeField(_("replacement time"), null=True, blank=True)
    remplacement_salle = models.ForeignKey(
        "eleves.Salle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replacement room"),
    )
    annulee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    annulee_le = models.DateTimeField(_("cancelled on"), auto_now_add=True)

    objects = SeanceAnnuleeQuerySet.as_manager()

    class Meta:
        verbose_name = _("cancelled session")
        verbose_name_plural = _("cancelled sessions")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["cours", "date"], name="une_annulation_par_seance")
        ]

    def __str__(self) -> str:
        return f"{self.cours.code} {self.date:%d/%m/%Y}"

    @property
    def a_un_remplacement(self) -> bool:
        return self.remplacement_date is not None


class AbsenceSignaleeQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(eleve__famille=famille)

    def du_site(self, etablissement):
        return self.filter(eleve__famille__etablissement=etablissement)

    def en_cours(self):
        """Not withdrawn."""
        return self.exclude(statut=AbsenceSignalee.Statut.RETIREE)

    def chevauchant(self, debut: dt.date, fin: dt.date):
        return self.filter(debut__lte=fin, fin__gte=debut)

    def pour_inscription(self, inscription):
        """The declarations that concern a course sheet: every course of the pupil, or
        this one chosen, within the course's year."""
        annee = inscription.cours.annee
        return (
            self.en_cours()
            .filter(eleve_id=inscription.eleve_id)
            .filter(Q(tous_les_cours=True) | Q(inscriptions=inscription))
            .chevauchant(annee.debut, annee.fin)
            .distinct()
        )


class AbsenceSignalee(models.Model):
    """An absence a guardian declares ahead: a date or a range, all courses or some."""

    class Statut(models.TextChoices):
        SIGNALEE = "signalee", _("reported by the family")
        JUSTIFIEE = "justifiee", _("justified")
        NON_JUSTIFIEE = "non_justifiee", _("not justified")
        RETIREE = "retiree", _("withdrawn by the family")

    eleve = models.ForeignKey(
        "eleves.Eleve",
        on_delete=models.CASCADE,
        related_name="absences_signalees",
        verbose_name=_("pupil"),
    )
    debut = models.DateField(_("from"))
    fin = models.DateField(_("to"))
    tous_les_cours = models.BooleanField(_("all courses"), default=True)
    inscriptions = models.ManyToManyField(
        "eleves.Inscription",
        blank=True,
        related_name="absences_signalees",
        verbose_name=_("courses concerned"),
    )
    motif = models.CharField(_("reason"), max_length=200)
    statut = models.CharField(
        _("status"), max_length=15, choices=Statut.choices, default=Statut.SIGNALEE
    )
    signalee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    signalee_le = models.DateTimeField(_("reported on"), auto_now_add=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("processed by"),
    )
    traitee_le = models.DateTimeField(_("processed on"), null=True, blank=True)

    objects = AbsenceSignaleeQuerySet.as_manager()

    class Meta:
        verbose_name = _("absence reported by the family")
        verbose_name_plural = _("absences reported by families")
        ordering = ["-debut", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(fin__gte=models.F("debut")), name="absence_ordre")
        ]
        indexes = [models.Index(fields=["debut", "fin"])]

    def __str__(self) -> str:
        if self.debut == self.fin:
            return f"{self.eleve} {self.debut:%d/%m/%Y}"
        return f"{self.eleve} {self.debut:%d/%m/%Y} – {self.fin:%d/%m/%Y}"

    @property
    def famille_id(self) -> int:
        return self.eleve.famille_id

    def retirable(self, aujourd_hui: dt.date) -> bool:
        """The family may withdraw it while its first day has not passed."""
        return self.statut == self.Statut.SIGNALEE and self.debut >= aujourd_hui
