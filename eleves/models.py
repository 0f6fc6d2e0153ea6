"""Pupils and their teaching records: courses, course sheets, evaluations, absences,
repertoire and documents."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from famille.models import Civilite, Personne
from imuse.storage import FichierVerifieField, private_storage


def nouveau_jeton() -> str:
    return secrets.token_urlsafe(24)


class EleveQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(famille=famille)


class Eleve(Personne):
    """A pupil; identity and contact fields come from Personne (shared with Responsable)."""

    famille = models.ForeignKey(
        "famille.Famille", on_delete=models.CASCADE, related_name="eleves", verbose_name=_("family")
    )
    # The school's own pupil number (N° élève), unique within a site: imports key on it.
    numero = models.PositiveIntegerField(_("pupil number"), null=True, blank=True, db_index=True)
    date_naissance = models.DateField(_("date of birth"), null=True, blank=True)
    lieu_naissance = models.CharField(_("place of birth"), max_length=100, blank=True)
    utiliser_coordonnees_responsable = models.BooleanField(
        _("use the legal guardian's contact details"), default=True
    )
    personne_a_prevenir = models.CharField(_("person to notify"), max_length=150, blank=True)
    tel_urgence = models.CharField(_("emergency phone"), max_length=20, blank=True)
    droit_image = models.BooleanField(_("image rights"), default=False)
    autorisation_sortie = models.BooleanField(_("permission to leave alone"), default=False)
    # Secret of the private iCal feed; renewing it voids the old link.
    jeton_ical = models.CharField(max_length=64, unique=True, default=nouveau_jeton, editable=False)

    objects = EleveQuerySet.as_manager()

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["nom", "prenom"]
        # The admin's list order (nom, prenom, then -pk that the admin adds): the list walks
        # it and stops at its page instead of sorting every pupil of the site.
        indexes = [
            models.Index(fields=["nom", "prenom", "-id"], name="eleve_nom_prenom_idx"),
            # A header click sorts by (column, id) both ways (imuse/admin_tri.py).
            models.Index(fields=["nom", "id"], name="eleve_tri_nom_idx"),
            models.Index(fields=["prenom", "id"], name="eleve_tri_prenom_idx"),
            models.Index(fields=["numero", "id"], name="eleve_tri_numero_idx"),
            models.Index(fields=["date_naissance", "id"], name="eleve_tri_naissance_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nom.upper()} {self.prenom}"

    def clean(self):
        super().clean()
        # Unique per site: the site is the family's, so no database constraint can say it.
        if self.numero is not None and self.famille_id:
            doublon = (
                Eleve.objects.filter(
                    numero=self.numero, famille__etablissement_id=self.famille.etablissement_id
                )
                .exclude(pk=self.pk)
                .exists()
            )
            if doublon:
                raise ValidationError(
                    {"numero": _("Another pupil of this school has this number.")}
                )


class Departement(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    nom = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Discipline(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        related_name="disciplines",
        verbose_name=_("department"),
    )
    nom = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Cycle(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    code = models.CharField(_("code"), max_length=20)
    nom = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Enseignant(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    civilite = models.CharField(_("title"), max_length=3, choices=Civilite.choices, blank=True)
    nom = models.CharField(_("last name"), max_length=100)
    prenom = models.CharField(_("first name"), max_length=100)

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["nom", "prenom"]

    def __str__(self) -> str:
        return f"{self.nom.upper()} {self.prenom}"


class Salle(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    nom = models.CharField(_("name"), max_length=100)
    lieu = models.CharField(_("place"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["nom"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.lieu})" if self.lieu else self.nom


class Jour(models.IntegerChoices):
    LUNDI = 1, _("Monday")
    MARDI = 2, _("Tuesday")
    MERCREDI = 3, _("Wednesday")
    JEUDI = 4, _("Thursday")
    VENDREDI = 5, _("Friday")
    SAMEDI = 6, _("Saturday")
    DIMANCHE = 7, _("Sunday")


class Cours(models.Model):
    annee = models.ForeignKey(
        "imuse.AnneeScolaire",
        on_delete=models.PROTECT,
        related_name="cours",
        verbose_name=_("year"),
    )
    code = models.CharField(_("code"), max_length=50, help_text=_('For example "FM 2C4 A".'))
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="cours", verbose_name=_("discipline")
    )
    enseignant = models.ForeignKey(
        Enseignant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cours",
        verbose_name=_("teacher"),
    )
    cycle = models.ForeignKey(
        Cycle, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("cycle")
    )
    salle = models.ForeignKey(
        Salle, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("room")
    )
    jour = models.PositiveSmallIntegerField(_("day"), choices=Jour.choices, null=True, blank=True)
    heure = models.TimeField(_("time"), null=True, blank=True)
    duree = models.DurationField(_("duration"), default=timedelta(hours=1))

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["annee", "code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.annee})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A course moved to another year takes its sheets along (Inscription.annee).
        self.inscriptions.exclude(annee_id=self.annee_id).update(annee_id=self.annee_id)


class InscriptionQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(eleve__famille=famille)

    def de_l_eleve(self, eleve):
        """A pupil's course sheets with what every page about them shows."""
        return self.filter(eleve=eleve).select_related(
            "cours__annee",
            "cours__discipline__departement",
            "cours__enseignant",
            "cours__cycle",
            "cours__salle",
        )

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        annees = dict(
            Cours.objects.filter(pk__in={o.cours_id for o in objs}).values_list("pk", "annee_id")
        )
        for o in objs:
            o.annee_id = annees.get(o.cours_id)
        return super().bulk_create(objs, *args, **kwargs)

    def de_l_annee_courante(self, etablissement_id: int):
        """The sheets of the site's current school year ("this year's courses")."""
        return self.filter(
            cours__annee__etablissement_id=etablissement_id, cours__annee__courante=True
        )


