"""Running an import: read the file streamed, in batches, inside ONE transaction that
is rolled back for a preview (or when any row is in error) and committed on confirmation.

    rapport = importer(TYPES["familles"], chemin, etablissement=site, par=user, appliquer=False)

The same function serves the admin (preview, then confirmation, possibly as a background
task) and the `importer` command.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from importation.genres import TYPES, TypeImport
from importation.genres.base import ERREUR, INCHANGE, Contexte, Ligne, vider
from importation.lecture import FichierIllisible, ouvrir
from importation.models import Importation
from imuse.journal import journaliser
from imuse.storage import copie_locale, private_storage

log = logging.getLogger(__name__)

# Rows detailed in a report beyond errors and warnings (which are always kept).
LIGNES_DETAILLEES = 2000


class ImportationError(Exception):
    """An import that cannot start or be confirmed; the message is for staff."""


class _Annulation(Exception):
    pass


@dataclass
class Rapport:
    format: str = ""
    total: int = 0
    comptes: dict[str, int] = field(
        default_factory=lambda: {"cree": 0, "modifie": 0, "inchange": 0, "erreur": 0}
    )
    avertissements: int = 0
    entetes_inconnues: list[str] = field(default_factory=list)
    erreur: str = ""
    lignes: list[dict] = field(default_factory=list)
    omises: int = 0
    applique: bool = False

    @property
    def valide(self) -> bool:
        return not self.erreur and not self.comptes[ERREUR]

    def ajouter(self, resultat) -> None:
        self.total += 1
        self.comptes[resultat.statut] += 1
        self.avertissements += bool(resultat.avertissements)
        important = resultat.statut == ERREUR or resultat.avertissements
        if important or len(self.lignes) < LIGNES_DETAILLEES:
            self.lignes.append(resultat.en_dict())
        else:
            self.omises += 1

    def en_dict(self) -> dict:
        return {
            "format": self.format,
            "total": self.total,
            "comptes": self.comptes,
            "avertissements": self.avertissements,
            "entetes_inconnues": self.entetes_inconnues,
            "erreur": self.erreur,
            "lignes": self.lignes,
            "omises": self.omises,
            "applique": self.applique,
        }


def importer(
    genre: TypeImport,
    chemin: Path | str,
    *,
    etablissement,
    par,
    appliquer: bool,
    nom_fichier: str = "",
    progression: Callable[[int, int | None], None] | None = None,
) -> Rapport:
    """Read `chemin` as a file of `genre` for `etablissement`: the outcome of every row.

    With `appliquer`, the rows are written when no row is in error (else nothing is);
    without, everything is rolled back (the preview).
    """
    rapport = Rapport()
    nom_fichier = nom_fichier or Path(chemin).name
    try:
        fichier = ouvrir(chemin)
    except FichierIllisible as erreur:
        rapport.erreur = str(erreur)
        return rapport
    try:
        rapport.format = fichier.format
        indices, inconnues, manquantes = genre.correspondance(fichier.entetes)
        rapport.entetes_inconnues = inconnues
        if manquantes:
            rapport.erreur = _("Required columns missing from the file: %(colonnes)s.") % {
                "colonnes": ", ".join(f"« {m} »" for m in manquantes)
            }
            return rapport
        total = fichier.nombre_de_lignes()
        ctx = Contexte(
            etablissement=etablissement,
            par=par,
            nom_fichier=nom_fichier,
            colonnes_presentes=set(indices),
        )
        try:
            with transaction.atomic():
                genre.preparer(ctx)
                lot: list[Ligne] = []
                for numero, cellules in fichier:
                    brutes = {
                        champ: cellules[i] if i < len(cellules) else None
                        for champ, i in indices.items()
                    }
                    lot.append(Ligne(numero, brutes))
                    if len(lot) >= genre.taille_lot:
                        _traiter(genre, ctx, lot, rapport, progression, total)
                        lot = []
                if lot:
                    _traiter(genre, ctx, lot, rapport, progression, total)
                if not rapport.total:
                    rapport.erreur = _("The file holds no row below its headers.")
                if not appliquer or not rapport.valide:
                    raise _Annulation
                rapport.applique = True
        except _Annulation:
            pass
        except DatabaseError as erreur:
            log.exception("Import %s of %s failed", genre.code, nom_fichier)
            rapport.applique = False
            rapport.erreur = _(
                "The database refused a row after line %(ligne)s; nothing was imported (%(e)s)."
            ) % {"ligne": rapport.total + 1, "e": erreur}
    finally:
        fichier.fermer()
    return rapport


def _traiter(genre, ctx, lot, rapport, progression, total) -> None:
    for resultat in genre.traiter_lot(ctx, lot):
        rapport.ajouter(resultat)
    vider(ctx)
    if progression:
        progression(rapport.total, total)


# --- Admin runs -----------------------------------------------------------------------


def chemin_progression(importation: Importation) -> Path:
    return Path(settings.PRIVATE_ROOT) / "importations" / "progression" / f"{importation.pk}.txt"


def _nom_progression(importation: Importation) -> str:
    return f"importations/progression/{importation.pk}.txt"


def ecrire_progression(importation: Importation, fait: int, total: int | None) -> None:
    """Progress is a small file beside the upload, not a row: the run's transaction
    would hide a row's update from the page that shows it. In object storage when the
    private files are there (several machines: the worker and the page may not share a
    disk), else on disk, replaced at once."""
    texte = f"{fait} {total or ''}"
    if settings.PRIVATE_STORAGE_S3:
        nom = _nom_progression(importation)
        private_storage.delete(nom)
        private_storage.save(nom, ContentFile(texte.encode()))
        return
    chemin = chemin_progression(importation)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    provisoire = chemin.with_suffix(".tmp")
    provisoire.write_text(texte)
    provisoire.replace(chemin)


def lire_progression(importation: Importation) -> tuple[int, int | None]:
    try:
        if settings.PRIVATE_STORAGE_S3:
            with private_storage.open(_nom_progression(importation), "rb") as flux:
                texte = flux.read().decode()
        else:
            texte = chemin_progression(importation).read_text()
        fait, _sep, total = texte.partition(" ")
        return int(fait), int(total) if total.strip() else None
    except (OSError, ValueError):
        return 0, None


def importation_creer(*, etablissement, type_import: str, fichier, par) -> Importation:
    if type_import not in TYPES:
        raise ImportationError(_("Unknown kind of import."))
    with transaction.atomic():
        importation = Importation(
            etablissement=etablissement,
            type_import=type_import,
            nom_original=fichier.name[:255],
            cree_par=par,
        )
        importation.fichier.save(fichier.name, fichier, save=False)
        importation.save()
        journaliser(
            importation,
            "importation.televerser",
            par=par,
            fichier=importation.nom_original,
            type_import=type_import,
        )
    return importation


def _executer(importation: Importation, *, appliquer: bool, par) -> Importation:
    genre = TYPES[importation.type_import]
    ecrire_progression(importation, 0, None)
    # Read from a file on disk: the upload's own, or a copy from object storage.
    with copie_locale(importation.fichier) as chemin:
        rapport = importer(
            genre,
            chemin,
            etablissement=importation.etablissement,
            par=par,
            appliquer=appliquer,
            nom_fichier=importation.nom_original,
            progression=lambda fait, total: ecrire_progression(importation, fait, total),
        )
    return rapport


def importation_analyser(*, importation: Importation, par) -> Importation:
    """The preview: every row's outcome, nothing written."""
    Importation.objects.filter(pk=importation.pk).update(statut=Importation.Statut.ANALYSE)
    rapport = _executer(importation, appliquer=False, par=par)
    importation.rapport = rapport.en_dict()
    importation.statut = (
        Importation.Statut.APERCU if not rapport.erreur else Importation.Statut.ECHEC
    )
    importation.save(update_fields=["rapport", "statut"])
    return importation


