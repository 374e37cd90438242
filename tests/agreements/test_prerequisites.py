"""Prerequisites: IT checks, safety notices, equipment, training and its import."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agilepa.agreements import prereq_services, services
from agilepa.agreements.models import (
    AgreementStatus,
    EquipmentItem,
    Regulation,
    TrainingCompletion,
    TrainingCourse,
)
from agilepa.core.access import PermissionDeniedForRole, resolve_access
from tests.factories import make_agreement

ALL_ITEMS = {
    "os_updated": True,
    "disk_encrypted": True,
    "antivirus": True,
    "vpn": True,
    "mfa": True,
    "home_network_secured": True,
    "backups": True,
}


@pytest.fixture
def access(body_a):
    return {role: resolve_access(body_a.users[role], body_a.a.body) for role in body_a.users}


def test_a_person_declares_their_own_it_check_but_not_a_colleagues(body_a, access) -> None:
    own = prereq_services.record_it_check(
        access["employee"], body_a.a.employee_person, device="PC", checked_on=date(2026, 2, 1)
    )
    assert own.checked_by == body_a.users["employee"]
    with pytest.raises(PermissionDeniedForRole):
        prereq_services.record_it_check(
            access["employee"], body_a.a.colleague, device="PC", checked_on=date(2026, 2, 1)
        )


def test_an_it_check_cannot_be_in_the_future(body_a, access) -> None:
    with pytest.raises(ValidationError) as refused:
        prereq_services.record_it_check(
            access["hr_admin"], body_a.a.colleague, device="PC", checked_on=date(2099, 1, 1)
        )
    assert "checked_on" in refused.value.message_dict


def test_recording_a_passing_check_lets_the_agreement_start(body_a, access) -> None:
    Regulation.objects.update(required_prerequisites=["it_check"])
    agreement = make_agreement(body_a.a.employee_person, status=AgreementStatus.COUNTERSIGNED)
    with pytest.raises(services.TransitionRefused):
        services.activate(access["hr_admin"], agreement, today=date(2026, 3, 2))
    prereq_services.record_it_check(
        access["employee"],
        body_a.a.employee_person,
        device="Notebook",
        checked_on=date(2026, 2, 20),
        **ALL_ITEMS,
    )
    services.activate(access["hr_admin"], agreement, today=date(2026, 3, 2))
    assert agreement.status == AgreementStatus.ACTIVE


def test_equipment_is_handed_over_once_and_returned_after(body_a, access) -> None:
    hr = access["hr_admin"]
    item = prereq_services.add_equipment(hr, asset_tag="NB-0042", kind="Notebook")
    prereq_services.hand_over(hr, item, body_a.a.employee_person, date(2026, 2, 1))
    with pytest.raises(ValidationError) as held:
        prereq_services.hand_over(hr, item, body_a.a.colleague, date(2026, 2, 2))
    assert "NB-0042" in str(held.value)
    with pytest.raises(ValidationError):
        prereq_services.return_item(hr, item, date(2026, 1, 15))
    prereq_services.return_item(hr, item, date(2026, 6, 30))
    prereq_services.hand_over(hr, item, body_a.a.colleague, date(2026, 7, 1))
    assert EquipmentItem.objects.get().person == body_a.a.colleague
    with pytest.raises(ValidationError):
        prereq_services.add_equipment(hr, asset_tag="NB-0042", kind="Doppione")


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


def test_the_person_page_names_what_is_missing(body_a, client_of) -> None:
    Regulation.objects.update(required_prerequisites=["it_check", "safety_notice"])
    url = f"/b/{body_a.a.body.slug}/people/{body_a.a.employee_person.pk}/prerequisites/"
    html = client_of("employee").get(url).content.decode()
    assert "workstation IT check" in html and "Missing" in html
    assert "Declare the check of your device" in html
    assert (
        client_of("employee")
        .get(f"/b/{body_a.a.body.slug}/people/{body_a.a.colleague.pk}/prerequisites/")
        .status_code
        == 403
    )
    assert client_of("manager").get(url).status_code == 200
