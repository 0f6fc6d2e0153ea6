"""Password rules of the portal: 8 to 64 characters, upper- and lower-case letters and a
digit (DESIGN §3)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LongueurValidator:
    def __init__(self, minimum: int = 8, maximum: int = 64):
        self.minimum = minimum
        self.maximum = maximum

    def validate(self, password, user=None):
        if not self.minimum <= len(password) <= self.maximum:
            raise ValidationError(
                _("The password must be between %(min)d and %(max)d characters long.")
                % {"min": self.minimum, "max": self.maximum},
                code="password_length",
            )

    def get_help_text(self):
        return _("Your password must contain between %(min)d and %(max)d characters.") % {
            "min": self.minimum,
            "max": self.maximum,
        }


class CaracteresValidator:
    def validate(self, password, user=None):
        errors = []
        if not any(c.isupper() for c in password):
            errors.append(_("The password must contain at least one upper-case letter."))
        if not any(c.islower() for c in password):
            errors.append(_("The password must contain at least one lower-case letter."))
        if not any(c.isdigit() for c in password):
            errors.append(_("The password must contain at least one digit."))
        if errors:
            raise ValidationError(errors, code="password_characters")

    def get_help_text(self):
        return _(
            "Your password must contain at least one upper-case letter, one lower-case letter "
            "and one digit."
        )