class Inscription(models.Model):
    """The course sheet of one pupil in one course in one year."""

    class Situation(models.TextChoices):
        ACTIF = "actif", _("ACTIVE")
        INACTIF = "inactif", _("INACTIVE")
        ABANDON = "abandon", _("DROPPED OUT")

    eleve = models.ForeignKey(
        Eleve, on_delete=models.CASCADE, related_name="inscriptions", verbose_name=_("pupil")
    )
    cours = models.ForeignKey(
        Cours, on_delete=models.PROTECT, related_name="inscriptions", verbose_name=_("course")
    )
    # The course's year, stored on the sheet (save, bulk_create and Cours.save keep it):
    # the admin lists, filters and scopes a site's 1.6 million sheets on this table's own
    # indexes instead of joining the course and its year first.
    annee = models.ForeignKey(
        "imuse.AnneeScolaire",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("year"),
        editable=False,
        db_index=False,  # inscription_annee_idx below leads with it
    )
    heure_passage = models.TimeField(_("time slot"), null=True, blank=True)
    date_debut = models.DateField(_("from"), null=True, blank=True)
    date_fin = models.DateField(_("to"), null=True, blank=True)
    nb_heures = models.DurationField(_("hours planned"), null=True, blank=True)
    nb_heures_effectuees = models.DurationField(_("hours done"), null=True, blank=True)
    horaires_amenages = models.BooleanField(_("adapted timetable"), default=False)
    situation_activite = models.CharField(
        _("activity status"), max_length=10, choices=Situation.choices, default=Situation.ACTIF
    )
    motif = models.CharField(_("reason"), max_length=200, blank=True)
    premier_instrument = models.BooleanField(_("first instrument"), default=False)
    moyenne = models.DecimalField(
        _("average"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    moyenne_lettree = models.CharField(_("letter average"), max_length=10, blank=True)
    mention = models.CharField(_("distinction"), max_length=100, blank=True)
    resultat_classe = models.CharField(_("class result"), max_length=100, blank=True)
    resultat_cycle = models.CharField(_("cycle result"), max_length=100, blank=True)
    admission_classe = models.CharField(_("class admission"), max_length=100, blank=True)
    admission_cycle = models.CharField(_("cycle admission"), max_length=100, blank=True)
    commentaire = models.TextField(_("comment"), blank=True)

    objects = InscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("course sheet")
        verbose_name_plural = _("course sheets")
        ordering = ["-cours__annee__debut", "cours__code"]
        constraints = [
            models.UniqueConstraint(fields=["eleve", "cours"], name="une_fiche_par_eleve_et_cours")
        ]
        # The admin list: newest sheets first, by year, by activity status.
        indexes = [
            models.Index(fields=["annee", "-id"], name="inscription_annee_idx"),
            models.Index(fields=["situation_activite", "-id"], name="inscription_situation_idx"),
            models.Index(fields=["moyenne", "id"], name="inscription_tri_moyenne_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.eleve} — {self.cours}"

    def save(self, *args, **kwargs):
        champs = kwargs.get("update_fields")
        if champs is None or "cours" in champs or "cours_id" in champs:
            if Inscription.cours.is_cached(self) and self.cours.pk == self.cours_id:
                self.annee_id = self.cours.annee_id
            else:
                self.annee_id = (
                    Cours.objects.filter(pk=self.cours_id)
                    .values_list("annee_id", flat=True)
                    .first()
                )
            if champs is not None:
                kwargs["update_fields"] = {*champs, "annee"}
        super().save(*args, **kwargs)


class Evaluation(models.Model):
    inscription = models.ForeignKey(
        Inscription,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("course sheet"),
    )
    type_evaluation = models.CharField(_("type of evaluation"), max_length=100)
    date = models.DateField(_("date"))
    critere = models.CharField(_("criterion"), max_length=100, blank=True)
    note = models.DecimalField(_("mark"), max_digits=6, decimal_places=2, null=True, blank=True)
    denominateur = models.DecimalField(_("denominator"), max_digits=6, decimal_places=2, default=20)
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2, default=1)
    lettre = models.CharField(_("letter"), max_length=10, blank=True)
    mention = models.CharField(_("distinction"), max_length=100, blank=True)
    appreciation = models.TextField(_("appreciation"), blank=True)
    choix = models.CharField(_("choice"), max_length=100, blank=True)
    absent = models.BooleanField(_("absent"), default=False)
    publiee = models.BooleanField(
        _("published"), default=False, help_text=_("Shown to the family only once published.")
    )
    publiee_le = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    # The daily digest (command notifier_evaluations) marks what it has told the family.
    notifiee_le = models.DateTimeField(_("notified on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.type_evaluation} {self.date:%d/%m/%Y}"


class Absence(models.Model):
    inscription = models.ForeignKey(
        Inscription,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("course sheet"),
    )
    date = models.DateField(_("date"))
    heure = models.TimeField(_("time"), null=True, blank=True)
    duree = models.DurationField(_("duration"), null=True, blank=True)
    justifiee = models.BooleanField(_("justified"), default=False)
    motif = models.CharField(_("reason"), max_length=200, blank=True)
    definitive = models.BooleanField(
        _("final"), default=False, help_text=_("Shown to the family only once final.")
    )

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-date", "-heure"]

    def __str__(self) -> str:
        return f"{self.inscription.eleve} {self.date:%d/%m/%Y}"


class PieceRepertoire(models.Model):
    eleve = models.ForeignKey(
        Eleve, on_delete=models.CASCADE, related_name="repertoire", verbose_name=_("pupil")
    )
    titre = models.CharField(pgettext_lazy("piece or document", "title"), max_length=200)
    compositeur = models.CharField(_("composer"), max_length=150, blank=True)
    discipline = models.ForeignKey(
        Discipline, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("discipline")
    )
    annee = models.ForeignKey(
        "imuse.AnneeScolaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("year"),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    commentaire = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("repertoire piece")
        verbose_name_plural = _("repertoire")
        ordering = ["-date", "titre"]

    def __str__(self) -> str:
        return self.titre


class DocumentEleve(models.Model):
    class Type(models.TextChoices):
        BULLETIN = "bulletin", _("Report")
        ATTESTATION = "attestation", _("Certificate of attendance")
        CERTIFICAT = "certificat", _("Certificate")
        AUTRE = "autre", _("Other")

    eleve = models.ForeignKey(
        Eleve, on_delete=models.CASCADE, related_name="documents", verbose_name=_("pupil")
    )
    type_document = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.BULLETIN
    )
    titre = models.CharField(pgettext_lazy("piece or document", "title"), max_length=200)
    annee = models.ForeignKey(
        "imuse.AnneeScolaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("year"),
    )
    fichier = FichierVerifieField(_("file"), upload_to="documents/%Y/", storage=private_storage)
    nom_original = models.CharField(_("file name"), max_length=255, blank=True)
    visible_famille = models.BooleanField(_("published to the family"), default=False)
    publie_le = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    cree_le = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        verbose_name = _("pupil document")
        verbose_name_plural = _("pupil documents")
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return self.titre


# Absences declared by families, closures and cancelled sessions (a module of their own).
from eleves.agenda_models import AbsenceSignalee, PeriodeFermeture, SeanceAnnulee  # noqa: E402
from eleves.saisie_models import DepotBulletins  # noqa: E402

__all__ = [
    "Absence",
    "AbsenceSignalee",
    "Cours",
    "Cycle",
    "Departement",
    "DepotBulletins",
    "Discipline",
    "DocumentEleve",
    "Eleve",
    "Enseignant",
    "Evaluation",
    "Inscription",
    "Jour",
    "PeriodeFermeture",
    "PieceRepertoire",
    "Salle",
    "SeanceAnnulee",
    "nouveau_jeton",
]
