from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _roles_completer(sender, app_config=None, using="default", apps=None, **kwargs):
    """After each app's migrations: its permissions join the roles that name them."""
    from django.contrib.auth.management import create_permissions

    from comptes.roles import APPS_DU_PORTAIL, roles_appliquer

    if sender.label not in APPS_DU_PORTAIL:
        return
    if apps is None:  # `flush` (transactional tests) sends no app registry
        from django.apps import apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    # Django's own handler may run after this one: make sure the permissions exist.
    create_permissions(sender, verbosity=0, using=using, apps=apps)
    roles_appliquer(Group, Permission, apps_labels=[sender.label])


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = _("Accounts")

    def ready(self):
        post_migrate.connect(_roles_completer, dispatch_uid="comptes.roles")
