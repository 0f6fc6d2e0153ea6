from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilleConfig(AppConfig):
    name = "famille"
    verbose_name = _("Families")
