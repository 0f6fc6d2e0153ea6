"""What every kind of import shares: its columns, how a row is read and compared with
the record it names, and the outcome of each row (created, updated, unchanged, error)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from importation import valeurs as v
from importation.lecture import cle
from imuse.journal import entree, journaliser, journaliser_en_lot
from imuse.models import DemandeModification
from imuse.services import en_texte, libelle_champ, valeur_affichee

CREE = "cree"
MODIFIE = "modifie"
INCHANGE = "inchange"
ERREUR = "erreur"


@dataclass(frozen=True)
class Colonne:
    """One column of a kind's file. `champ` is the key rows are read into; `requise`
    means the header must be in the file, `obligatoire` that a row's cell may not be
    empty. `format` and `exemple` are for the template and docs/import.md (French)."""

    entete: str
    champ: str
    lire: Callable[[Any], Any] = v.texte
    requise: bool = False
    obligatoire: bool = False
    format: str = "texte"
    exemple: str = ""
    longueur: int | None = None
    alias: tuple[str, ...] = ()
    # A value is needed when the row creates the record (checked by the kind).
    creation: bool = False

    def cles(self) -> set[str]:
        return {cle(self.entete), *(cle(a) for a in self.alias)}


@dataclass
class ResultatLigne:
    numero: int
    statut: str = INCHANGE
    objet: str = ""
    changements: list[tuple[str, str, str]] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)

    def erreur(self, message: str) -> ResultatLigne:
        self.erreurs.append(message)
        self.statut = ERREUR
        return self

    def en_dict(self) -> dict:
        return {
            "numero": self.numero,
            "statut": self.statut,
            "objet": self.objet,
            "changements": [list(c) for c in self.changements],
            "avertissements": self.avertissements,
            "erreurs": self.erreurs,
        }


@dataclass
class Contexte:
    etablissement: Any
    par: Any
    nom_fichier: str
    colonnes_presentes: set[str]
    cache: dict = field(default_factory=dict)
    # Rows created in the current batch, written together by `vider` (model -> objects,
    # in the order models first appear: a parent before its children), and their journal.
    a_creer: dict[type, list] = field(default_factory=dict)
    a_journaliser: list[tuple[models.Model, int, dict]] = field(default_factory=list)


@dataclass
class Ligne:
    numero: int
    brutes: dict[str, Any]
    valeurs: dict[str, Any] = field(default_factory=dict)


class TypeImport:
    """A kind of import. Subclasses declare `code`, `libelle`, `colonnes` and implement
    `traiter(ctx, ligne, resultat)`; `traiter_lot` may read a whole batch at once."""

    code: str = ""
    libelle: str = ""
    colonnes: list[Colonne] = []
    taille_lot = 500

    # --- headers -------------------------------------------------------------------

    def correspondance(self, entetes: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
        """(column key -> index in the row, unknown headers, missing required headers)."""
        par_cle = {}
        for colonne in self.colonnes:
            for k in colonne.cles():
                par_cle[k] = colonne
        indices: dict[str, int] = {}
        inconnues = []
        for i, entete in enumerate(entetes):
            colonne = par_cle.get(cle(entete))
            if colonne is None:
                if str(entete).strip():
                    inconnues.append(str(entete).strip())
            elif colonne.champ not in indices:
                indices[colonne.champ] = i
            else:
                # A second column for the same field: the first one is read, this one not.
                inconnues.append(
                    _("%(entete)s (a second time: only the first is read)")
                    % {"entete": str(entete).strip()}
                )
        manquantes = [c.entete for c in self.colonnes if c.requise and c.champ not in indices]
        return indices, inconnues, manquantes

    def colonne(self, champ: str) -> Colonne:
        return next(c for c in self.colonnes if c.champ == champ)

    # --- rows ----------------------------------------------------------------------

    def lire(self, ligne: Ligne, resultat: ResultatLigne) -> None:
        """Parse each present cell into `ligne.valeurs`; reasons go to `resultat`."""
        for colonne in self.colonnes:
            if colonne.champ not in ligne.brutes:
                continue
            brute = ligne.brutes[colonne.champ]
            try:
                valeur = colonne.lire(brute)
            except v.ValeurInvalide as erreur:
                resultat.erreur(
                    _("Column “%(colonne)s”: %(raison)s")
                    % {"colonne": colonne.entete, "raison": erreur}
                )
                continue
            if colonne.obligatoire and valeur in (None, ""):
                resultat.erreur(
                    _("Column “%(colonne)s”: a value is required.") % {"colonne": colonne.entete}
                )
                continue
            if colonne.longueur and isinstance(valeur, str) and len(valeur) > colonne.longueur:
                resultat.erreur(
                    _("Column “%(colonne)s”: at most %(n)s characters.")
                    % {"colonne": colonne.entete, "n": colonne.longueur}
                )
                continue
            ligne.valeurs[colonne.champ] = valeur

    def preparer(self, ctx: Contexte) -> None:
        """Read once what every row needs (years, courses…) into `ctx.cache`."""

    def traiter_lot(self, ctx: Contexte, lignes: list[Ligne]) -> Iterable[ResultatLigne]:
        resultats = []
        for ligne in lignes:
            resultat = ResultatLigne(ligne.numero)
            self.lire(ligne, resultat)
            if resultat.statut != ERREUR:
                self.traiter(ctx, ligne, resultat)
            resultats.append(resultat)
        return resultats

    def traiter(self, ctx: Contexte, ligne: Ligne, resultat: ResultatLigne) -> None:
        raise NotImplementedError

    # --- modele (template) -----------------------------------------------------------

    def exemple(self) -> list[str]:
        return [c.exemple for c in self.colonnes]


def champs_en_attente(objets: list[models.Model]) -> dict[int, set[str]]:
    """pk -> fields with a family's pending modification, for records of one model."""
    if not objets:
        return {}
    content_type = ContentType.objects.get_for_model(type(objets[0]))
    demandes = DemandeModification.objects.filter(
        content_type=content_type,
        object_id__in=[o.pk for o in objets],
        statut=DemandeModification.Statut.OUVERTE,
    ).values_list("object_id", "valeurs")
    return {object_id: set(valeurs) for object_id, valeurs in demandes}


