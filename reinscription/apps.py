from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReinscriptionConfig(AppConfig):
    name = "reinscription"
    verbose_name = _("Re-enrolment")
