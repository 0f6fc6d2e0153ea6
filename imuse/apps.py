from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImuseConfig(AppConfig):
    name = "imuse"
    verbose_name = _("School")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from imuse import extensions, session, texte

        extensions.verifier()
        user_logged_in.connect(session.tamponner, dispatch_uid="imuse.session.tamponner")
        texte.proteger_les_modeles()
