"""Staff roles as groups: Secrétariat, Comptabilité, Direction (comptes/roles.py).

On a new database the permissions do not exist yet when this runs (Django creates them
after migrating): the groups are created empty here and filled by comptes' post_migrate
handler (comptes/apps.py), which runs at the end of every `migrate`."""

from django.db import migrations


def creer_roles(apps, schema_editor):
    from comptes.roles import roles_appliquer

    roles_appliquer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("comptes", "0004_index_identifiant"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(creer_roles, migrations.RunPython.noop)]
