"""Exports for the treasury and the accounting (docs/facturation.md, "Exports comptables"):
invoices, credit notes, payments, allocations and the online payments by day, for one
school and one period, as CSV that Excel and LibreOffice open as they are (UTF-8 with a
BOM, semicolons, French decimal comma, dates dd/mm/yyyy). Reads only.

Each export is a list of columns (header, function of the row) and a queryset read in
chunks: a fixed number of queries whatever the period, the file streamed."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facturation import suivi
from facturation.models import (
    ZERO,
    Avoir,
    Facture,
    Imputation,
    PaiementEnLigne,
    Periode,
    Reglement,
)

PAR_PAQUET = 2000


def cellule(valeur) -> str:
    """A CSV cell a spreadsheet never reads as a formula (as the re-enrolment export)."""
    texte = "" if valeur is None else str(valeur)
    if texte[:1] in ("=", "+", "-", "@", "\t", "\r"):
        texte = "'" + texte
    return texte


def montant(valeur: Decimal | None) -> str:
    """1234.5 → "1234,50" (no thousands separator: the spreadsheet reads a number)."""
    return f"{(valeur or ZERO):.2f}".replace(".", ",")


def jour(valeur: date | None) -> str:
    return valeur.strftime("%d/%m/%Y") if valeur else ""


def oui_non(valeur: bool) -> str:
    return _("yes") if valeur else _("no")


@dataclass(frozen=True)
class Export:
    code: str
    libelle: str
    colonnes: list  # [(header, function of the row)]
    lignes: object  # function(etablissement, du, au) -> iterable of rows


def _factures(etablissement, du, au):
    return (
        suivi.avec_suivi(
            Facture.objects.emises().filter(
                etablissement=etablissement, date_emission__range=(du, au)
            )
        )
        .select_related("famille", "annee")
        .order_by("date_emission", "numero")
    )


def _avoirs(etablissement, du, au):
    return (
        Avoir.objects.filter(etablissement=etablissement, date__range=(du, au))
        .select_related("facture__famille")
        .order_by("date", "numero")
    )


def _reglements(etablissement, du, au):
    reglements = list(
        Reglement.objects.filter(etablissement=etablissement, date__range=(du, au))
        .select_related("famille")
        .avec_non_impute()
        .order_by("date", "numero")
    )
    factures = defaultdict(list)
    for reglement_id, numero in (
        Imputation.objects.filter(reglement__in=[r.pk for r in reglements])
        .order_by("facture__numero")
        .values_list("reglement", "facture__numero")
    ):
        factures[reglement_id].append(numero)
    for reglement in reglements:
        reglement.factures_reglees = ", ".join(factures[reglement.pk])
        yield reglement


def _imputations(etablissement, du, au):
    return (
        Imputation.objects.filter(
            reglement__etablissement=etablissement, reglement__date__range=(du, au)
        )
        .select_related("reglement__famille", "facture")
        .annotate(
            paye_facture=Sum("facture__imputations__montant"),
        )
        .order_by("reglement__date", "reglement__numero", "facture__numero")
    )


@dataclass
class Journee:
    date: date
    nombre: int
    total: Decimal
    references: str


def _payfip(etablissement, du, au):
    confirmes = PaiementEnLigne.objects.filter(
        facture__etablissement=etablissement,
        etat=PaiementEnLigne.Etat.CONFIRME,
        reglement__date__range=(du, au),
    )
    jours = (
        confirmes.values("reglement__date")
        .annotate(nombre=Count("pk"), total=Sum("montant"))
        .order_by("reglement__date")
    )
    references = defaultdict(list)
    for jour_paye, numero, transaction in confirmes.order_by("reglement__numero").values_list(
        "reglement__date", "facture__numero", "transaction_id"
    ):
        references[jour_paye].append(f"{numero}/{transaction}")
    for ligne in jours:
        yield Journee(
            ligne["reglement__date"],
            ligne["nombre"],
            ligne["total"],
            " ".join(references[ligne["reglement__date"]]),
        )


def _paye(facture) -> bool:
    return facture.reste_suivi <= 0 and not facture.annulee


EXPORTS = {
    e.code: e
    for e in [
        Export(
            "factures",
            gettext_lazy("Invoices issued"),
            [
                (gettext_lazy("Family no."), lambda f: f.famille.numero),
                (gettext_lazy("Family"), lambda f: f.famille.nom),
                (gettext_lazy("Invoice no."), lambda f: f.numero),
                (gettext_lazy("Issue date"), lambda f: jour(f.date_emission)),
                (gettext_lazy("Due date"), lambda f: jour(f.date_echeance)),
                (gettext_lazy("Nature"), lambda f: f.get_nature_display()),
                (gettext_lazy("Label"), lambda f: f.libelle),
                (gettext_lazy("School year"), lambda f: f.annee.libelle if f.annee else ""),
                (gettext_lazy("Period"), lambda f: Periode(f.periode).label if f.periode else ""),
                (gettext_lazy("Total before discount"), lambda f: montant(f.total_brut)),
                (gettext_lazy("Discount"), lambda f: montant(f.total_remise)),
                (gettext_lazy("Amount"), lambda f: montant(f.montant)),
                (gettext_lazy("Credit notes"), lambda f: montant(f.total_avoirs)),
                (gettext_lazy("Paid"), lambda f: montant(f.paye_suivi)),
                (gettext_lazy("Left to pay"), lambda f: montant(f.reste_suivi)),
                (gettext_lazy("State"), lambda f: suivi.ETATS.get(f.etat_suivi, "")),
                (gettext_lazy("Invoice paid"), lambda f: oui_non(_paye(f))),
            ],
            _factures,
        ),
        Export(
            "avoirs",
            gettext_lazy("Credit notes"),
            [
                (gettext_lazy("Family no."), lambda a: a.facture.famille.numero),
                (gettext_lazy("Family"), lambda a: a.facture.famille.nom),
                (gettext_lazy("Credit note no."), lambda a: a.numero),
                (gettext_lazy("Date"), lambda a: jour(a.date)),
                (gettext_lazy("Invoice no."), lambda a: a.facture.numero),
                (gettext_lazy("Invoice date"), lambda a: jour(a.facture.date_emission)),
                (gettext_lazy("Nature"), lambda a: a.facture.get_nature_display()),
                (gettext_lazy("Amount"), lambda a: montant(a.montant)),
                (gettext_lazy("Reason"), lambda a: a.motif),
                (
                    gettext_lazy("Lines credited"),
                    lambda a: ", ".join(ligne["designation"] for ligne in a.lignes),
                ),
                (gettext_lazy("Invoice cancelled"), lambda a: oui_non(a.facture.annulee)),
            ],
            _avoirs,
        ),
        Export(
            "reglements",
            gettext_lazy("Payments"),
            [
                (gettext_lazy("Family no."), lambda r: r.famille.numero),
                (gettext_lazy("Family"), lambda r: r.famille.nom),
                (gettext_lazy("Receipt no."), lambda r: r.numero),
                (gettext_lazy("Date"), lambda r: jour(r.date)),
                (gettext_lazy("Nature"), lambda r: r.get_nature_display()),
                (gettext_lazy("Payment method"), lambda r: r.get_mode_display()),
                (gettext_lazy("Amount"), lambda r: montant(r.montant)),
                (gettext_lazy("Allocated"), lambda r: montant(r.montant - r.non_impute)),
                (gettext_lazy("Not allocated"), lambda r: montant(r.non_impute)),
                (gettext_lazy("Reference"), lambda r: r.reference),
                (gettext_lazy("Paid by"), lambda r: r.payeur),
                (gettext_lazy("Invoices paid"), lambda r: r.factures_reglees),
            ],
            _reglements,
        ),
        Export(
            "imputations",
            gettext_lazy("Allocations"),
            [
                (gettext_lazy("Family no."), lambda i: i.reglement.famille.numero),
                (gettext_lazy("Family"), lambda i: i.reglement.famille.nom),
                (gettext_lazy("Receipt no."), lambda i: i.reglement.numero),
                (gettext_lazy("Payment date"), lambda i: jour(i.reglement.date)),
                (gettext_lazy("Payment method"), lambda i: i.reglement.get_mode_display()),
                (gettext_lazy("Invoice no."), lambda i: i.facture.numero),
                (gettext_lazy("Invoice date"), lambda i: jour(i.facture.date_emission)),
                (gettext_lazy("Nature"), lambda i: i.facture.get_nature_display()),
                (gettext_lazy("Amount allocated"), lambda i: montant(i.montant)),
                (
                    gettext_lazy("Invoice paid"),
                    lambda i: oui_non(not i.facture.annulee and i.paye_facture >= i.facture.net),
                ),
            ],
            _imputations,
        ),
        Export(
            "payfip",
            gettext_lazy("Online card payments by day (PayFiP)"),
            [
                (gettext_lazy("Date"), lambda j: jour(j.date)),
                (gettext_lazy("Number of transactions"), lambda j: j.nombre),
                (gettext_lazy("Total"), lambda j: montant(j.total)),
                (gettext_lazy("References (invoice/transaction)"), lambda j: j.references),
            ],
            _payfip,
        ),
    ]
}


class _Tampon:
    """A file-like that hands each CSV row back to the streaming response."""

    def write(self, valeur: str) -> str:
        return valeur


def lignes_csv(export: Export, etablissement, du: date, au: date) -> Iterator[str]:
    """The CSV of `export` row by row, the BOM first."""
    ecrivain = csv.writer(_Tampon(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + ecrivain.writerow([str(titre) for titre, _f in export.colonnes])
    lignes = export.lignes(etablissement, du, au)
    if hasattr(lignes, "iterator"):
        lignes = lignes.iterator(chunk_size=PAR_PAQUET)
    for objet in lignes:
        yield ecrivain.writerow([cellule(f(objet)) for _titre, f in export.colonnes])


def nom_fichier(export: Export, etablissement, du: date, au: date) -> str:
    return f"{export.code}-{etablissement.code}-{du:%Y%m%d}-{au:%Y%m%d}.csv"
