"""Invoicing in the family's data export: invoices and their lines, credit notes,
payments and their allocations, rentals, online payment attempts, and a PDF of every
issued invoice and every receipt (the same documents as the portal's duplicates)."""

from __future__ import annotations

from facturation import documents
from facturation.models import (
    Avoir,
    Facture,
    Imputation,
    LigneFacture,
    Location,
    PaiementEnLigne,
    Reglement,
)
from imuse.donnees import Fichier, Table, lignes, nom_de_fichier


def _pdf_facture(facture: Facture):
    return lambda: documents.contenu(documents.facture(facture))


def _pdf_recu(reglement: Reglement, responsable):
    return lambda: documents.contenu(documents.recu(reglement, responsable))


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