def egales(actuelle: Any, nouvelle: Any) -> bool:
    """Whether the record already holds the file's value (15.50 is 15,5; a row is itself)."""
    if isinstance(nouvelle, Decimal) and actuelle is not None:
        return Decimal(actuelle) == nouvelle
    if isinstance(nouvelle, models.Model) or isinstance(actuelle, models.Model):
        return getattr(actuelle, "pk", None) == getattr(nouvelle, "pk", None)
    return en_texte(actuelle) == en_texte(nouvelle)


def comparer(objet: models.Model, nouvelles: dict[str, Any], *, en_attente: Iterable[str] = ()):
    """Set on `objet` the values that differ, except fields with a pending modification.

    Returns (changed fields, [(label, before, after)], warnings); the caller saves.
    """
    modele = type(objet)
    en_attente = set(en_attente)
    champs, changements, avertissements = [], [], []
    for champ, nouvelle in nouvelles.items():
        actuelle = getattr(objet, champ)
        if egales(actuelle, nouvelle):
            continue
        libelle = libelle_champ(modele, champ)
        avant = valeur_affichee(modele, champ, en_texte(actuelle))
        apres = valeur_affichee(modele, champ, en_texte(nouvelle))
        if champ in en_attente:
            avertissements.append(
                _(
                    "%(objet)s, %(champ)s: the family asked for a modification waiting for "
                    "validation; the current value “%(avant)s” is kept (file: “%(apres)s”)."
                )
                % {"objet": objet, "champ": libelle, "avant": avant, "apres": apres}
            )
            continue
        setattr(objet, champ, nouvelle)
        champs.append(champ)
        changements.append((f"{objet} — {libelle}", avant, apres))
    return champs, changements, avertissements


def enregistrer(
    ctx: Contexte,
    objet: models.Model,
    nouvelles: dict[str, Any],
    resultat: ResultatLigne,
    *,
    en_attente: Iterable[str] = (),
    **journal: Any,
) -> bool:
    """Update `objet` with the row's values; journal and report what changed."""
    champs, changements, avertissements = comparer(objet, nouvelles, en_attente=en_attente)
    resultat.avertissements.extend(avertissements)
    if not champs:
        return False
    objet.save(update_fields=champs)
    resultat.changements.extend(changements)
    if resultat.statut == INCHANGE:
        resultat.statut = MODIFIE
    journaliser(
        objet,
        "import.modifier",
        par=ctx.par,
        fichier=ctx.nom_fichier,
        ligne=resultat.numero,
        champs={c: [a, b] for c, (_l, a, b) in zip(champs, changements, strict=True)},
        **journal,
    )
    return True


def creer(
    ctx: Contexte,
    objet: models.Model,
    resultat: ResultatLigne | None,
    *,
    differe: bool = False,
    **journal: Any,
) -> None:
    """Create `objet` (journaled when `resultat` is given). With `differe`, the row is
    written with the rest of its batch by `vider`: the models of a batch must then come
    parents first, and nothing may need the row's key before the batch ends."""
    if resultat is not None:
        resultat.statut = CREE
    if differe:
        ctx.a_creer.setdefault(type(objet), []).append(objet)
        if resultat is not None:
            ctx.a_journaliser.append((objet, resultat.numero, journal))
        return
    objet.save(force_insert=True)
    if resultat is not None:
        journaliser(
            objet,
            "import.creer",
            par=ctx.par,
            fichier=ctx.nom_fichier,
            ligne=resultat.numero,
            **journal,
        )


def vider(ctx: Contexte) -> None:
    """Write the batch's deferred rows, a bulk insert per model, then their journal."""
    for modele, objets in ctx.a_creer.items():
        modele.objects.bulk_create(objets, batch_size=500)
    entrees = [
        entree(objet, "import.creer", par=ctx.par, fichier=ctx.nom_fichier, ligne=n, **donnees)
        for objet, n, donnees in ctx.a_journaliser
    ]
    journaliser_en_lot(entrees)
    ctx.a_creer.clear()
    ctx.a_journaliser.clear()
