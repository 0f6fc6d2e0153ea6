"""Entry in bulk for staff: one evaluation of a whole course entered as one grid, and
the bulletins of many pupils uploaded as one ZIP of PDFs. Both publish in one step.

The evaluations of a grid are the rows of that course with the same date and type;
publishing them is what the sheet's "publish" action does (the daily digest tells the
families). Bulletins are matched to pupils by the school's number (N° élève) found in
the file name, checked one by one with the upload checks of every document (type by
content, 2 MB, active PDFs refused) and stored unpublished until staff publish them.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eleves.models import Cours, DocumentEleve, Eleve, Evaluation, Inscription
from eleves.services import document_publier
from imuse.journal import entree, journaliser, journaliser_en_lot
from imuse.televersement import TAILLE_MAX, nom_propre, taille_en_mo, verifier_document


class SaisieErreur(Exception):
    """What staff must correct (the message says what, in French)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# The evaluation grid.


@dataclass
class Cellule:
    """What staff entered for one pupil: nothing at all leaves the pupil without it."""

    inscription: Inscription
    note: Decimal | None = None
    appreciation: str = ""
    absent: bool = False

    @property
    def vide(self) -> bool:
        return self.note is None and not self.appreciation.strip() and not self.absent


def fiches_du_cours(cours: Cours):
    """The active pupils of a course, in the order of the grid."""
    return (
        Inscription.objects.filter(cours=cours, situation_activite=Inscription.Situation.ACTIF)
        .select_related("eleve")
        .order_by("eleve__nom", "eleve__prenom", "pk")
    )


def evaluations_de_la_grille(cours: Cours, date: dt.date, type_evaluation: str):
    return Evaluation.objects.filter(
        inscription__cours=cours, date=date, type_evaluation=type_evaluation
    )


def grilles_du_cours(cours: Cours) -> list[dict]:
    """The evaluations already entered for the course, one line per date and type."""
    lignes: dict[tuple, dict] = {}
    for e in Evaluation.objects.filter(inscription__cours=cours).order_by(
        "-date", "type_evaluation"
    ):
        ligne = lignes.setdefault(
            (e.date, e.type_evaluation),
            {"date": e.date, "type": e.type_evaluation, "nombre": 0, "a_publier": 0},
        )
        ligne["nombre"] += 1
        ligne["a_publier"] += 0 if e.publiee else 1
    return list(lignes.values())


@transaction.atomic
def grille_enregistrer(
    *,
    cours: Cours,
    date: dt.date,
    type_evaluation: str,
    denominateur: Decimal,
    cellules: list[Cellule],
    par,
) -> dict:
    """Create, update or remove (an emptied, unpublished cell) the evaluations of the
    grid; what was already published is updated in place."""
    type_evaluation = type_evaluation.strip()
    if not type_evaluation:
        raise SaisieErreur(_("Give the type of the evaluation."))
    permises = {i.pk for i in fiches_du_cours(cours)}
    existantes = {
        e.inscription_id: e
        for e in evaluations_de_la_grille(cours, date, type_evaluation).select_for_update()
    }
    compte = {"creees": 0, "modifiees": 0, "supprimees": 0}
    for cellule in cellules:
        if cellule.inscription.pk not in permises:
            raise SaisieErreur(_("A pupil of the grid does not follow this course."))
        if cellule.note is not None and not (0 <= cellule.note <= denominateur):
            raise SaisieErreur(_("A mark is outside the scale."))
        evaluation = existantes.get(cellule.inscription.pk)
        if cellule.vide:
            if evaluation is not None and not evaluation.publiee:
                evaluation.delete()
                compte["supprimees"] += 1
            continue
        if evaluation is None:
            evaluation = Evaluation(
                inscription=cellule.inscription, date=date, type_evaluation=type_evaluation
            )
            compte["creees"] += 1
        else:
            compte["modifiees"] += 1
        evaluation.note = None if cellule.absent else cellule.note
        evaluation.denominateur = denominateur
        evaluation.appreciation = cellule.appreciation.strip()
        evaluation.absent = cellule.absent
        evaluation.save()
    journaliser(
        cours,
        "evaluation.grille_enregistrer",
        par=par,
        etablissement=cours.annee.etablissement_id,
        date=date,
        type_evaluation=type_evaluation,
        **compte,
    )
    return compte


