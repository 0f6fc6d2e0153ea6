from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportationConfig(AppConfig):
    name = "importation"
    verbose_name = _("Data import")
