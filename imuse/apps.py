from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImuseConfig(AppConfig):
    name = "imuse"
    verbose_name = _("School")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from imuse import extensions, session, texte

        extensions.verifier()
        user_logged_in.connect(session.tamponner, dispatch_uid="imuse.session.tamponner")
        texte.proteger_les_modeles()
        connection_created.connect(garder_les_requetes_preparees, dispatch_uid="imuse.preparees")


# psycopg keeps 100 prepared statements a connection: the portal's pages read ~80 distinct
# ones, the admin and the forms as many again, so a worker serving both kept evicting them,
# and each came back planned again for its first ten runs (the pupils' course rows: 2.7 ms
# of planning for 0.25 ms of execution).
PREPAREES_MAX = 1000


def garder_les_requetes_preparees(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        connection.connection.prepared_max = PREPAREES_MAX
