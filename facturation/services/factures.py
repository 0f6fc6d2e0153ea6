"""State changes of invoices: issue an invoice, invoice a rental (credit notes:
services/avoirs.py).

Every function is atomic, takes keyword-only arguments with the acting user (`par`), and
raises FacturationError, which views and admin actions turn into a message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from facturation.documents import a_rendre
from facturation.models import (
    ZERO,
    Compteur,
    Facture,
    LigneFacture,
    Location,
    Nature,
)
from famille.notifications import TypeNotification, notifier
from imuse.journal import journaliser

log = logging.getLogger("facturation.services")

SERIE_FACTURE = "FC"
SERIE_AVOIR = "AV"
SERIE_REGLEMENT = "RC"


class FacturationError(Exception):
    """A change refused for a reason staff or the family can read."""


@dataclass(frozen=True)
class Ligne:
    designation: str
    prix_unitaire: Decimal
    quantite: Decimal = Decimal("1")
    remise: Decimal = ZERO
    eleve: object | None = None
    # Priced from a tariff grid: the rule's name, the kind of line, the course sheet.
    tarif: str = ""
    genre: str = ""
    inscription: object | None = None


def numero_suivant(etablissement, serie: str, jour: date) -> str:
    """Draw the next number of a series, e.g. "26FC00042"; call inside a transaction.

    The counter row is locked until the transaction ends, so two concurrent issuers get
    consecutive numbers and a rolled-back issue gives its number back.
    """
    annee = jour.year
    try:
        with transaction.atomic():
            Compteur.objects.get_or_create(etablissement=etablissement, serie=serie, annee=annee)
    except IntegrityError:
        pass  # created meanwhile by a concurrent transaction
    compteur = Compteur.objects.select_for_update().get(
        etablissement=etablissement, serie=serie, annee=annee
    )
    compteur.valeur += 1
    compteur.save(update_fields=["valeur"])
    return f"{annee % 100:02d}{serie}{compteur.valeur:05d}"


def _destinataire(famille) -> dict:
    responsable = famille.responsables.filter(rang=1).first()
    if responsable is None:
        return {"nom": famille.nom, "famille": famille.numero}
    return {
        "civilite": responsable.get_civilite_display(),
        "nom": responsable.nom.upper(),
        "prenom": responsable.prenom,
        "adresse": responsable.adresse,
        "code_postal": responsable.code_postal,
        "ville": responsable.ville,
        "email": responsable.email,
        "famille": famille.numero,
    }


@transaction.atomic
def facture_creer(
    *,
    famille,
    nature: str,
    lignes: list[Ligne],
    par,
    libelle: str = "AVIS DES SOMMES A PAYER",
    date_emission: date | None = None,
    date_echeance: date | None = None,
    remise: Decimal = ZERO,
    emettre: bool = True,
    annee=None,
    periode: str = "",
) -> Facture:
    """Create an invoice with its lines, issued at once unless `emettre` is False."""
    facture = Facture.objects.create(
        etablissement=famille.etablissement,
        famille=famille,
        nature=nature,
        libelle=libelle,
        date_emission=date_emission,
        date_echeance=date_echeance,
        remise=remise,
        cree_par=par,
        annee=annee,
        periode=periode,
    )
    LigneFacture.objects.bulk_create(
        LigneFacture(
            facture=facture,
            eleve=ligne.eleve,
            designation=ligne.designation,
            quantite=ligne.quantite,
            prix_unitaire=ligne.prix_unitaire,
            remise=ligne.remise,
            ordre=i,
            tarif=ligne.tarif,
            genre=ligne.genre,
            inscription=ligne.inscription,
        )
        for i, ligne in enumerate(lignes)
    )
    journaliser(facture, "facture.creer", par=par, lignes=len(lignes), nature=nature)
    if emettre:
        facture = facture_emettre(facture=facture, par=par, date_emission=date_emission)
    return facture


@transaction.atomic
def facture_emettre(*, facture: Facture, par, date_emission: date | None = None) -> Facture:
    """Issue a draft: number it, and freeze its addressee, lines and totals."""
    facture = (
        Facture.objects.select_for_update(of=("self",)).select_related("famille").get(pk=facture.pk)
    )
    if facture.est_emise:
        raise FacturationError(_("Invoice %(numero)s is already issued.") % {"numero": facture})
    lignes = list(facture.lignes.select_related("eleve"))
    if not lignes:
        raise FacturationError(_("An invoice needs at least one line."))
    for ligne in lignes:
        if ligne.eleve is not None and ligne.eleve.famille_id != facture.famille_id:
            raise FacturationError(
                _("%(eleve)s is not a pupil of the family %(famille)s.")
                % {"eleve": ligne.eleve, "famille": facture.famille}
            )
    total_brut = ZERO
    total_remise = facture.remise
    for ligne in lignes:
        ligne.montant = ligne.calculer()
        ligne.eleve_nom = str(ligne.eleve) if ligne.eleve else ""
        total_brut += (ligne.quantite * ligne.prix_unitaire).quantize(Decimal("0.01"))
        total_remise += ligne.remise
    LigneFacture.objects.bulk_update(lignes, ["montant", "eleve_nom"])
    montant = total_brut - total_remise
    if montant < 0:
        raise FacturationError(_("The discount exceeds the total of the invoice."))
    jour = date_emission or facture.date_emission or timezone.localdate()
    facture.date_emission = jour
    facture.date_echeance = facture.date_echeance or jour + timedelta(days=30)
    facture.numero = numero_suivant(facture.etablissement, SERIE_FACTURE, jour)
    facture.destinataire = _destinataire(facture.famille)
    facture.total_brut = total_brut
    facture.total_remise = total_remise
    facture.montant = montant
    facture.statut = Facture.Statut.EMISE
    facture.cree_par = par
    facture.save()
    journaliser(facture, "facture.emettre", par=par, numero=facture.numero, montant=montant)
    a_rendre(f"facture:{facture.pk}")  # its duplicate, stored once committed
    log.info("Invoice %s issued by %s", facture.numero, getattr(par, "pk", None))
    notifier(
        famille=facture.famille,
        type_notification=TypeNotification.FACTURE,
        modele="notification_facture",
        contexte={"facture": facture},
    )
    return facture


def reste_a_payer(facture: Facture) -> Decimal:
    """What is left to pay: the amount, less its credit notes and what was allocated
    (0 once cancelled). Reads the invoice's row as it is in the database."""
    montant, credite, annulee = Facture.objects.values_list(
        "montant", "total_avoirs", "annulee"
    ).get(pk=facture.pk)
    if annulee:
        return ZERO
    paye = facture.imputations.aggregate(s=Sum("montant"))["s"] or ZERO
    return montant - credite - paye


@transaction.atomic
def location_facturer(*, location: Location, par, jour: date | None = None) -> Facture:
    """Issue the invoice (nature location) of a rental contract."""
    location = (
        Location.objects.select_for_update(of=("self",))
        .select_related("instrument", "eleve")
        .get(pk=location.pk)
    )
    if location.facture_id:
        raise FacturationError(_("This rental is already invoiced."))
    designation = _("Rental of %(instrument)s from %(debut)s to %(fin)s") % {
        "instrument": location.instrument,
        "debut": location.date_debut.strftime("%d/%m/%Y"),
        "fin": location.date_fin.strftime("%d/%m/%Y"),
    }
    facture = facture_creer(
        famille=location.eleve.famille,
        nature=Nature.LOCATION,
        lignes=[Ligne(designation, location.loyer, eleve=location.eleve)],
        par=par,
        date_emission=jour,
    )
    location.facture = facture
    location.save(update_fields=["facture"])
    journaliser(
        location, "location.facturer", par=par, famille=facture.famille_id, facture=facture.numero
    )
    return facture
