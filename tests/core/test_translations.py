"""Italian is the default language and English the second: no string may stay untranslated.

The source strings are English, so the English catalogue is the source itself; the Italian one
must translate every string that `makemessages` finds in the code and the templates today.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "agilepa"


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory: pytest.TempPathFactory) -> polib.POFile:
    """Extract the strings of the code as it is now into a copy of the catalogue."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is missing: run `make install`")
    copy = tmp_path_factory.mktemp("i18n") / "agilepa"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "it",
            "--no-obsolete",
            "--no-wrap",
            "-v",
            "0",
        ],
        cwd=copy,
        env=env,
        check=True,
    )
    return polib.pofile(str(copy / "locale" / "it" / "LC_MESSAGES" / "django.po"))


def test_every_string_has_an_italian_translation(fresh_catalogue: polib.POFile) -> None:
    missing = [e.msgid for e in fresh_catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in fresh_catalogue.fuzzy_entries()]
    assert not missing, f"{len(missing)} strings without Italian translation: {missing[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy Italian translations to review: {fuzzy[:20]}"
