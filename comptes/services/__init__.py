"""State changes of accounts, one submodule per concept: `mots_de_passe` (reset links,
passwords), `deux_facteurs` (staff two-factor authentication). Every service is
re-exported here (`from comptes.services import mot_de_passe_definir`)."""

from comptes.services.deux_facteurs import (
    codes_de_secours_renouveler,
    deux_facteurs_activer,
    deux_facteurs_preparer,
    deux_facteurs_verifier,
)
from comptes.services.mots_de_passe import (
    compte_famille,
    lien_reinitialisation_envoyer,
    mot_de_passe_definir,
)

__all__ = [
    "codes_de_secours_renouveler",
    "compte_famille",
    "deux_facteurs_activer",
    "deux_facteurs_preparer",
    "deux_facteurs_verifier",
    "lien_reinitialisation_envoyer",
    "mot_de_passe_definir",
]
