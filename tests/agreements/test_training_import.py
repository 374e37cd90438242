"""HR imports training completions: preview, every error, all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agilepa.agreements.models import (
    TrainingCompletion,
    TrainingCourse,
)
from agilepa.agreements.prerequisites import services as prereq_services
from agilepa.core.access import resolve_access


@pytest.fixture
def access(body_a):
    return {role: resolve_access(body_a.users[role], body_a.a.body) for role in body_a.users}


def csv(rows: list[str], encoding: str = "utf-8", sep: str = ";") -> bytes:
    lines = [sep.join(["matricola", "codice_corso", "data_completamento"]), *rows]
    return "\n".join(line.replace(";", sep) for line in lines).encode(encoding)


@pytest.fixture
def course(body_a):
    return TrainingCourse.objects.create(
        body=body_a.a.body, code="CYBER-01", title="Sicurezza informatica", topic="cybersecurity"
    )


@pytest.mark.parametrize(("encoding", "sep"), [("utf-8", ";"), ("cp1252", ","), ("utf-8", ",")])
def test_completions_import_in_either_encoding_and_separator(
    body_a, access, course, encoding, sep
) -> None:
    number = body_a.a.employee_person.employee_number
    content = csv([f"{number};cyber-01;15/01/2026", f"{number};CYBER-01;2026-06-01"], encoding, sep)
    preview = prereq_services.import_completions(access["hr_admin"], content, dry_run=True)
    assert (preview.rows, preview.new, preview.errors) == (2, 2, [])
    assert not TrainingCompletion.objects.exists()
    done = prereq_services.import_completions(access["hr_admin"], content)
    assert done.applied and TrainingCompletion.objects.count() == 2
    again = prereq_services.import_completions(access["hr_admin"], content)
    assert (again.new, again.already) == (0, 2)


def test_every_bad_row_is_reported_and_nothing_is_written(body_a, access, course) -> None:
    number = body_a.a.employee_person.employee_number
    content = csv(
        [
            f"{number};CYBER-01;15/01/2026",
            "999999;CYBER-01;15/01/2026",
            f"{number};NOPE;15/01/2026",
            f"{number};CYBER-01;31/02/2026",
            f"{number};CYBER-01;01/01/2099",
            f"{number};CYBER-01;15/01/2026",
        ]
    )
    report = prereq_services.import_completions(access["hr_admin"], content)
    found = {(e.row, e.column, e.message) for e in report.errors}
    assert (3, "matricola", "No person with matricola 999999 in this body.") in found
    assert (4, "codice_corso", "No course with code NOPE: create it first.") in found
    assert (5, "data_completamento", "Not a date (dd/mm/yyyy): 31/02/2026.") in found
    assert (6, "data_completamento", "A date in the future.") in found
    assert (7, "matricola", "The same completion is on row 2.") in found
    assert not report.applied and not TrainingCompletion.objects.exists()


def test_a_file_without_the_columns_or_not_a_spreadsheet_is_refused(body_a, access) -> None:
    missing = prereq_services.import_completions(access["hr_admin"], b"matricola;corso\n1;X\n")
    assert "Missing columns: codice_corso, data_completamento." in missing.errors[0].message
    pdf = prereq_services.import_completions(access["hr_admin"], b"%PDF-1.4 ...")
    assert "not a spreadsheet" in pdf.errors[0].message


def test_the_training_page_previews_then_confirms(body_a, client_of, course) -> None:
    client = client_of("hr_admin")
    url = f"/b/{body_a.a.body.slug}/training/"
    number = body_a.a.employee_person.employee_number
    upload = SimpleUploadedFile("formazione.csv", csv([f"{number};CYBER-01;15/01/2026"]))
    preview = client.post(url, {"action": "upload", "file": upload})
    assert "1 rows: 1 new completions, 0 already recorded." in preview.content.decode()
    assert not TrainingCompletion.objects.exists()
    client.post(url, {"action": "confirm"})
    assert TrainingCompletion.objects.count() == 1
