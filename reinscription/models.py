"""Online re-enrolment: a school's campaign, the documents it asks for, each pupil's
request and the files the family uploads (DESIGN §6 for the files)."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from imuse.storage import FichierVerifieField, private_storage


class CampagneQuerySet(models.QuerySet):
    def du_site(self, etablissement):
        return self.filter(etablissement=etablissement)

    def ouvertes(self, etablissement, jour: date | None = None):
        """Active campaigns of a site whose dates include `jour` (today by default)."""
        jour = jour or timezone.localdate()
        return self.filter(
            etablissement=etablissement, active=True, ouverture__lte=jour, cloture__gte=jour
        )


class Campagne(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement",
        on_delete=models.CASCADE,
        related_name="campagnes_reinscription",
        verbose_name=_("school"),
    )
    annee = models.ForeignKey(
        "imuse.AnneeScolaire",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("target school year"),
        help_text=_("The year the pupils re-enrol for."),
    )
    ouverture = models.DateField(_("opening date"))
    cloture = models.DateField(_("closing date"))
    active = models.BooleanField(
        _("active"),
        default=False,
        help_text=_("Families see the Re-enrolment tab only while active and between the dates."),
    )
    texte_accueil = models.TextField(
        _("welcome text"), blank=True, help_text=_("Shown at the top of the re-enrolment page.")
    )
    # The daily command notifier_campagnes tells the families once of each (idempotent).
    ouverture_notifiee_le = models.DateTimeField(
        _("opening announced on"), null=True, blank=True, editable=False
    )
    cloture_notifiee_le = models.DateTimeField(
        _("closing reminder sent on"), null=True, blank=True, editable=False
    )

    objects = CampagneQuerySet.as_manager()

    class Meta:
        verbose_name = _("re-enrolment campaign")
        verbose_name_plural = _("re-enrolment campaigns")
        ordering = ["-ouverture"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cloture__gte=models.F("ouverture")),
                name="campagne_cloture_apres_ouverture",
            ),
            models.UniqueConstraint(
                fields=["etablissement", "annee"], name="une_campagne_par_annee_cible"
            ),
        ]

    def __str__(self) -> str:
        return _("Re-enrolment %(annee)s") % {"annee": self.annee}

    def clean(self) -> None:
        if self.ouverture and self.cloture and self.cloture < self.ouverture:
            raise ValidationError({"cloture": _("The closing date must follow the opening date.")})
        if (
            self.annee_id
            and self.etablissement_id
            and self.annee.etablissement_id != self.etablissement_id
        ):
            raise ValidationError({"annee": _("Choose a school year of the same school.")})

    def est_ouverte(self, jour: date | None = None) -> bool:
        jour = jour or timezone.localdate()
        return self.active and self.ouverture <= jour <= self.cloture


class TypePiece(models.Model):
    """A kind of supporting document: proof of address, identity photo…"""

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, verbose_name=_("school")
    )
    nom = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("type of document")
        verbose_name_plural = _("types of document")
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(fields=["etablissement", "nom"], name="type_piece_unique")
        ]

    def __str__(self) -> str:
        return self.nom


class PieceAFournir(models.Model):
    """A document a campaign asks for, once per family or once per pupil, optionally
    only from pupils of a discipline or a department (a medical certificate for dance)."""

    class Portee(models.TextChoices):
        FAMILLE = "famille", _("Family")
        ELEVE = "eleve", _("Pupil")

    campagne = models.ForeignKey(
        Campagne, on_delete=models.CASCADE, related_name="pieces", verbose_name=_("campaign")
    )
    type_piece = models.ForeignKey(
        TypePiece, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    portee = models.CharField(
        _("asked for each"), max_length=10, choices=Portee.choices, default=Portee.FAMILLE
    )
    discipline = models.ForeignKey(
        "eleves.Discipline",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for the discipline"),
    )
    departement = models.ForeignKey(
        "eleves.Departement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for the department"),
    )
    ordre = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("document to provide")
        verbose_name_plural = _("documents to provide")
        ordering = ["ordre", "pk"]

    def __str__(self) -> str:
        return self.libelle

    @property
    def libelle(self) -> str:
        restriction = self.discipline or self.departement
        if restriction:
            pour = _("for %(nom)s") % {"nom": restriction.nom}
            return f"{self.type_piece.nom} ({pour})"
        return self.type_piece.nom

    def clean(self) -> None:
        if self.discipline_id and self.departement_id:
            raise ValidationError(_("Choose a discipline or a department, not both."))

    def concerne(self, disciplines: set[int], departements: set[int]) -> bool:
        """Whether a pupil following these disciplines and departments must provide it."""
        if self.discipline_id:
            return self.discipline_id in disciplines
        if self.departement_id:
            return self.departement_id in departements
        return True


class DemandeReinscriptionQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(eleve__famille=famille)

    def du_site(self, etablissement):
        return self.filter(campagne__etablissement=etablissement)


class DemandeReinscription(models.Model):
    class Etat(models.TextChoices):
        BROUILLON = "brouillon", _("draft")
        EN_ATTENTE = "en_attente", _("waiting for validation")
        VALIDEE = "validee", _("validated")
        REFUSEE = "refusee", _("refused")

    campagne = models.ForeignKey(
        Campagne, on_delete=models.CASCADE, related_name="demandes", verbose_name=_("campaign")
    )
    eleve = models.ForeignKey(
        "eleves.Eleve",
        on_delete=models.CASCADE,
        related_name="demandes_reinscription",
        verbose_name=_("pupil"),
    )
    administrative = models.BooleanField(_("administrative re-enrolment"), default=False)
    inscriptions = models.ManyToManyField(
        "eleves.Inscription",
        blank=True,
        related_name="+",
        verbose_name=_("courses to re-enrol in"),
        help_text=_("The pupil's current course sheets ticked by the family."),
    )
    texte = models.TextField(_("other requests"), blank=True)
    etat = models.CharField(_("state"), max_length=12, choices=Etat.choices, default=Etat.BROUILLON)
    motif_refus = models.TextField(_("reason for refusal"), blank=True)
    cree_le = models.DateTimeField(_("created on"), auto_now_add=True)
    modifiee_le = models.DateTimeField(_("updated on"), auto_now=True)
    soumise_le = models.DateTimeField(_("submitted on"), null=True, blank=True)
    soumise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    traitee_le = models.DateTimeField(_("processed on"), null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("processed by"),
    )

    objects = DemandeReinscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("re-enrolment request")
        verbose_name_plural = _("re-enrolment requests")
        ordering = ["-soumise_le", "-cree_le"]
        constraints = [
            models.UniqueConstraint(fields=["campagne", "eleve"], name="une_demande_par_eleve")
        ]
        indexes = [
            models.Index(fields=["campagne", "etat"]),
            # The admin list's order: its page walks this index and stops at 50 rows.
            models.Index(fields=["-soumise_le", "-cree_le", "-id"], name="demande_soumise_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.eleve} — {self.campagne}"

    def memes_choix(self, *, administrative: bool, inscriptions, texte: str) -> bool:
        """Whether these ticks and text are the saved ones."""
        return (
            self.administrative == administrative
            and self.texte == texte
            and self.coches() == {i.pk for i in inscriptions}
        )

    def coches(self) -> set[int]:
        """The pks of the course sheets it ticks: its `inscriptions_cochees` when read with
        them (the portal's tab, an upload), else a query."""
        ids = getattr(self, "inscriptions_cochees", None)
        if ids is None:  # read once, kept as the annotation would have been
            ids = self.inscriptions_cochees = list(
                self.inscriptions.order_by("pk").values_list("pk", flat=True)
            )
        return set(ids)

    @property
    def famille_id(self) -> int:
        """The journal files a request under the pupil's family and the campaign's school."""
        return self.eleve.famille_id

    @property
    def etablissement_id(self) -> int:
        return self.campagne.etablissement_id

    @property
    def decidee(self) -> bool:
        return self.etat in (self.Etat.VALIDEE, self.Etat.REFUSEE)


def _chemin_piece(instance: PieceJointe, nom: str) -> str:
    """A generated name: the family's file name is never used on disk."""
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"reinscription/{instance.piece.campagne_id}/{uuid.uuid4().hex}.{extension}"


class PieceJointeQuerySet(models.QuerySet):
    def de_la_famille(self, famille):
        return self.filter(famille=famille)

    def du_site(self, etablissement):
        return self.filter(piece__campagne__etablissement=etablissement)


class PieceJointe(models.Model):
    """A file a family uploaded for a document asked by a campaign: once per family
    (`eleve` empty) or once per pupil."""

    class Etat(models.TextChoices):
        A_FOURNIR = "a_fournir", _("to provide")
        FOURNIE = "fournie", _("provided")
        VALIDEE = "validee", _("validated")
        REFUSEE = "refusee", _("refused")

    piece = models.ForeignKey(
        PieceAFournir, on_delete=models.CASCADE, related_name="fichiers", verbose_name=_("document")
    )
    famille = models.ForeignKey(
        "famille.Famille", on_delete=models.CASCADE, related_name="+", verbose_name=_("family")
    )
    eleve = models.ForeignKey(
        "eleves.Eleve",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pupil"),
    )
    fichier = FichierVerifieField(
        _("file"), upload_to=_chemin_piece, storage=private_storage, max_length=200
    )
    nom_original = models.CharField(_("file name"), max_length=200)
    taille = models.PositiveIntegerField(_("size (bytes)"), default=0)
    type_mime = models.CharField(_("type"), max_length=50)
    deposee_le = models.DateTimeField(_("uploaded on"), default=timezone.now)
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    etat = models.CharField(_("state"), max_length=10, choices=Etat.choices, default=Etat.FOURNIE)
    motif_refus = models.CharField(_("reason for refusal"), max_length=255, blank=True)
    traitee_le = models.DateTimeField(_("processed on"), null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("processed by"),
    )

    objects = PieceJointeQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["piece__ordre", "piece_id", "eleve_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["piece", "famille"],
                condition=Q(eleve__isnull=True),
                name="un_fichier_par_piece_famille",
            ),
            models.UniqueConstraint(
                fields=["piece", "eleve"],
                condition=Q(eleve__isnull=False),
                name="un_fichier_par_piece_eleve",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.piece} — {self.nom_original}"

    @property
    def modifiable(self) -> bool:
        """The family may delete or replace the file until staff validate it."""
        return self.etat != self.Etat.VALIDEE

    @property
    def taille_mo(self) -> str:
        """'0,05': megabytes rounded up, so that a small file never reads 0,00."""
        from imuse.televersement import taille_en_mo

        return taille_en_mo(self.taille)


class Action(models.TextChoices):
    """What the journal records of a request (actions "reinscription.<value>")."""

    ENREGISTREE = "enregistree", _("saved")
    SOUMISE = "soumise", _("submitted")
    PIECE_DEPOSEE = "piece_deposee", _("document uploaded")
    PIECE_SUPPRIMEE = "piece_supprimee", _("document deleted")
    PIECE_VALIDEE = "piece_validee", _("document validated")
    PIECE_REFUSEE = "piece_refusee", _("document refused")
    VALIDEE = "validee", _("request validated")
    REFUSEE = "refusee", _("request refused")


class EnvoiCampagne(models.Model):
    """The mailing of a campaign to every family of its school, run as a background task:
    progress while it runs, a report at the end."""

    class Nature(models.TextChoices):
        OUVERTURE = "ouverture", _("opening")
        CLOTURE = "cloture", _("closing in 7 days")

    class Statut(models.TextChoices):
        EN_ATTENTE = "attente", _("waiting")
        EN_COURS = "en_cours", _("running")
        TERMINE = "termine", _("finished")
        ECHEC = "echec", _("failed")

    campagne = models.ForeignKey(
        Campagne, on_delete=models.CASCADE, related_name="envois", verbose_name=_("campaign")
    )
    nature = models.CharField(_("kind"), max_length=10, choices=Nature.choices)
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    total = models.PositiveIntegerField(_("families"), default=0)
    traitees = models.PositiveIntegerField(_("families processed"), default=0)
    messages = models.PositiveIntegerField(_("e-mails sent"), default=0)
    sans_adresse = models.PositiveIntegerField(_("families without a usable address"), default=0)
    erreurs = models.JSONField(_("errors"), default=list, blank=True)
    cree_le = models.DateTimeField(_("started on"), auto_now_add=True)
    termine_le = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign mailing")
        verbose_name_plural = _("campaign mailings")
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.campagne} — {self.get_nature_display()}"

    @property
    def etablissement_id(self) -> int:
        return self.campagne.etablissement_id

    @property
    def progression(self) -> int:
        """Percentage of the families processed."""
        return 100 if not self.total else round(100 * self.traitees / self.total)


