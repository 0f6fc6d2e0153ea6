from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BacASableConfig(AppConfig):
    name = "bac_a_sable"
    verbose_name = _("Sandbox bank")
