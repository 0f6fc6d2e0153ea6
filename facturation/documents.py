"""PDF documents rendered once and stored: an issued invoice's duplicate, a payment's
receipt and a past year's payment attestation (issue 15).

Rendering a PDF is WeasyPrint's layout (about 100 ms warm, more under load); the HTML it is
laid out from costs a few milliseconds. So each download renders the HTML only, and its
fingerprint (SHA-256 of `imuse.pdf.VERSION_PDF`, `imuse.pdf.empreinte_moteur()` (style
sheet, PDF structure code, WeasyPrint's version), the logo's name and the HTML) says
whether the stored file (`DocumentPdf`, private storage: disk or S3) is still that
document: served as is when it is, laid out again and stored when it is not (a payment
changed what is left to pay, an instalment plan was chosen, the school's address or a
template changed, VERSION_PDF was bumped) or when the file is missing.

Issuing an invoice (`facture_emettre`) and recording a payment (`reglement_enregistrer`)
queue `rendre_documents` once their transaction commits: the worker renders the document
in the site's language, so the family's first download is already a stored file. Other
languages, and attestations (past years only: the current year still changes), are
stored at their first download.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from facturation import lecture
from facturation.models import ZERO, DocumentPdf, Facture, Imputation, LigneFacture, Reglement
from facturation.parametres import parametres_paiement
from famille.models import Responsable
from imuse import pdf
from imuse.requetes import ID, TEXTE, RequeteFigee

log = logging.getLogger(__name__)


@dataclass
class Document:
    cle: str
    famille_id: int
    template: str
    contexte: dict
    titre: str
    nom: str
    logo: object = None
    stocker: bool = True


def _paiement_propose(etablissement) -> bool:
    parametres = parametres_paiement(etablissement)
    return parametres is not None and parametres.paiement_en_ligne


# The reads of every download, compiled once (imuse/requetes.py).
_RESPONSABLE_1 = RequeteFigee(
    lambda famille_id: Responsable.objects.filter(famille_id=famille_id, rang=1).order_by("pk")[:1],
    ID,
)
_IMPUTATIONS = RequeteFigee(
    lambda reglement_id: Imputation.objects.filter(reglement_id=reglement_id).select_related(
        "facture"
    ),
    ID,
)
_LIGNES = RequeteFigee(lambda facture_id: LigneFacture.objects.filter(facture_id=facture_id), ID)
_LANGUE_EXEMPLE = "imuse-langue-exemple"
_STOCKE = RequeteFigee(
    lambda cle, langue: DocumentPdf.objects.filter(cle=cle, langue=langue).order_by("pk")[:1],
    TEXTE,
    _LANGUE_EXEMPLE,
)


def _responsable(famille, responsable=None):
    """The family's guardian 1: `responsable` when it is them (the portal's), else read."""
    if responsable is not None and responsable.rang == 1 and responsable.famille_id == famille.pk:
        return responsable
    return _RESPONSABLE_1.premier(famille.pk)


def facture(facture: Facture) -> Document:
    """The duplicate of an issued invoice (`facture` with its etablissement, and its
    credit notes prefetched)."""
    if facture.annulee:
        paye, reste = None, ZERO
    else:
        paye = facture.montant_paye  # stored by the allocating services
        reste = facture.net - paye
    contexte = {
        "etablissement": facture.etablissement,
        "paiement_en_ligne": _paiement_propose(facture.etablissement),
        "facture": facture,
        "lignes": _LIGNES.lister(facture.pk),
        "paye": paye,
        "reste": reste,
        "duplicata": True,
    }
    return Document(
        cle=f"facture:{facture.pk}",
        famille_id=facture.famille_id,
        template="pdf/facture.html",
        contexte=contexte,
        titre=_("Invoice %(numero)s") % {"numero": facture.numero},
        nom=f"facture-{facture.numero}.pdf",
        logo=facture.etablissement.logo,
    )


def recu(reglement: Reglement, responsable=None) -> Document:
    """The receipt of a payment (`reglement` with its etablissement and famille)."""
    contexte = {
        "etablissement": reglement.etablissement,
        "paiement_en_ligne": _paiement_propose(reglement.etablissement),
        "reglement": reglement,
        "imputations": _IMPUTATIONS.lister(reglement.pk),
        "responsable": _responsable(reglement.famille, responsable),
        "duplicata": True,
    }
    return Document(
        cle=f"recu:{reglement.pk}",
        famille_id=reglement.famille_id,
        template="pdf/recu.html",
        contexte=contexte,
        titre=_("Receipt %(numero)s") % {"numero": reglement.numero},
        nom=f"recu-{reglement.numero}.pdf",
        logo=reglement.etablissement.logo,
    )


def attestation(famille, eleve, annee: int, etablissement, responsable=None) -> Document | None:
    """A pupil's payment attestation of a calendar year (None when nothing was paid);
    `responsable`: the guardian asking (used as guardian 1 when they are)."""
    lignes, total = lecture.attestation(famille, eleve, annee)
    if not lignes:
        return None
    contexte = {
        "etablissement": etablissement,
        "paiement_en_ligne": _paiement_propose(etablissement),
        "eleve": eleve,
        "annee": annee,
        "lignes": lignes,
        "total": total,
        "responsable": _responsable(famille, responsable),
    }
    return Document(
        cle=f"attestation:{annee}:{eleve.pk}",
        famille_id=famille.pk,
        template="pdf/attestation.html",
        contexte=contexte,
        titre=_("Payment attestation %(annee)s — %(eleve)s") % {"annee": annee, "eleve": eleve},
        nom=f"attestation-{annee}-{eleve.nom}-{eleve.prenom}.pdf".replace(" ", "-"),
        logo=etablissement.logo,
        # The current year's still changes with every payment.
        stocker=annee < timezone.localdate().year,
    )


def _empreinte(html: str, logo) -> str:
    nom_logo = logo.name if logo else ""
    texte = f"{pdf.VERSION_PDF}\0{pdf.empreinte_moteur()}\0{nom_logo}\0{html}"
    return hashlib.sha256(texte.encode()).hexdigest()


def _lire(stocke: DocumentPdf) -> bytes | None:
    try:
        with stocke.fichier.open("rb") as fichier:
            return fichier.read()
    except (FileNotFoundError, OSError, ValueError):
        log.warning("Stored PDF %s is missing: rendered again", stocke.fichier.name)
        return None


def _stocker(doc: Document, langue: str, empreinte: str, contenu: bytes, stocke) -> None:
    nom = f"{doc.cle.replace(':', '-')}-{langue}.pdf"
    nouveau = DocumentPdf(famille_id=doc.famille_id, cle=doc.cle, langue=langue)
    nouveau.fichier.save(nom, ContentFile(contenu), save=False)
    champs = {"version": pdf.VERSION_PDF, "empreinte": empreinte, "fichier": nouveau.fichier.name}
    if stocke is None:
        for champ, valeur in champs.items():
            setattr(nouveau, champ, valeur)
        try:
            with transaction.atomic():
                nouveau.save()
            return
        except IntegrityError:  # another process stored it at the same moment
            nouveau.fichier.storage.delete(nouveau.fichier.name)
            return
    # Only if nobody replaced it meanwhile; the replaced file goes.
    fait = DocumentPdf.objects.filter(pk=stocke.pk, empreinte=stocke.empreinte).update(
        **champs, rendu_le=timezone.now()
    )
    ancien = nouveau.fichier.name if not fait else stocke.fichier.name
    if ancien and (ancien != nouveau.fichier.name or not fait):
        stocke.fichier.storage.delete(ancien)


def contenu(doc: Document) -> bytes:
    """The document's PDF: the stored file while it is still this document, else
    rendered now (and stored)."""
    html = pdf.html_pdf(doc.template, doc.contexte, doc.titre, logo=doc.logo)
    if not doc.stocker:
        return pdf.pdf_du_html(html, logo=doc.logo)
    langue = translation.get_language() or settings.LANGUAGE_CODE
    empreinte = _empreinte(html, doc.logo)
    stocke = _STOCKE.premier(doc.cle, langue)
    if stocke is not None and stocke.version == pdf.VERSION_PDF and stocke.empreinte == empreinte:
        lu = _lire(stocke)
        if lu is not None:
            return lu
    rendu = pdf.pdf_du_html(html, logo=doc.logo)
    try:
        _stocker(doc, langue, empreinte, rendu, stocke)
    except Exception:  # storage down: the family still gets its document
        log.exception("Could not store the PDF %s", doc.cle)
    return rendu


def reponse(doc: Document):
    return pdf.reponse_pdf(contenu(doc), doc.nom)


def _document(cle: str) -> Document | None:
    genre, _sep, reste = cle.partition(":")
    if genre == "facture":
        f = Facture.objects.emises().select_related("etablissement").filter(pk=reste)
        f = f.prefetch_related("avoirs")
        objet = f.first()
        return facture(objet) if objet else None
    if genre == "recu":
        r = Reglement.objects.select_related("etablissement", "famille").filter(pk=reste)
        objet = r.first()
        return recu(objet) if objet else None
    return None


@task()
def rendre_documents(cles: list[str]) -> int:
    """Render and store documents in the site's language (queued by `a_rendre`)."""
    faits = 0
    with translation.override(settings.LANGUAGE_CODE):
        for cle in cles:
            doc = _document(cle)
            if doc is not None:
                contenu(doc)
                faits += 1
    return faits


def a_rendre(*cles: str) -> None:
    """Queue the rendering of documents (one task) once the current transaction commits."""
    transaction.on_commit(lambda: rendre_documents.enqueue(list(cles)))
