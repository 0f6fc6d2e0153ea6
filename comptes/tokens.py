"""Password-reset links: single use (the password hash changes), one hour (the
PASSWORD_RESET_TIMEOUT setting), and voided by any newer link (the account's key)."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class LienMotDePasse(PasswordResetTokenGenerator):
    key_salt = "comptes.tokens.LienMotDePasse"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.cle_reinitialisation}{timestamp}"


lien_mot_de_passe = LienMotDePasse()
