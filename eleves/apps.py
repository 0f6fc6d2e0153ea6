from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElevesConfig(AppConfig):
    name = "eleves"
    verbose_name = _("Pupils and teaching")
