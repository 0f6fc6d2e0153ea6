"""The core every app shares: the school (Etablissement), its school years, and the
pending-modification requests that families submit on their records."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imuse.storage import ImageVerifieeField, private_storage


class Etablissement(models.Model):
    nom = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    adresse = models.CharField(_("address"), max_length=255, blank=True)
    code_postal = models.CharField(_("postal code"), max_length=10, blank=True)
    ville = models.CharField(_("town"), max_length=100, blank=True)
    telephone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    site_web = models.URLField(_("website"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    logo = ImageVerifieeField(_("logo"), upload_to="logos/", storage=private_storage, blank=True)
    mentions_facture = models.TextField(_("invoice legal mentions"), blank=True)
    # The official school-holiday zone (eleves/donnees/vacances_scolaires.json).
    zone_vacances = models.CharField(
        _("school holiday zone"),
        max_length=1,
        choices=[("A", _("Zone A")), ("B", _("Zone B")), ("C", _("Zone C"))],
        blank=True,
        help_text=_("The official holidays of this zone are left out of the calendars."),
    )
    # The privacy page (imuse/views.confidentialite): what the GDPR asks a controller to say.
    rgpd_responsable = models.TextField(
        _("data controller"), blank=True, help_text=_("Who is responsible for the data.")
    )
    rgpd_finalites = models.TextField(_("purposes of the processing"), blank=True)
    rgpd_conservation = models.TextField(_("retention periods"), blank=True)
    rgpd_droits = models.TextField(_("rights of the persons concerned"), blank=True)
    rgpd_contact = models.TextField(
        _("data protection contact"), blank=True, help_text=_("E-mail or address of the DPO.")
    )
    # How accounts created in bulk get their login (comptes/identifiants.py).
    regle_identifiant = models.CharField(
        _("login rule"),
        max_length=20,
        choices=[
            ("initiale_nom", _("initial + last name + digits (jabarre1)")),
            ("prenom_nom", _("first name.last name (jeremie.abarre)")),
            ("famille_rang", _("family number + rank (1001-1)")),
        ],
        default="initiale_nom",
        help_text=_(
            "Used for accounts created in bulk when the import file gives no login. "
            "ASCII only, unique on the site."
        ),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    @property
    def adresse_complete(self) -> str:
        return " ".join(p for p in (self.adresse, self.code_postal, self.ville) if p)


class AnneeScolaireQuerySet(models.QuerySet):
    def courante(self, etablissement: Etablissement) -> AnneeScolaire | None:
        return self.filter(etablissement=etablissement, courante=True).first()


class AnneeScolaire(models.Model):
    etablissement = models.ForeignKey(
        Etablissement, on_delete=models.CASCADE, related_name="annees", verbose_name=_("school")
    )
    libelle = models.CharField(_("label"), max_length=20, help_text=_("For example 2025/2026."))
    debut = models.DateField(_("start"))
    fin = models.DateField(_("end"))
    courante = models.BooleanField(_("current year"), default=False)

    objects = AnneeScolaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-debut"]
        constraints = [
            models.UniqueConstraint(
                fields=["etablissement", "libelle"], name="annee_unique_par_etablissement"
            ),
            models.UniqueConstraint(
                fields=["etablissement"],
                condition=Q(courante=True),
                name="une_annee_courante_par_etablissement",
            ),
        ]

    def __str__(self) -> str:
        return self.libelle


class DemandeModification(models.Model):
    """A family's request to change a Responsable or an Eleve, waiting for staff.

    `valeurs` maps each changed field to {"avant": value at request time,
    "demande": value asked}; values are stored as strings as the form sends them.
    """

    class Statut(models.TextChoices):
        OUVERTE = "ouverte", _("waiting for validation")
        TRAITEE = "traitee", _("processed")

    etablissement = models.ForeignKey(
        Etablissement, on_delete=models.CASCADE, verbose_name=_("school")
    )
    # The family the record belongs to, by key: the core sits below the famille app, so
    # no foreign key (and no migration cycle); the label is what staff search and read.
    famille_id = models.PositiveBigIntegerField(_("family"))
    famille_libelle = models.CharField(_("family"), max_length=200, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    objet = GenericForeignKey("content_type", "object_id")
    valeurs = models.JSONField(_("requested values"), default=dict)
    statut = models.CharField(
        _("status"), max_length=10, choices=Statut.choices, default=Statut.OUVERTE
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    cree_le = models.DateTimeField(_("requested on"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("updated on"), auto_now=True)
    traite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("processed by"),
    )
    traite_le = models.DateTimeField(_("processed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("modification request")
        verbose_name_plural = _("modification requests")
        ordering = ["-cree_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(statut="ouverte"),
                name="une_demande_ouverte_par_fiche",
            )
        ]
        indexes = [models.Index(fields=["famille_id", "statut"])]

    def __str__(self) -> str:
        return f"{self.content_type.name} #{self.object_id} ({self.get_statut_display()})"

    @classmethod
    def de_la_famille(cls, famille) -> models.QuerySet:
        return cls.objects.filter(famille_id=famille.pk)


class HistoriqueModification(models.Model):
    """One field of a processed DemandeModification: what was asked, what staff decided.

    Accepted rows are the history of changes applied to a Responsable or an Eleve.
    """

    demande = models.ForeignKey(
        DemandeModification,
        on_delete=models.CASCADE,
        related_name="historique",
        verbose_name=_("modification request"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    objet = GenericForeignKey("content_type", "object_id")
    champ = models.CharField(_("field"), max_length=100)
    libelle = models.CharField(_("field label"), max_length=200)
    valeur_avant = models.TextField(_("value before"), blank=True)
    valeur_demandee = models.TextField(_("value asked"), blank=True)
    acceptee = models.BooleanField(_("accepted"))
    conflit = models.BooleanField(_("conflict"), default=False)
    motif = models.TextField(_("reason of the refusal"), blank=True)
    traite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("processed by"),
    )
    traite_le = models.DateTimeField(_("processed on"))

    class Meta:
        verbose_name = _("change history")
        verbose_name_plural = _("change history")
        ordering = ["-traite_le", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.libelle}: {self.valeur_avant} → {self.valeur_demandee}"


class Journal(models.Model):
    """One state change (DESIGN §10): who did what, on which object, with which data.

    Written only through `imuse.journal.journaliser`, by every service that changes
    state. `famille_id` files the row under a family for its timeline (a key, not a
    foreign key: the core sits below the famille app).
    """

    etablissement = models.ForeignKey(
        Etablissement, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("school")
    )
    famille_id = models.PositiveBigIntegerField(_("family"), null=True, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    objet = GenericForeignKey("content_type", "object_id")
    objet_libelle = models.CharField(_("object"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=60)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    donnees = models.JSONField(_("data"), default=dict, encoder=DjangoJSONEncoder)
    cree_le = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal")
        ordering = ["-cree_le", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-cree_le"]),
            models.Index(fields=["famille_id", "-cree_le"]),
            models.Index(fields=["etablissement", "-cree_le"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.objet_libelle}"


class CourrielQuerySet(models.QuerySet):
    def a_envoyer(self) -> CourrielQuerySet:
        return self.filter(etat=Courriel.Etat.EN_ATTENTE)


class Courriel(models.Model):
    """One e-mail to one recipient in the outbox (imuse/emails.py).

    Rendered when the change is made (subject, text, HTML, in the language of the
    moment), written in the same transaction, sent by a task on the worker with retries.
    """

    class Etat(models.TextChoices):
        EN_ATTENTE = "en_attente", _("waiting")
        ENVOYE = "envoye", _("sent")
        ECHEC = "echec", _("failed")

    etablissement = models.ForeignKey(
        Etablissement, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("school")
    )
    modele = models.CharField(_("template"), max_length=60)
    destinataire = models.CharField(_("recipient"), max_length=254)
    expediteur = models.CharField(_("sender"), max_length=254)
    sujet = models.CharField(_("subject"), max_length=255)
    texte = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    langue = models.CharField(_("language"), max_length=10)
    etat = models.CharField(
        _("state"), max_length=12, choices=Etat.choices, default=Etat.EN_ATTENTE
    )
    tentatives = models.PositiveSmallIntegerField(_("attempts"), default=0)
    derniere_erreur = models.TextField(_("last error"), blank=True)
    prochain_essai = models.DateTimeField(_("next attempt"), null=True, blank=True)
    cree_le = models.DateTimeField(_("created on"), default=timezone.now)
    envoye_le = models.DateTimeField(_("sent on"), null=True, blank=True)

    objects = CourrielQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-cree_le", "-pk"]
        indexes = [
            models.Index(fields=["etat", "prochain_essai"]),
            models.Index(fields=["etablissement", "-cree_le"]),
        ]

    def __str__(self) -> str:
        return f"{self.sujet} → {self.destinataire}"
