"""Demo staff accounts: `gestion` limited to the first site, superuser `admin`."""

from django.contrib.auth.models import Group, Permission

from comptes.models import Utilisateur

APPS_GEREES = [
    "imuse",
    "comptes",
    "famille",
    "eleves",
    "facturation",
    "reinscription",
    "importation",
]


def groupe_gestion() -> Group:
    """The office staff's group: every permission of the portal's apps."""
    groupe, _ = Group.objects.get_or_create(name="Gestion")
    groupe.permissions.set(Permission.objects.filter(content_type__app_label__in=APPS_GEREES))
    return groupe


def _compte(identifiant, mot_de_passe, **valeurs) -> Utilisateur:
    user = Utilisateur.objects.filter(
        identifiant=identifiant, etablissement=valeurs.get("etablissement")
    ).first()
    if user is None:
        user = Utilisateur.objects.create_user(identifiant, mot_de_passe, **valeurs)
    return user


def charger(ctx) -> list[str]:
    gestion = _compte(
        "gestion",
        "Gestion2026",
        etablissement=ctx.etablissement,
        is_staff=True,
        nom="LEROUX",
        prenom="Nathalie",
        email="secretariat@valognes.example",
    )
    gestion.groups.add(groupe_gestion())
    _compte("admin", "Admin2026", is_staff=True, is_superuser=True, email="admin@example.org")
    return [
        "",
        "Log in at http://127.0.0.1:8000/ (site, login / password):",
        f"  Staff of {ctx.etablissement.nom}: gestion / Gestion2026 (sent to the admin)",
        "  Superuser, every site: admin / Admin2026 (any site in the list)",
    ]