@transaction.atomic
def grille_publier(*, cours: Cours, date: dt.date, type_evaluation: str, par) -> int:
    """Show the families the evaluations of the grid (the daily digest tells them, as
    for every evaluation published). Returns how many were published."""
    a_publier = list(
        evaluations_de_la_grille(cours, date, type_evaluation)
        .filter(publiee=False)
        .select_for_update(of=("self",))
        .select_related("inscription__eleve")
    )
    maintenant = timezone.now()
    Evaluation.objects.filter(pk__in=[e.pk for e in a_publier]).update(
        publiee=True, publiee_le=maintenant
    )
    journaliser_en_lot(
        [
            entree(
                e.inscription,
                "inscription.publier",
                par=par,
                famille=e.inscription.eleve.famille_id,
                etablissement=cours.annee.etablissement_id,
                evaluations=1,
                absences=0,
            )
            for e in a_publier
        ]
    )
    journaliser(
        cours,
        "evaluation.grille_publier",
        par=par,
        etablissement=cours.annee.etablissement_id,
        date=date,
        type_evaluation=type_evaluation,
        publiees=len(a_publier),
    )
    return len(a_publier)


# Bulletins in a ZIP.

ZIP_TAILLE_MAX = 100 * 1024 * 1024  # the archive as uploaded
ZIP_FICHIERS_MAX = 2000
ZIP_TOTAL_MAX = 500 * 1024 * 1024  # what its files add up to once uncompressed
NOMBRE = re.compile(r"\d+")


@dataclass
class RapportBulletins:
    """What an archive gave: documents stored (unpublished), files refused with why."""

    documents: list[DocumentEleve] = field(default_factory=list)
    refus: list[tuple[str, str]] = field(default_factory=list)


def _ignoree(nom: str) -> bool:
    """Folders and what archivers add (macOS resource forks, hidden files)."""
    base = nom.replace("\\", "/").rsplit("/", 1)[-1]
    return nom.endswith("/") or nom.startswith("__MACOSX/") or base.startswith(".") or not base


