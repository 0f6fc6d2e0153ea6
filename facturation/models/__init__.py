"""Invoices, credit notes, payments and their allocations, instrument rentals, and online
payment attempts (DESIGN §4 and §5), one submodule per concept; every model is
re-exported here (`from facturation.models import Facture`).
"""

from facturation.models.documents import DocumentPdf
from facturation.models.echeances import Echeance, EcheanceQuerySet, ParametresEcheances
from facturation.models.factures import (
    ZERO,
    Avoir,
    AvoirQuerySet,
    Compteur,
    Facture,
    FactureQuerySet,
    LigneFacture,
    ModeReglement,
    Nature,
    montant_field,
)
from facturation.models.locations import Instrument, Location, LocationQuerySet
from facturation.models.paiement import (
    NotificationPaiement,
    PaiementEnLigne,
    PaiementEnLigneQuerySet,
    ParametresPaiement,
)
from facturation.models.reglements import Imputation, Reglement, ReglementQuerySet
from facturation.models.relances import EnvoiRelances, Niveau, Relance, RelanceQuerySet
from facturation.models.sepa import (
    LignePrelevement,
    LignePrelevementQuerySet,
    MandatQuerySet,
    MandatSepa,
    MotifRejet,
    RemisePrelevement,
)
from facturation.models.tarifs import (
    GrilleTarifaire,
    LotFacturation,
    ParametresFacturation,
    Periode,
    Public,
    RegleTarif,
    Residence,
    TarifLocation,
    TrancheQF,
    TypeEnseignement,
)

__all__ = [
    "RemisePrelevement",
    "MotifRejet",
    "MandatSepa",
    "MandatQuerySet",
    "LignePrelevementQuerySet",
    "LignePrelevement",
    "ZERO",
    "Avoir",
    "AvoirQuerySet",
    "Compteur",
    "DocumentPdf",
    "Echeance",
    "EnvoiRelances",
    "EcheanceQuerySet",
    "Facture",
    "FactureQuerySet",
    "GrilleTarifaire",
    "Imputation",
    "Instrument",
    "LigneFacture",
    "Location",
    "LocationQuerySet",
    "LotFacturation",
    "ModeReglement",
    "Nature",
    "Niveau",
    "NotificationPaiement",
    "PaiementEnLigne",
    "PaiementEnLigneQuerySet",
    "ParametresEcheances",
    "ParametresFacturation",
    "ParametresPaiement",
    "Periode",
    "Public",
    "RegleTarif",
    "Reglement",
    "Relance",
    "RelanceQuerySet",
    "ReglementQuerySet",
    "Residence",
    "TarifLocation",
    "TrancheQF",
    "TypeEnseignement",
    "montant_field",
]
