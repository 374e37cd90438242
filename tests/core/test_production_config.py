"""The production start refuses to start without its settings, saying which and how; its
defaults pass Django's deployment check; the systemd units are valid and run the script's roles.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "serve_production.sh"
UNITS = ROOT / "deploy" / "systemd"
REQUIRED = {
    "SECRET_KEY": "a-long-random-value-for-the-test-only-0123456789-abcdefghijklmnop",
    "DATABASE_URL": "postgres://agilepa@127.0.0.1:1/none",
    "ALLOWED_HOSTS": "agile.example.it",
}


def production_env(**changes: str | None) -> dict[str, str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "VENV": str(Path(sys.executable).parent.parent),
        **REQUIRED,
    }
    for name, value in changes.items():
        if value is None:
            env.pop(name)
        else:
            env[name] = value
    return env


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_a_missing_setting_stops_the_start_with_one_line_saying_how(name: str) -> None:
    done = subprocess.run(
        [str(SCRIPT), "web"],
        env=production_env(**{name: None}),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"agilepa: {name} is not set: set it to ")


def test_every_missing_setting_is_named_at_once() -> None:
    env = production_env(SECRET_KEY=None, ALLOWED_HOSTS=None)
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert [line.split()[1] for line in done.stderr.splitlines()] == ["SECRET_KEY", "ALLOWED_HOSTS"]


def test_the_production_defaults_pass_the_deployment_check(tmp_path) -> None:
    env = production_env(AGILEPA_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "agilepa", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr


def test_plain_http_for_a_local_test_turns_the_https_settings_off(tmp_path) -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    )
    for plain, expected in (("0", "True 31536000 True"), ("1", "False 0 False")):
        env = production_env(AGILEPA_DATA_DIR=str(tmp_path), AGILEPA_PLAIN_HTTP=plain)
        done = subprocess.run(
            [sys.executable, "-m", "agilepa", "shell", "--no-imports", "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.stdout.strip().splitlines()[-1] == expected, done.stderr


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not here")
def test_the_systemd_units_are_valid_and_run_the_scripts_roles(tmp_path) -> None:
    roles = set(re.findall(r"^  (\w+)\) ", SCRIPT.read_text(), flags=re.MULTILINE))
    for unit in UNITS.iterdir():
        text = unit.read_text()
        for role in re.findall(r"serve_production\.sh (\w+)", text):
            assert role in roles, (unit.name, role)
        # Verified where the repository is, as it would be under /srv/agilepa.
        (tmp_path / unit.name).write_text(text.replace("/srv/agilepa", str(ROOT)))
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr, done.stderr
    assert {p.name for p in UNITS.iterdir()} == {
        "agilepa.target",
        "agilepa-release.service",
        "agilepa-web.service",
        "agilepa-worker.service",
        "agilepa-scheduler.service",
    }
