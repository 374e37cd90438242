"""The release's static files, shared by the tests that start the production processes.

The production start (tests/e2e/test_production_start.py) and the several hosts
(tests/cluster/) both run the release step, whose static collection hashes and compresses every
static file (about 30 s of CPU). They point `STATIC_ROOT` at one folder: the first release of a
run collects, the next finds the sources' fingerprint unchanged and skips, as a second
deployment of the same code does. The lock keeps two releases (two xdist workers) from writing
the folder at once.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from pathlib import Path

from tests.dbsetup import exclusive

ROOT = Path(__file__).resolve().parents[1]
SHARED_STATIC_ROOT = Path(os.environ.get("AGILEPA_DATA_DIR", ROOT / "var")) / "release-static"


def release_lock() -> AbstractContextManager[None]:
    """Held around a release step that writes `SHARED_STATIC_ROOT`."""
    SHARED_STATIC_ROOT.parent.mkdir(parents=True, exist_ok=True)
    return exclusive(SHARED_STATIC_ROOT.parent / "release-static.lock")
