"""WSGI entry point for gunicorn (see docs/operations.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agilepa.settings")
application = get_wsgi_application()
