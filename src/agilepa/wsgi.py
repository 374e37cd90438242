"""WSGI entry point for gunicorn (see docs/operations.md).

Each worker loads the URL conf (so every app's views and the API) before its first request, then
moves everything loaded so far out of the garbage collector's sight (`gc.freeze`): those objects
live as long as the worker, and a full collection walking all of them took about 120 ms, every
few requests on a route that builds many rows (bench/README.md, "Every route within budget");
with them frozen a full collection takes a few milliseconds."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agilepa.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports the views now, not on the first request
gc.freeze()
