"""State changes of accounts, one submodule per concept: `mots_de_passe` (reset links,
passwords), `deux_facteurs` (staff two-factor authentication), `invitations`
(first-connection links and codes, bulk sending). Every service is
re-exported here (`from comptes.services import mot_de_passe_definir`)."""

from comptes.services.deux_facteurs import (
    codes_de_secours_renouveler,
    deux_facteurs_activer,
    deux_facteurs_preparer,
    deux_facteurs_verifier,
)
from comptes.services.invitations import (
    InvitationErreur,
    code_invitation_creer,
    invitation_accepter,
    invitation_envoyer,
    invitations_executer,
    invitations_lancer,
)
from comptes.services.mots_de_passe import (
    compte_famille,
    lien_reinitialisation_envoyer,
    mot_de_passe_definir,
)

__all__ = [
    "InvitationErreur",
    "code_invitation_creer",
    "invitation_accepter",
    "invitation_envoyer",
    "invitations_executer",
    "invitations_lancer",
    "codes_de_secours_renouveler",
    "compte_famille",
    "deux_facteurs_activer",
    "deux_facteurs_preparer",
    "deux_facteurs_verifier",
    "lien_reinitialisation_envoyer",
    "mot_de_passe_definir",
]
