from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImuseConfig(AppConfig):
    name = "imuse"
    verbose_name = _("School")

    def ready(self) -> None:
        from imuse import extensions, texte

        extensions.verifier()
        texte.proteger_les_modeles()
