"""Invoicing in the family's data export: invoices and their lines, credit notes,
payments and their allocations, rentals, online payment attempts, and a PDF of every
issued invoice and every receipt (the same documents as the portal's duplicates)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from facturation.models import (
    Avoir,
    Facture,
    Imputation,
    LigneFacture,
    Location,
    PaiementEnLigne,
    Reglement,
)
from facturation.services import paiement, reste_a_payer
from imuse.donnees import Fichier, Table, lignes, nom_de_fichier
from imuse.pdf import rendre_pdf


def _pdf_facture(facture: Facture):
    def contenu() -> bytes:
        reste = reste_a_payer(facture)
        contexte = {
            "etablissement": facture.etablissement,
            "paiement_en_ligne": paiement.paiement_propose(facture.etablissement),
            "facture": facture,
            "lignes": facture.lignes.all(),
            "paye": None if facture.annulee else facture.net - reste,
            "reste": reste,
            "duplicata": True,
        }
        titre = _("Invoice %(numero)s") % {"numero": facture.numero}
        return rendre_pdf("pdf/facture.html", contexte, titre, logo=facture.etablissement.logo)

    return contenu


def _pdf_recu(reglement: Reglement, responsable):
    def contenu() -> bytes:
        contexte = {
            "etablissement": reglement.etablissement,
            "paiement_en_ligne": paiement.paiement_propose(reglement.etablissement),
            "reglement": reglement,
            "imputations": reglement.imputations.select_related("facture"),
            "responsable": responsable,
            "duplicata": True,
        }
        titre = _("Receipt %(numero)s") % {"numero": reglement.numero}
        return rendre_pdf("pdf/recu.html", contexte, titre, logo=reglement.etablissement.logo)

    return contenu


def donnees(famille) -> list:
    factures = (
        Facture.objects.de_la_famille(famille)
        .select_related("etablissement")
        .prefetch_related("avoirs")
    )
    reglements = Reglement.objects.de_la_famille(famille).select_related("etablissement")
    parts = [
        Table("factures", lignes(Facture.objects.filter(famille=famille).emises())),
        Table("lignes_factures", lignes(LigneFacture.objects.filter(facture__in=factures))),
        Table("avoirs", lignes(Avoir.objects.de_la_famille(famille))),
        Table("reglements", lignes(reglements)),
        Table("imputations", lignes(Imputation.objects.filter(reglement__in=reglements))),
        Table("locations", lignes(Location.objects.de_la_famille(famille))),
        Table("paiements_en_ligne", lignes(PaiementEnLigne.objects.de_la_famille(famille))),
    ]
    responsable = famille.responsables.filter(rang=1).first()
    for facture in factures:
        parts.append(
            Fichier(f"factures/facture-{nom_de_fichier(facture.numero)}.pdf", _pdf_facture(facture))
        )
    for reglement in reglements:
        parts.append(
            Fichier(
                f"recus/recu-{nom_de_fichier(reglement.numero)}.pdf",
                _pdf_recu(reglement, responsable),
            )
        )
    return parts
