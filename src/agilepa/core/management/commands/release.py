"""`python -m agilepa release`: what must happen before the processes start: apply the
migrations, create the cache table, collect the static files (skipped when nothing changed since
the last collection), compile the translations, and load the identity providers of the file
named by AGILEPA_IDENTITY_PROVIDERS when there is one. Run by `scripts/serve_production.sh release`
and the release unit."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand

FINGERPRINT = ".agilepa-sources"


def static_sources_fingerprint() -> str:
    """Every static source file's name, size and modification time, and the storage: what
    decides whether a new collection (a few dozen seconds of hashing and compressing) is
    needed."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "Migrate, collect static files (when changed), compile translations, load the "
        "identity providers' file"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=verbosity)
        # The throttles' counters (settings.CACHES); migrate makes it too, a no-op when it exists.
        call_command("createcachetable", verbosity=verbosity)
        if os.environ.get("AGILEPA_IDENTITY_PROVIDERS"):
            # The providers of the configuration file follow each deployment: a provider the
            # file no longer lists is deactivated before the new processes serve a login.
            call_command("load_identity_providers", verbosity=verbosity)
        root = Path(settings.STATIC_ROOT)
        stamp = root / FINGERPRINT
        current = static_sources_fingerprint()
        if (root / "staticfiles.json").exists() and stamp.exists() and stamp.read_text() == current:
            if verbosity:
                self.stdout.write("Static files unchanged since the last collection.")
        else:
            call_command("collectstatic", interactive=False, verbosity=verbosity)
            stamp.write_text(current)
        # settings.LOCALE_PATHS names the catalogue, wherever the command runs from.
        call_command("compilemessages", verbosity=verbosity)
