"""Demo staff accounts: `gestion` limited to the first site, superuser `admin`; both
enrolled in two-step verification, with backup codes printed for `make run` users."""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes.deux_facteurs import cle_lisible
from comptes.models import Utilisateur
from comptes.roles import DIRECTION, groupe

CODES_DEMO = 5


def groupe_gestion():
    """The demo office's group: Direction, every permission of the portal's apps."""
    return groupe(DIRECTION)


def _compte(identifiant, mot_de_passe, **valeurs) -> Utilisateur:
    user = Utilisateur.objects.filter(
        identifiant=identifiant, etablissement=valeurs.get("etablissement")
    ).first()
    if user is None:
        user = Utilisateur.objects.create_user(identifiant, mot_de_passe, **valeurs)
    return user


def deux_facteurs_demo(user: Utilisateur) -> tuple[str, list[str]]:
    """An enrolled authenticator app (its key, to add to a phone's app) and fresh backup
    codes, each working once: the demo is run again for more."""
    appareil = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(user=user, name="Démo", confirmed=True)
    secours, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Codes de secours", "confirmed": True}
    )
    secours.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(CODES_DEMO)]
    StaticToken.objects.bulk_create([StaticToken(device=secours, token=c) for c in codes])
    return cle_lisible(appareil), codes


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
    admin = _compte(
        "admin", "Admin2026", is_staff=True, is_superuser=True, email="admin@example.org"
    )
    lignes = [
        "",
        f"Log in at {settings.PORTAIL_URL}/ (site, login / password):",
        f"  Staff of {ctx.etablissement.nom}: gestion / Gestion2026 (sent to the admin)",
        "  Superuser, every site: admin / Admin2026 (any site in the list)",
        "Staff then type a code of two-step verification: a backup code below (each works",
        "once; `make demo` prints new ones), or add the key to an authenticator app.",
    ]
    for user in (gestion, admin):
        cle, codes = deux_facteurs_demo(user)
        lignes.append(f"  {user.identifiant}: backup codes {' '.join(codes)}; app key {cle}")
    return lignes