def _lire_membre(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, read in memory and never more than the upload limit + 1 byte,
    whatever its header claims (a bomb lies about its size)."""
    with archive.open(info) as flux:
        return flux.read(TAILLE_MAX + 1)


def _eleves_par_numero(etablissement_id: int, noms: list[str]) -> dict[int, Eleve]:
    numeros = {int(n) for nom in noms for n in NOMBRE.findall(nom) if len(n) <= 9}
    return {
        e.numero: e
        for e in Eleve.objects.filter(
            famille__etablissement_id=etablissement_id, numero__in=numeros
        ).select_related("famille")
    }


def _eleve_du_nom(nom: str, eleves: dict[int, Eleve]) -> tuple[Eleve | None, str]:
    trouves = {
        eleves[int(n)].pk: eleves[int(n)]
        for n in NOMBRE.findall(nom)
        if len(n) <= 9 and int(n) in eleves
    }
    if len(trouves) == 1:
        return next(iter(trouves.values())), ""
    if not trouves:
        return None, _("no pupil number of the school in the file name.")
    return None, _("several pupil numbers of the school in the file name (%(numeros)s).") % {
        "numeros": ", ".join(sorted(str(e.numero) for e in trouves.values()))
    }


@transaction.atomic
def bulletins_importer(
    *, etablissement, archive, annee, titre: str, par, appliquer: bool = True, progression=None
) -> RapportBulletins:
    """Store each PDF of the archive as an unpublished bulletin of the pupil whose number
    its name carries; report every file left out and why. Nothing is written to disk
    under a name from the archive. With `appliquer` False (a dry run) every file is
    checked the same and nothing is stored. `progression(fait, total)` is called after
    each file."""
    if archive.size is not None and archive.size > ZIP_TAILLE_MAX:
        raise SaisieErreur(
            _("The archive is too big (%(taille)s MB): the limit is %(max)s MB.")
            % {"taille": taille_en_mo(archive.size), "max": ZIP_TAILLE_MAX // (1024 * 1024)}
        )
    try:
        zip_ = zipfile.ZipFile(archive)
        membres = [i for i in zip_.infolist() if not _ignoree(i.filename)]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SaisieErreur(_("This file is not a ZIP archive that can be read.")) from None
    if len(membres) > ZIP_FICHIERS_MAX:
        raise SaisieErreur(
            _("The archive holds %(n)d files: the limit is %(max)d.")
            % {"n": len(membres), "max": ZIP_FICHIERS_MAX}
        )
    if sum(i.file_size for i in membres) > ZIP_TOTAL_MAX:
        raise SaisieErreur(_("The archive's files add up to more than 500 MB once uncompressed."))
    rapport = RapportBulletins()
    noms = [nom_propre(i.filename) for i in membres]
    eleves = _eleves_par_numero(etablissement.pk, noms)
    deja: set[int] = set()
    lu = 0
    for fait, (info, nom) in enumerate(zip(membres, noms, strict=True), start=1):
        if progression is not None and fait % 20 == 1:
            progression(fait - 1, len(membres))
        if not nom.lower().endswith(".pdf"):
            rapport.refus.append((nom, _("not a PDF file.")))
            continue
        eleve, motif = _eleve_du_nom(nom, eleves)
        if eleve is None:
            rapport.refus.append((nom, motif))
            continue
        if eleve.pk in deja:
            rapport.refus.append((nom, _("another file of the archive is for this pupil.")))
            continue
        if info.flag_bits & 0x1:
            rapport.refus.append((nom, _("the file is encrypted.")))
            continue
        try:
            contenu = _lire_membre(zip_, info)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
            rapport.refus.append((nom, _("the file is damaged in the archive.")))
            continue
        lu += len(contenu)
        if lu > ZIP_TOTAL_MAX:
            raise SaisieErreur(
                _("The archive's files add up to more than 500 MB once uncompressed.")
            )
        try:
            document = verifier_document(SimpleUploadedFile(nom, contenu))
        except ValidationError as erreur:
            rapport.refus.append((nom, " ".join(erreur.messages)))
            continue
        bulletin = DocumentEleve(
            eleve=eleve,
            type_document=DocumentEleve.Type.BULLETIN,
            titre=titre,
            annee=annee,
            nom_original=document.nom_original,
            visible_famille=False,
        )
        deja.add(eleve.pk)
        rapport.documents.append(bulletin)
        if not appliquer:
            continue
        bulletin.fichier.save("bulletin.pdf", ContentFile(document.contenu), save=False)
        bulletin.save()
    if progression is not None:
        progression(len(membres), len(membres))
    if not appliquer:
        return rapport
    journaliser_en_lot(
        [
            entree(
                d,
                "document.deposer",
                par=par,
                famille=d.eleve.famille_id,
                etablissement=etablissement.pk,
                titre=d.titre,
            )
            for d in rapport.documents
        ]
    )
    journaliser(
        None,
        "bulletins.importer",
        par=par,
        etablissement=etablissement.pk,
        documents=len(rapport.documents),
        refus=len(rapport.refus),
    )
    return rapport


def bulletins_publier(*, documents, par) -> int:
    """Publish the bulletins of an import in one step (each family told, as for one)."""
    n = 0
    with transaction.atomic():
        for document in documents:
            if not document.visible_famille:
                document_publier(document=document, visible=True, par=par)
                n += 1
    return n
