"""The letter of a payment reminder (facturation/templates/pdf/relance.html), one per
Relance, or the letters of a sending in one file to print (families without e-mail)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from facturation.documents import Document
from facturation.models import Relance
from facturation.services import paiement
from imuse.pdf import rendre_pdf
from imuse.requetes import ID, RequeteFigee

GABARIT = "pdf/relance.html"


@dataclass
class Lettre:
    niveau: int
    date: date
    montant: Decimal
    destinataire: dict
    lignes: list[dict]
    dates_precedentes: str


def _lettre(relance: Relance, precedentes: list[date]) -> Lettre:
    lignes = [
        {
            **f,
            "date_emission": date.fromisoformat(f["date_emission"]),
            "date_echeance": date.fromisoformat(f["date_echeance"]),
            "montant": Decimal(f["montant"]),
            "reste": Decimal(f["reste"]),
        }
        for f in relance.factures
    ]
    return Lettre(
        niveau=relance.niveau,
        date=relance.date,
        montant=relance.montant,
        destinataire=relance.destinataire,
        lignes=lignes,
        dates_precedentes=str(
            get_text_list([d.strftime("%d/%m/%Y") for d in precedentes], _("and"))
        ),
    )


def lettres_pdf(relances: list[Relance], etablissement) -> bytes:
    """The letters of `relances` (of one school) in one PDF to print."""
    contexte, titre = _contexte(relances, etablissement)
    return rendre_pdf(GABARIT, contexte, titre, logo=etablissement.logo)


def document(relance: Relance, etablissement) -> Document:
    """The letter of one reminder, as the family downloads it: rendered once and stored
    (facturation/documents.py), laid out again only when what it shows changes."""
    contexte, titre = _contexte([relance], etablissement)
    return Document(
        cle=f"relance:{relance.pk}",
        famille_id=relance.famille_id,
        template=GABARIT,
        contexte=contexte,
        titre=titre,
        nom=f"relance-{relance.date:%Y-%m-%d}.pdf",
        logo=etablissement.logo,
    )


_RELANCES_FAMILLE = RequeteFigee(
    lambda famille_id: Relance.objects.filter(famille=famille_id).order_by("date", "pk"), ID
)


def _contexte(relances: list[Relance], etablissement) -> tuple[dict, str]:
    """The letters' context and title; two queries for the dates of the earlier
    reminders the letters quote."""
    familles = {r.famille_id for r in relances}
    if len(familles) == 1:  # a family's download: compiled once
        lues = _RELANCES_FAMILLE.lister(*familles)
    else:
        lues = Relance.objects.filter(famille__in=familles).order_by("date", "pk")
    anterieures: dict[int, list] = {}
    for r in lues:
        anterieures.setdefault(r.famille_id, []).append(r)
    lettres = []
    for relance in relances:
        depuis = date.fromisoformat(relance.factures[0]["date_echeance"])
        precedentes = [
            r.date
            for r in anterieures.get(relance.famille_id, [])
            if depuis <= r.date and (r.date, r.pk) < (relance.date, relance.pk)
        ]
        lettres.append(_lettre(relance, precedentes))
    contexte = {
        "etablissement": etablissement,
        "paiement_en_ligne": paiement.paiement_propose(etablissement),
        "lettres": lettres,
    }
    if len(relances) == 1:
        titre = _("Payment reminder of %(date)s") % {"date": relances[0].date.strftime("%d/%m/%Y")}
    else:
        titre = _("Payment reminders to print")
    return contexte, titre