class ValidationGroupee(models.Model):
    """Staff validating a selection of requests at once, run as a background task:
    progress while it runs, then a report of what was placed and what was not."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "attente", _("waiting")
        EN_COURS = "en_cours", _("running")
        TERMINE = "termine", _("finished")
        ECHEC = "echec", _("failed")

    etablissement = models.ForeignKey(
        "imuse.Etablissement", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    demandes = models.JSONField(_("requests"), default=list)
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    total = models.PositiveIntegerField(_("requests"), default=0)
    traitees = models.PositiveIntegerField(_("requests processed"), default=0)
    fiches = models.PositiveIntegerField(_("course sheets placed"), default=0)
    non_placees = models.PositiveIntegerField(_("course sheets not placed"), default=0)
    # One entry per request: {"demande", "eleve", "places", "non_places", "erreur"}.
    rapport = models.JSONField(_("report"), default=list, blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    cree_le = models.DateTimeField(_("started on"), auto_now_add=True)
    termine_le = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk validation")
        verbose_name_plural = _("bulk validations")
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return ngettext(
            "Validation of %(n)d request", "Validation of %(n)d requests", self.total
        ) % {"n": self.total}

    @property
    def progression(self) -> int:
        return 100 if not self.total else round(100 * self.traitees / self.total)
