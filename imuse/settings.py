"""Settings of the family portal, read from environment variables only.

The README lists every variable. Development defaults (DEBUG=1) need nothing set;
production requires SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


VRAI = {"1", "true", "yes", "on", "oui", "vrai"}
FAUX = {"0", "false", "no", "off", "non", "faux"}


def lire_bool(value: str, name: str = "value") -> bool:
    """A yes/no setting; anything that is not clearly one or the other is an error."""
    mot = value.strip().lower()
    if mot in VRAI:
        return True
    if mot in FAUX:
        return False
    raise ValueError(
        f"{name}={value!r} is neither on ({', '.join(sorted(VRAI))}) "
        f"nor off ({', '.join(sorted(FAUX))})"
    )


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return lire_bool(value, name)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG")

# Without DEBUG the key is required, but only where it is used: Django refuses to sign
# anything with an empty key, and imuse/wsgi.py refuses to serve. Management commands
# that need no key (makemigrations, check) still run.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first: their translations and templates take precedence over Django's.
    "imuse",
    "comptes",
    "famille",
    "eleves",
    "facturation",
    "reinscription",
    "importation",
    # django.contrib.admin with our site as admin.site (the index shows the work waiting)
    "imuse.admin_apps.ImuseAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Staff two-factor authentication: an authenticator app and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

# Admin imports of more rows than this run as a background task, with a progress page.
IMPORT_LIGNES_SYNCHRONES = int(os.environ.get("IMPORT_LIGNES_SYNCHRONES", "1000"))
# A bulletins ZIP bigger than this (bytes) is read as a background task, with progress.
BULLETINS_TAILLE_SYNCHRONE = int(os.environ.get("BULLETINS_TAILLE_SYNCHRONE", str(5 * 2**20)))

# The sandbox bank (app bac_a_sable): a simulated bank page for the demo and the tests,
# never in production's schema or URLs unless asked for.
BAC_A_SABLE = env_bool("BAC_A_SABLE", DEBUG)
if BAC_A_SABLE:
    INSTALLED_APPS.append("bac_a_sable")
    # How facturation's status check asks the sandbox bank (facturation never imports it).
    PAIEMENT_STATUT_BAC_A_SABLE = "bac_a_sable.services.statut"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "imuse.session.InactiviteMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before anything reads the body (CSRF checks read the form in process_view): a body
    # far above the upload limit is refused unread (413); a NUL byte in the URL or a
    # plain form is answered 400 before any lookup (PostgreSQL refuses it).
    "imuse.middleware.TailleRequeteMiddleware",
    "imuse.middleware.CaracteresNulsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "comptes.middleware.PremiereConnexionMiddleware",
    # No admin page before the staff account's second factor (comptes/middleware.py).
    "comptes.middleware.DeuxFacteursMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

# Extension points (imuse/extensions.py): the core names the apps' parts by string only;
# each path is resolved at start-up, so a typo stops the server instead of hiding a part.
EXTENSIONS = {
    # Accueil's notices, in this order: f(request) -> list[Notice]
    "accueil_notices": [
        "eleves.accueil.notices",
        "facturation.accueil.notices",
        "facturation.accueil_echeances.notices",
        "reinscription.accueil.notices",
    ],
    # Tabs added to a pupil's file after the app's own: f(request, eleve) -> list[Onglet]
    "onglets_eleve": ["reinscription.onglets.onglets_eleve"],
    # Plan du site, between Accueil and Accessibilité: f(request) -> list[Lien]
    "plan_du_site": [
        "famille.plan.entrees",
        "eleves.plan.entrees",
        "facturation.plan.entrees",
    ],
    # Demo loaders, bottom layer first: f(ctx) -> list[str] (lines printed)
    "demo": [
        "imuse.demo.charger",
        "comptes.demo.charger",
        "famille.demo.charger",
        "eleves.demo.charger",
        "eleves.demo_agenda.charger",
        "facturation.demo.charger",
        "facturation.demo_lot.charger",
        "reinscription.demo.charger",
        "importation.demo.charger",
    ],
    # Accueil's "What's new" since the last visit: f(portail, depuis) -> list[Nouveaute]
    "nouveautes": [
        "eleves.nouveautes.nouveautes",
        "facturation.nouveautes.nouveautes",
        "reinscription.nouveautes.nouveautes",
    ],
    # The admin index's work waiting for the staff's site, one count query per entry:
    # f(request) -> list[dict(libelle, nombre, url)] (imuse/tableau_de_bord.py)
    "tableau_de_bord": [
        "imuse.tableau_de_bord.travail_en_attente",
        "comptes.tableau_de_bord.travail_en_attente",
        "famille.tableau_de_bord.travail_en_attente",
        "facturation.tableau_de_bord.travail_en_attente",
        "reinscription.tableau_de_bord.travail_en_attente",
    ],
    # The staff's overview of a family (famille/admin_synthese.py), after its guardians:
    # f(request, famille) -> list[dict(titre, template, ...)] (the template's context)
    "synthese_famille": [
        "eleves.synthese.sections",
        "facturation.synthese.sections",
        "facturation.suivi.sections",
        "reinscription.synthese.sections",
    ],
    # Everything a family's data export holds ("Mes données"), bottom layer first:
    # f(famille) -> list[imuse.donnees.Table | imuse.donnees.Fichier]
    "donnees_famille": [
        "famille.donnees.donnees",
        "eleves.donnees.donnees",
        "facturation.donnees.donnees",
        "reinscription.donnees.donnees",
    ],
}
# The portal object's parts (imuse/portail.py), each f(...) as its docstring says.
PORTAIL_FOURNISSEURS = {
    "responsable": "famille.portail.responsable_de",
    "eleves": "eleves.portail.eleves_du_portail",
    "campagne": "reinscription.lecture.campagne_du_portail",
    # The start of the guardian's previous visit, stamped once per session: f(portail)
    "visite_precedente": "famille.portail.visite_precedente",
}

# Loaded with the account of each request (comptes.backends.IdentifiantBackend.get_user):
# the family side of every portal page, in the same query.
COMPTES_CHARGES_AVEC = ["responsable__famille__etablissement"]
# And annotated on it (each f(today) gives {name: expression on the account's row}): its
# site's current school year, and whether a re-enrolment campaign is open there (every
# pupil page's tabs ask).
COMPTES_ANNOTE_AVEC = [
    "imuse.portail.annee_du_compte",
    "reinscription.lecture.campagne_du_compte",
]

ROOT_URLCONF = "imuse.urls"
WSGI_APPLICATION = "imuse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's cached loader, every fixed translation frozen (imuse/gabarits.py).
            "loaders": [
                (
                    "imuse.gabarits.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "imuse.context_processors.portail",
                "imuse.context_processors.csrf",
            ],
        },
    },
]
# Form fields rendered in Python (imuse/rendu.py), the same HTML as the templates.
FORM_RENDERER = "imuse.rendu.Rendu"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Each gunicorn worker keeps its connection (a new one per request cost more than
        # most pages), checked before reuse after an error or a server restart.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool(
    "DB_PREPARED_STATEMENTS", True
):
    # Server-side binding lets psycopg prepare a statement run 5 times on a connection:
    # PostgreSQL then skips planning it (planning Accueil's 14 queries took 3.3 ms, running
    # them 0.6). Turn it off (0) behind a pooler in transaction mode (PgBouncer).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "comptes.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "comptes.backends.IdentifiantBackend",
]
# Argon2id with OWASP's parameters (comptes/hashers.py); older hashes are upgraded at login.
PASSWORD_HASHERS = [
    "comptes.hashers.Argon2Hasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "comptes.validators.LongueurValidator"},
    {"NAME": "comptes.validators.CaracteresValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "portail:accueil"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
# First-connection links of invitations (comptes/tokens.py) and printed codes.
INVITATION_VALIDITE_JOURS = env_int("INVITATION_VALIDITE_JOURS", 14)

# Staff two-factor authentication (django-otp): the name authenticator apps show, and
# no key or token shown on the admin pages of devices.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Portail familles")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Identifiants are unique per Etablissement only; our backend resolves them with the site.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]

# Throttling: an identifiant+IP pair is locked after 5 failures, for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "comptes.backends.cle_axes"
AXES_LOCKOUT_CALLABLE = "comptes.views.verrouille"
AXES_RESET_ON_SUCCESS = True
# A locked pair stays locked 15 minutes from the last failure that counted, no longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "comptes.backends.ip_client"
BEHIND_PROXY = env_bool("BEHIND_PROXY")

# Sessions end after 30 idle minutes: a request pushes the expiry back, writing the
# session at most once a minute (imuse.session.InactiviteMiddleware), not on every request.
SESSION_COOKIE_AGE = env_int("SESSION_TIMEOUT_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ECRITURE_INTERVALLE = env_int("SESSION_WRITE_INTERVAL_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English keeps day/month dates (imuse/formats/en/formats.py).
FORMAT_MODULE_PATH = ["imuse.formats"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
MEDIA_ROOT = BASE_DIR / "media"
# Uploaded and generated documents: never under a public URL, served by checked views.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "private"))
# Several machines: with AWS_STORAGE_BUCKET_NAME set, private files live in S3-compatible
# object storage (django-storages, boto3) instead of PRIVATE_ROOT, still private (no
# public ACL, no public URL) and served only by the same checked views (imuse/storage.py).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
PRIVATE_STORAGE_S3 = bool(AWS_STORAGE_BUCKET_NAME)
if PRIVATE_STORAGE_S3:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
    AWS_S3_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "private")
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None
    AWS_S3_SIGNATURE_VERSION = "s3v4"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Whole request bodies (imuse/middleware.py): the 2 MB upload and its form, no more.
REQUETE_TAILLE_MAX = env_int("REQUEST_MAX_BYTES", 3 * 1024 * 1024)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_SSL_CERTFILE = os.environ.get("EMAIL_SSL_CERTFILE") or None
EMAIL_SSL_KEYFILE = os.environ.get("EMAIL_SSL_KEYFILE") or None
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_USE_LOCALTIME = env_bool("EMAIL_USE_LOCALTIME")
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[Portail familles] ")
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portail familles <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("", a) for a in env_list("ADMINS")]
# The outbox (imuse/emails.py): attempts per message, first retry delay (then doubled).
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 6)
EMAIL_RETRY_DELAY_SECONDS = env_int("EMAIL_RETRY_DELAY_SECONDS", 60)

# Background tasks (django-tasks): the database backend, run by `manage.py db_worker`;
# with REDIS_URL set, Redis through django-tasks-rq, run by as many workers as needed on
# any machine: `manage.py rqworker default --job-class django_tasks_rq.Job --with-scheduler`
# (the scheduler starts the outbox's delayed retries). TASKS_BACKEND overrides both.
REDIS_URL = os.environ.get("REDIS_URL", "")
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks_rq.RQBackend" if REDIS_URL else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env_int("RQ_TIMEOUT", 900)}}
# Absolute address used in e-mails and payment return links (no request at hand there).
PORTAIL_URL = os.environ.get("PORTAIL_URL", "http://127.0.0.1:8000").rstrip("/")

# Security headers; production values come with DEBUG off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: everything comes from our static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *env_list("CSP_FORM_ACTION")],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
