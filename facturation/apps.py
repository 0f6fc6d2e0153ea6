from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacturationConfig(AppConfig):
    name = "facturation"
    verbose_name = _("Invoicing")
