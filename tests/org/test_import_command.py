"""`python -m agilepa import-people FILE --body IPA`: the import from the command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from agilepa.org.imports import run as import_run
from agilepa.org.models import OrgUnit, Person
from tests.org.test_import_people import SAMPLES, csv_file, digest, person


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The messages are asserted in English, the source language (Italian is the default)."""
    with translation.override("en"):
        yield


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def people_csv(tmp_path: Path) -> Path:
    path = tmp_path / "persone.csv"
    path.write_bytes(csv_file([person(1), person(2)], encoding="cp1252"))
    return path


def test_the_command_imports_people_into_the_body_named_by_its_ipa_code(world, people_csv) -> None:
    out, _err = run(str(people_csv), "--body", world.a.body.ipa_code.upper())
    assert "2 new" in out
    assert Person.objects.filter(body=world.a.body, employee_number="N00002").exists()


def test_the_command_imports_units_then_people_from_the_samples(world) -> None:
    body = world.a.body.slug
    run(str(SAMPLES / "unita.csv"), "--body", body, "--kind", "units")
    out, _err = run(str(SAMPLES / "persone.xlsx"), "--body", body, "--full-export")
    assert "12 new" in out and "4 ended" in out
    assert OrgUnit.objects.get(body=world.a.body, code="SERV-URB").parent.code == "AREA-TEC"


def test_a_dry_run_writes_nothing(world, people_csv) -> None:
    before = digest()
    out, _err = run(str(people_csv), "--body", world.a.body.slug, "--dry-run", "--full-export")
    assert "Dry run, nothing written" in out
    assert "2 new" in out and "4 ended" in out
    assert digest() == before


def test_errors_are_printed_with_row_and_column_and_nothing_is_written(world, tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_file([person(1), person(2, codice_unita="NOPE")]))
    before = digest()
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_people", str(path), "--body", world.a.body.slug, stderr=err)
    assert "row 3, column codice_unita: There is no unit with code NOPE" in err.getvalue()
    assert digest() == before


def test_an_unknown_body_is_an_error(world, people_csv) -> None:
    with pytest.raises(CommandError, match="No body"):
        run(str(people_csv), "--body", "c_nope")


def test_a_50_mb_file_is_refused_before_it_is_read(world, tmp_path, monkeypatch) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(
        import_run, "read_table", lambda *a, **k: pytest.fail("the file was parsed")
    )
    before = digest()
    with pytest.raises(CommandError, match="limit"):
        run(str(path), "--body", world.a.body.slug)
    assert digest() == before


def test_a_missing_file_is_an_error(world, tmp_path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "nowhere.csv"), "--body", world.a.body.slug)


def test_the_command_answers_to_its_hyphenated_name() -> None:
    env = {**os.environ, "AGILEPA_INSECURE_DEV_KEY": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "agilepa", "import-people", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--full-export" in result.stdout and "--dry-run" in result.stdout