def importation_confirmer(*, importation: Importation, par) -> Importation:
    """Write the file: all of it, or nothing when a row is (now) in error."""
    if importation.statut != Importation.Statut.IMPORT:
        demarree = Importation.objects.filter(
            pk=importation.pk, statut=Importation.Statut.APERCU
        ).update(statut=Importation.Statut.IMPORT)
        if not demarree:
            raise ImportationError(_("This import is not waiting for confirmation."))
    rapport = _executer(importation, appliquer=True, par=par)
    with transaction.atomic():
        importation.rapport = rapport.en_dict()
        importation.statut = (
            Importation.Statut.IMPORTEE if rapport.applique else Importation.Statut.ECHEC
        )
        importation.confirme_par = par
        importation.confirme_le = timezone.now()
        importation.save(update_fields=["rapport", "statut", "confirme_par", "confirme_le"])
        journaliser(
            importation,
            "importation.confirmer",
            par=par,
            fichier=importation.nom_original,
            importee=rapport.applique,
            **{k: n for k, n in rapport.comptes.items() if k != INCHANGE},
        )
    return importation


def importation_marquer_en_cours(*, importation: Importation) -> bool:
    """Claim a previewed import for its run (once: a second click does nothing)."""
    return bool(
        Importation.objects.filter(pk=importation.pk, statut=Importation.Statut.APERCU).update(
            statut=Importation.Statut.IMPORT
        )
    )
