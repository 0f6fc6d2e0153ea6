"""State changes of invoicing (DESIGN §4 and §5), one submodule per concept:
`factures` (issue, invoice a rental), `avoirs` (credit notes, partial or whole),
`reglements` (record a payment, allocate it) and `paiement` (online payment through
eopayment). Every service is re-exported here (`from facturation.services import facture_creer`).

Every function is atomic, takes keyword-only arguments with the acting user (`par`), and
raises FacturationError, which views and admin actions turn into a message.
"""

from facturation.services.avoirs import avoir_creer, avoir_verifier, creditable, facture_annuler
from facturation.services.echeances import (
    echeancier_choisir,
    echeancier_modifiable,
    parametres_echeances,
)
from facturation.services.factures import (
    SERIE_AVOIR,
    SERIE_FACTURE,
    SERIE_REGLEMENT,
    FacturationError,
    Ligne,
    facture_creer,
    facture_emettre,
    location_facturer,
    numero_suivant,
    reste_a_payer,
)
from facturation.services.lot import (
    lot_apercu,
    lot_echouer,
    lot_executer,
    lot_interrompre,
    lot_lancer,
)
from facturation.services.mandats import (
    creancier,
    mandat_actif,
    mandat_enregistrer,
    mandat_prelever,
    mandat_revoquer,
    mandat_signer,
    texte_mandat,
    verifier_compte,
)
from facturation.services.paiement import (
    paiement_clore,
    paiement_confirmer,
    paiement_creer,
    paiement_verifier,
    reponse_traiter,
)
from facturation.services.prelevements import (
    construire_remise,
    refus_remise,
    remise_apercu,
    remise_creer,
    remise_echouer,
    remise_executer,
    remise_interrompre,
    remise_lancer,
)
from facturation.services.reglements import (
    imputation_verifier,
    imputations_supprimer,
    reglement_enregistrer,
    reglement_imputer,
)
from facturation.services.rejets import lire_pain002, rejet_enregistrer, rejets_importer
from facturation.services.relances import relance_envoyer, relances_apercu, relances_lancer
from facturation.services.tarifs import grille_copier

__all__ = [
    "mandat_prelever",
    "rejets_importer",
    "rejet_enregistrer",
    "lire_pain002",
    "remise_creer",
    "remise_echouer",
    "remise_executer",
    "remise_lancer",
    "remise_interrompre",
    "construire_remise",
    "remise_apercu",
    "refus_remise",
    "verifier_compte",
    "texte_mandat",
    "mandat_signer",
    "mandat_revoquer",
    "mandat_enregistrer",
    "mandat_actif",
    "creancier",
    "SERIE_AVOIR",
    "SERIE_FACTURE",
    "SERIE_REGLEMENT",
    "FacturationError",
    "avoir_creer",
    "avoir_verifier",
    "creditable",
    "echeancier_choisir",
    "echeancier_modifiable",
    "parametres_echeances",
    "Ligne",
    "facture_annuler",
    "facture_creer",
    "facture_emettre",
    "grille_copier",
    "imputation_verifier",
    "imputations_supprimer",
    "location_facturer",
    "lot_apercu",
    "lot_echouer",
    "lot_executer",
    "lot_interrompre",
    "lot_lancer",
    "numero_suivant",
    "paiement_clore",
    "paiement_confirmer",
    "paiement_creer",
    "paiement_verifier",
    "reglement_enregistrer",
    "reglement_imputer",
    "relance_envoyer",
    "relances_apercu",
    "relances_lancer",
    "reponse_traiter",
    "reste_a_payer",
]
