"""User accounts: families log in with an identifiant unique within their Etablissement."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptes.identifiants import IdentifiantField, normaliser_identifiant


class UtilisateurManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, identifiant):
        # Only global accounts (no Etablissement) are reachable by identifiant alone.
        return self.get(identifiant=identifiant, etablissement__isnull=True)

    def create_user(self, identifiant, password=None, **extra):
        if not identifiant:
            raise ValueError("An identifiant is required.")
        extra["email"] = self.normalize_email(extra.get("email", ""))
        user = self.model(identifiant=normaliser_identifiant(identifiant), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, identifiant, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("etablissement", None)
        return self.create_user(identifiant, password, **extra)


def nouvelle_cle() -> str:
    return secrets.token_hex(16)


class Utilisateur(AbstractBaseUser, PermissionsMixin):
    etablissement = models.ForeignKey(
        "imuse.Etablissement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="utilisateurs",
        verbose_name=_("school"),
        help_text=_("Empty for staff of every school."),
    )
    # Stored, looked up and unique in its normalised form (comptes/identifiants.py).
    identifiant = IdentifiantField(_("login"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    nom = models.CharField(_("last name"), max_length=150, blank=True)
    prenom = models.CharField(_("first name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Works in the administration, not the portal.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("created on"), default=timezone.now)
    doit_changer_mot_de_passe = models.BooleanField(
        _("must choose a password"),
        default=False,
        help_text=_("The account must set its own password before any other page opens."),
    )
    mode_accessible = models.BooleanField(_("accessible mode"), default=False)
    # Part of the password-reset token: renewing it voids every link sent before.
    cle_reinitialisation = models.CharField(max_length=32, default=nouvelle_cle, editable=False)
    # Invitations (comptes/services/invitations.py): when the last one went out, its
    # e-mail in the outbox (whose failure staff see), when the holder first came in.
    invite_le = models.DateTimeField(_("invited on"), null=True, blank=True, editable=False)
    invitation_courriel = models.ForeignKey(
        "imuse.Courriel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("invitation e-mail"),
    )
    premiere_connexion_le = models.DateTimeField(
        _("first connection on"), null=True, blank=True, editable=False
    )
    # The one-time code of a printed letter, hashed like a password.
    code_invitation = models.CharField(
        max_length=128, blank=True, default="", db_default="", editable=False
    )

    objects = UtilisateurManager()

    USERNAME_FIELD = "identifiant"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["identifiant"]
        # The login looks accounts up by their normalised identifiant alone, then picks
        # the site's own or a global one (comptes/backends.py).
        indexes = [
            models.Index(fields=["identifiant"], name="comptes_identifiant_idx"),
            models.Index(
                fields=["etablissement", "invite_le"],
                name="comptes_invitation_idx",
                condition=Q(premiere_connexion_le__isnull=True),
            ),
            # A header click in the admin sorts by (column, id) both ways (admin_tri.py).
            *(
                models.Index(fields=["etablissement", champ, "id"], name=f"compte_tri_{nom}_idx")
                for champ, nom in [
                    ("identifiant", "identifiant"),
                    ("nom", "nom"),
                    ("prenom", "prenom"),
                    ("email", "email"),
                    ("invite_le", "invite"),
                    ("premiere_connexion_le", "connexion"),
                ]
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["etablissement", "identifiant"], name="identifiant_unique_par_site"
            ),
            models.UniqueConstraint(
                fields=["identifiant"],
                condition=Q(etablissement__isnull=True),
                name="identifiant_global_unique",
            ),
        ]

    def __str__(self) -> str:
        if self.etablissement_id:
            return f"{self.identifiant} ({self.etablissement.code})"
        return self.identifiant

    @property
    def adresse_email(self) -> str:
        """The one address to write to: a guardian's account reads its Responsable's
        (what staff validate on the family file); a staff account has its own."""
        responsable = getattr(self, "responsable", None)
        if responsable is not None:
            return responsable.email
        return self.email

    @classmethod
    def normalize_username(cls, username):
        return normaliser_identifiant(username)

    def get_full_name(self) -> str:
        return f"{self.nom} {self.prenom}".strip() or self.identifiant

    def get_short_name(self) -> str:
        return self.prenom or self.identifiant


class EnvoiInvitations(models.Model):
    """One bulk sending of invitations (a background task), with its progress."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", _("waiting")
        EN_COURS = "en_cours", _("in progress")
        TERMINE = "termine", _("finished")
        ECHEC = "echec", _("finished with errors")

    etablissement = models.ForeignKey(
        "imuse.Etablissement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    par = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    comptes = models.JSONField(default=list, editable=False)
    statut = models.CharField(
        _("status"), max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE
    )
    total = models.PositiveIntegerField(_("accounts"), default=0)
    traites = models.PositiveIntegerField(_("processed"), default=0)
    envoyes = models.PositiveIntegerField(_("invitations sent"), default=0)
    sans_adresse = models.PositiveIntegerField(_("without e-mail"), default=0)
    ignores = models.PositiveIntegerField(_("skipped (already logged in)"), default=0)
    erreurs = models.JSONField(_("errors"), default=list, blank=True)
    cree_le = models.DateTimeField(_("started on"), default=timezone.now)
    termine_le = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation sending")
        verbose_name_plural = _("invitation sendings")
        ordering = ["-cree_le", "-pk"]

    def __str__(self) -> str:
        return f"{self.cree_le:%d/%m/%Y %H:%M} ({self.total})"

    @property
    def progression(self) -> int:
        return 100 if not self.total else round(100 * self.traites / self.total)
