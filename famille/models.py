"""The household (Famille) and its legal guardians (Responsable)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Civilite(models.TextChoices):
    MONSIEUR = "M", _("Mister")
    MADAME = "MME", _("Madam")


class SituationFamiliale(models.TextChoices):
    CELIBATAIRE = "celibataire", _("Single")
    MARIE = "marie", _("Married")
    PACSE = "pacse", _("Civil partnership")
    CONCUBINAGE = "concubinage", _("Cohabiting")
    DIVORCE = "divorce", _("Divorced")
    SEPARE = "separe", _("Separated")
    VEUF = "veuf", _("Widowed")


class CodeSocioProfessionnel(models.TextChoices):
    # The INSEE socio-professional categories (PCS, level 1 and main level 2 groups).
    AGRICULTEUR = "10", _("Farmer")
    ARTISAN = "21", _("Craftsman")
    COMMERCANT = "22", _("Shopkeeper")
    CHEF_ENTREPRISE = "23", _("Company director")
    PROFESSION_LIBERALE = "31", _("Liberal profession")
    CADRE_PUBLIC = "33", _("Civil service executive")
    ENSEIGNANT = "34", _("Teacher, scientific profession")
    ARTISTE = "35", _("Information, arts and entertainment profession")
    CADRE_ENTREPRISE = "37", _("Company executive")
    INGENIEUR = "38", _("Engineer")
    PROFESSION_INTERMEDIAIRE = "40", _("Intermediate profession")
    EMPLOYE = "50", _("Employee")
    OUVRIER = "60", _("Worker")
    RETRAITE = "70", _("Retired")
    ETUDIANT = "84", _("Student")
    SANS_ACTIVITE = "80", _("Without professional activity")


class Personne(models.Model):
    """Identity and contact details that a guardian and a pupil share (abstract)."""

    civilite = models.CharField(_("title"), max_length=3, choices=Civilite.choices)
    nom = models.CharField(_("last name"), max_length=100)
    prenom = models.CharField(_("first name"), max_length=100)
    adresse = models.CharField(_("address"), max_length=255, blank=True)
    code_postal = models.CharField(_("postal code"), max_length=5, blank=True)
    ville = models.CharField(_("town"), max_length=100, blank=True)
    tel_domicile = models.CharField(_("home phone"), max_length=20, blank=True)
    tel_mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    tel_pro = models.CharField(_("work phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        abstract = True


class FamilleQuerySet(models.QuerySet):
    def du_site(self, etablissement):
        return self.filter(etablissement=etablissement)

    def rechercher(self, texte: str):
        """Families found by name (family or guardian, accents ignored), family number,
        e-mail or phone (typed in any French form: compared once normalised as stored)."""
        from imuse.forms import normaliser_telephone
        from imuse.recherche import motif_sans_accents

        texte = texte.strip()
        if not texte:
            return self.none()
        motif = motif_sans_accents(texte)
        critere = (
            Q(nom__iregex=motif)
            | Q(responsables__nom__iregex=motif)
            | Q(responsables__prenom__iregex=motif)
            | Q(responsables__email__iexact=texte)
        )
        if texte.isdigit() and len(texte) < 10:
            critere |= Q(numero=int(texte))
        try:
            telephone = normaliser_telephone(texte)
        except ValueError:
            pass
        else:
            for champ in ("tel_domicile", "tel_mobile", "tel_pro"):
                critere |= Q(**{f"responsables__{champ}": telephone})
        return self.filter(pk__in=self.filter(critere).values("pk"))


class Famille(models.Model):
    etablissement = models.ForeignKey(
        "imuse.Etablissement",
        on_delete=models.PROTECT,
        related_name="familles",
        verbose_name=_("school"),
    )
    numero = models.PositiveIntegerField(_("family number"))
    nom = models.CharField(_("name"), max_length=150)
    # The quotient familial prices the courses (facturation's tariff grids) once staff
    # checked its proof (a re-enrolment document or a paper one).
    quotient_familial = models.PositiveIntegerField(_("quotient familial"), null=True, blank=True)
    qf_justificatif = models.CharField(
        _("proof of the quotient familial"),
        max_length=200,
        blank=True,
        help_text=_('For example "Attestation CAF of 03/09/2026".'),
    )
    qf_verifie_le = models.DateField(
        _("quotient familial checked on"),
        null=True,
        blank=True,
        help_text=_("Empty: the family pays the rate of the last bracket."),
    )

    objects = FamilleQuerySet.as_manager()

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["nom", "numero"]
        # The admin's list order (and the searches: trigram indexes, migration 0004).
        indexes = [models.Index(fields=["nom", "numero"], name="famille_nom_numero_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["etablissement", "numero"], name="famille_numero_unique_par_site"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nom} ({self.numero})"

    @property
    def qf_retenu(self) -> int | None:
        """The QF the tariffs use: only a checked one."""
        return self.quotient_familial if self.qf_verifie_le else None

    @property
    def famille_id(self) -> int | None:
        """The journal files a row under `objet.famille_id`: a family is its own."""
        return self.pk


class ResponsableQuerySet(models.QuerySet):
    def de_la_famille(self, famille: Famille):
        return self.filter(famille=famille)


class Responsable(Personne):
    class Rang(models.IntegerChoices):
        PREMIER = 1, _("Guardian 1")
        SECOND = 2, _("Guardian 2")

    famille = models.ForeignKey(
        Famille, on_delete=models.CASCADE, related_name="responsables", verbose_name=_("family")
    )
    rang = models.PositiveSmallIntegerField(_("rank"), choices=Rang.choices, default=Rang.PREMIER)
    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsable",
        verbose_name=_("account"),
    )
    tel_supplementaire_1 = models.CharField(_("extra phone 1"), max_length=20, blank=True)
    tel_supplementaire_2 = models.CharField(_("extra phone 2"), max_length=20, blank=True)
    tel_supplementaire_3 = models.CharField(_("extra phone 3"), max_length=20, blank=True)
    situation_familiale = models.CharField(
        _("family situation"), max_length=20, choices=SituationFamiliale.choices, blank=True
    )
    code_socio_professionnel = models.CharField(
        _("socio-professional category"),
        max_length=3,
        choices=CodeSocioProfessionnel.choices,
        blank=True,
    )
    profession = models.CharField(_("occupation"), max_length=100, blank=True)

    objects = ResponsableQuerySet.as_manager()

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["famille", "rang"]
        constraints = [
            models.UniqueConstraint(fields=["famille", "rang"], name="un_responsable_par_rang")
        ]
        # A header click sorts by (column, id) both ways (imuse/admin_tri.py).
        indexes = [
            models.Index(fields=["nom", "id"], name="responsable_tri_nom_idx"),
            models.Index(fields=["prenom", "id"], name="responsable_tri_prenom_idx"),
            models.Index(fields=["email", "id"], name="responsable_tri_email_idx"),
            models.Index(fields=["tel_mobile", "id"], name="responsable_tri_mobile_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nom} {self.prenom}"

    @property
    def nom_complet(self) -> str:
        """'Monsieur ABARRE Jérémie', as the portal greets."""
        return f"{self.get_civilite_display()} {self.nom.upper()} {self.prenom}"


# A guardian's notification preferences, data exports and closing requests.
from famille.preferences_models import (  # noqa: E402
    DemandeCloture,
    ExportDonnees,
    Preferences,
    TypeNotification,
)

__all__ = [
    "Civilite",
    "CodeSocioProfessionnel",
    "DemandeCloture",
    "ExportDonnees",
    "Famille",
    "Preferences",
    "Responsable",
    "SituationFamiliale",
    "TypeNotification",
]
