"""A web worker's start (agilepa.wsgi, what gunicorn imports): the URL conf is loaded before
the first request and what was loaded is frozen out of the garbage collector's full passes
(bench/README.md: a full collection over it took about 120 ms, on one request in three or four
of the heavier routes)."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import gc, sys
import agilepa.wsgi
print(gc.get_freeze_count(), "agilepa.urls" in sys.modules)
"""


def test_the_worker_loads_the_url_conf_and_freezes_what_it_loaded() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "agilepa.settings"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    frozen, urls_loaded = done.stdout.split()
    assert urls_loaded == "True"
    assert int(frozen) > 100_000  # Django, the apps, their views and the API's schemas
