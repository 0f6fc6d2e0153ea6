"""WSGI entry point for gunicorn."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imuse.settings")

application = get_wsgi_application()

# Refuse to start without a secret key rather than fail at the first request: Django
# raises ImproperlyConfigured when an empty SECRET_KEY is read.
settings.SECRET_KEY  # noqa: B018
