"""Staff roles as Django groups (DESIGN, Staff): Secrétariat (the office), Comptabilité
(accounting) and Direction. Each role is a list of (app, model, actions): "*" for every
model of the app, actions among add/change/delete/view.

The groups are created by a data migration (comptes/migrations/0005_roles.py) and kept
complete after every `migrate` (post_migrate, comptes/apps.py): permissions of models
added later join their roles. Permissions a school gives a group by hand stay: roles only
add, never remove.
"""

from __future__ import annotations

SECRETARIAT = "Secrétariat"
COMPTABILITE = "Comptabilité"
DIRECTION = "Direction"

TOUT = ("add", "change", "delete", "view")
LIRE = ("view",)

APPS_DU_PORTAIL = (
    "imuse",
    "comptes",
    "famille",
    "eleves",
    "facturation",
    "reinscription",
    "importation",
)

ROLES: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    SECRETARIAT: [
        ("famille", "*", TOUT),
        ("eleves", "*", TOUT),
        ("reinscription", "*", TOUT),
        ("importation", "*", TOUT),
        ("comptes", "utilisateur", ("add", "change", "view")),
        ("imuse", "*", LIRE),
        ("imuse", "demandemodification", ("change", "view")),
        ("imuse", "anneescolaire", ("add", "change", "view")),
        ("imuse", "courriel", ("change", "view")),
        ("facturation", "*", LIRE),
    ],
    COMPTABILITE: [
        ("facturation", "*", TOUT),
        ("famille", "*", LIRE),
        ("eleves", "*", LIRE),
        ("reinscription", "*", LIRE),
        ("comptes", "utilisateur", LIRE),
        ("imuse", "*", LIRE),
        ("imuse", "courriel", ("change", "view")),
    ],
    DIRECTION: [(app, "*", TOUT) for app in APPS_DU_PORTAIL],
}


def _codenames(Permission, regles, apps_labels=None):
    permissions = Permission.objects.select_related("content_type")
    if apps_labels is not None:
        permissions = permissions.filter(content_type__app_label__in=apps_labels)
    voulues = []
    for permission in permissions:
        action, _, modele = permission.codename.partition("_")
        for app, modele_regle, actions in regles:
            if (
                permission.content_type.app_label == app
                and modele_regle in ("*", permission.content_type.model)
                and action in actions
            ):
                voulues.append(permission)
                break
    return voulues


def roles_appliquer(Group, Permission, apps_labels=None) -> None:
    """Create the three groups if missing and add each one's permissions (of the given
    apps only, or of all). Works with the historical models of a migration too."""
    for nom, regles in ROLES.items():
        groupe, _ = Group.objects.get_or_create(name=nom)
        groupe.permissions.add(*_codenames(Permission, regles, apps_labels))


def groupe(nom: str):
    """One role's group (the data migration created it)."""
    from django.contrib.auth.models import Group

    return Group.objects.get(name=nom)
