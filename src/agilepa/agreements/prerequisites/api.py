"""API routes of the prerequisites, with the same permissions as the pages."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from agilepa.agreements.models import EquipmentItem, TrainingCourse, WorkstationCheck
from agilepa.agreements.prerequisites import selectors as prereq_selectors
from agilepa.agreements.prerequisites import services as prereq_services
from agilepa.core.api_types import text_of
from agilepa.core.policies import api_access
from agilepa.core.tabular import ImportFileError, read_upload
from agilepa.org.selectors import get_person, people_for

router = Router(tags=["prerequisites"])
BASE = "/bodies/{body}"


class PrerequisiteOut(Schema):
    kind: str
    label: str
    required: bool
    status: str
    satisfied_on: date | None
    expires_on: date | None
    detail: str


class ItCheckIn(Schema):
    device: text_of(WorkstationCheck, "device")
    checked_on: date
    os_updated: bool = False
    disk_encrypted: bool = False
    antivirus: bool = False
    vpn: bool = False
    mfa: bool = False
    home_network_secured: bool = False
    backups: bool = False
    notes: text_of(WorkstationCheck, "notes") = ""


class ItCheckOut(ItCheckIn):
    id: int
    passed: bool


class SafetyNoticeIn(Schema):
    delivered_on: date


class EquipmentIn(Schema):
    asset_tag: text_of(EquipmentItem, "asset_tag")
    kind: text_of(EquipmentItem, "kind")
    description: text_of(EquipmentItem, "description") = ""
    serial_number: text_of(EquipmentItem, "serial_number") = ""


class EquipmentOut(EquipmentIn):
    id: int
    person_id: int | None
    handed_over_on: date | None
    returned_on: date | None


class HandOverIn(Schema):
    person_id: int
    on: date


class ReturnIn(Schema):
    on: date


class CourseIn(Schema):
    code: text_of(TrainingCourse, "code")
    title: text_of(TrainingCourse, "title")
    topic: text_of(TrainingCourse, "topic")
    hours: float | None = None
    validity_months: int | None = None


class CourseOut(CourseIn):
    id: int


class CompletionIn(Schema):
    course_id: int
    person_id: int
    completed_on: date


class CompletionOut(CompletionIn):
    id: int


class ImportOut(Schema):
    rows: int
    new: int
    already: int
    applied: bool
    errors: list[dict]


@router.get(f"{BASE}/people/{{person_id}}/prerequisites", response=list[PrerequisiteOut])
def person_prerequisites(request: HttpRequest, body: str, person_id: int):
    """Each prerequisite's state for the person (the person, their managers, HR)."""
    person = get_person(api_access(request, body), person_id)
    return [row.__dict__ for row in prereq_selectors.prerequisite_rows(person)]


@router.get(f"{BASE}/people/{{person_id}}/it-checks", response=list[ItCheckOut])
def list_it_checks(request: HttpRequest, body: str, person_id: int):
    person = get_person(api_access(request, body), person_id)
    return list(WorkstationCheck.objects.filter(person=person))


@router.post(f"{BASE}/people/{{person_id}}/it-checks", response={201: ItCheckOut})
def add_it_check(request: HttpRequest, body: str, person_id: int, payload: ItCheckIn):
    """HR records a check; the person may self-declare their own device's."""
    access = api_access(request, body)
    person = get_person(access, person_id)
    return prereq_services.record_it_check(access, person, **payload.dict())


@router.post(f"{BASE}/people/{{person_id}}/safety-notices", response={201: SafetyNoticeIn})
def add_safety_notice(request: HttpRequest, body: str, person_id: int, payload: SafetyNoticeIn):
    access = api_access(request, body)
    person = get_person(access, person_id)
    return prereq_services.deliver_safety_notice(access, person, payload.delivered_on)


@router.get(f"{BASE}/equipment", response=list[EquipmentOut])
def list_equipment(request: HttpRequest, body: str):
    return list(prereq_selectors.equipment_for(api_access(request, body)).order_by("asset_tag"))


@router.post(f"{BASE}/equipment", response={201: EquipmentOut})
def add_equipment(request: HttpRequest, body: str, payload: EquipmentIn):
    return prereq_services.add_equipment(api_access(request, body), **payload.dict())


@router.post(f"{BASE}/equipment/{{item_id}}/handover", response=EquipmentOut)
def hand_over(request: HttpRequest, body: str, item_id: int, payload: HandOverIn):
    access = api_access(request, body)
    item = get_object_or_404(prereq_selectors.equipment_for(access), pk=item_id)
    person = get_object_or_404(people_for(access), pk=payload.person_id)
    return prereq_services.hand_over(access, item, person, payload.on)


@router.post(f"{BASE}/equipment/{{item_id}}/return", response=EquipmentOut)
def return_item(request: HttpRequest, body: str, item_id: int, payload: ReturnIn):
    access = api_access(request, body)
    item = get_object_or_404(prereq_selectors.equipment_for(access), pk=item_id)
    return prereq_services.return_item(access, item, payload.on)


@router.get(f"{BASE}/training/courses", response=list[CourseOut])
def list_courses(request: HttpRequest, body: str):
    return list(prereq_selectors.courses_for(api_access(request, body)).order_by("code"))


@router.post(f"{BASE}/training/courses", response={201: CourseOut})
def add_course(request: HttpRequest, body: str, payload: CourseIn):
    return prereq_services.add_course(api_access(request, body), **payload.dict())


@router.post(f"{BASE}/training/completions", response={201: CompletionOut})
def add_completion(request: HttpRequest, body: str, payload: CompletionIn):
    """HR records that a person completed a course of the body."""
    access = api_access(request, body)
    course = get_object_or_404(prereq_selectors.courses_for(access), pk=payload.course_id)
    person = get_person(access, payload.person_id)
    return prereq_services.record_completion(access, course, person, payload.completed_on)


@router.post(f"{BASE}/training/completions/import", response={200: ImportOut, 422: ImportOut})
def import_completions(
    request: HttpRequest,
    body: str,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
):
    """Training completions from a CSV/XLSX export; 422 with every row error, nothing written."""
    access = api_access(request, body)
    prereq_selectors.courses_for(access)  # HR only
    try:
        content = read_upload(file)
    except ImportFileError as exc:
        raise HttpError(422, exc.message) from exc
    report = prereq_services.import_completions(access, content, dry_run=dry_run)
    out = {
        "rows": report.rows,
        "new": report.new,
        "already": report.already,
        "applied": report.applied,
        "errors": [e.as_dict() for e in report.errors],
    }
    return out if report.ok else Status(422, out)
