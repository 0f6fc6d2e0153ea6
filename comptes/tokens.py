"""Links sent by e-mail, built on Django's token generator (single use: the password
hash is part of the token, and it changes once the password is chosen).

- `lien_mot_de_passe`: lost password, one hour (PASSWORD_RESET_TIMEOUT), voided by any
  newer link (the account's key);
- `lien_invitation`: first connection, 14 days (INVITATION_VALIDITE_JOURS), voided by a
  newer invitation (its date is part of the token).
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class LienMotDePasse(PasswordResetTokenGenerator):
    key_salt = "comptes.tokens.LienMotDePasse"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.cle_reinitialisation}{timestamp}"


class LienInvitation(PasswordResetTokenGenerator):
    key_salt = "comptes.tokens.LienInvitation"

    def _make_hash_value(self, user, timestamp):
        invite = user.invite_le.timestamp() if user.invite_le else ""
        return f"{user.pk}{user.password}{invite}{user.premiere_connexion_le}{timestamp}"

    def check_token(self, user, token):
        # Django's check with our own validity instead of PASSWORD_RESET_TIMEOUT.
        if not (user and token) or user.invite_le is None:
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        validite = settings.INVITATION_VALIDITE_JOURS * 24 * 3600
        return (self._num_seconds(self._now()) - ts) <= validite


lien_mot_de_passe = LienMotDePasse()
lien_invitation = LienInvitation()
