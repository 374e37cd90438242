"""API routes of planning, with the same permissions as the pages."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from agilepa.core.access import PermissionDeniedForRole
from agilepa.core.api_types import Month, Seed, Year, text_of
from agilepa.core.policies import api_access
from agilepa.core.tabular import ImportFileError, read_upload
from agilepa.org.models import OrgUnit
from agilepa.planning import actuals, selectors, services
from agilepa.planning.models import ActualDay, ChangeRequest, MonthPlan, PlanDay

router = Router(tags=["planning"])
BASE = "/bodies/{body}"


class PlanIn(Schema):
    unit_id: int
    year: Year
    month: Month
    seed: Seed = 0


class FindingOut(Schema):
    code: str
    message: str
    unit_id: int | None
    day: date | None
    missing: int


class PlanOut(Schema):
    id: int
    unit_id: int
    year: int
    month: int
    status: str
    progress: str
    seconds: float | None
    infeasible: list[dict]
    soft_report: dict


class PlanDetailOut(PlanOut):
    findings: list[FindingOut]


class DayOut(Schema):
    person_id: int
    date: date
    kind: str


class DayIn(Schema):
    kind: text_of(PlanDay, "kind")


def _plan_out(plan: MonthPlan) -> dict[str, object]:
    return {f: getattr(plan, f) for f in PlanOut.model_fields}


@router.get(f"{BASE}/plans", response=list[PlanOut])
def list_plans(request: HttpRequest, body: str):
    """Month plans of the caller's units (managers) or of the body (HR)."""
    return [_plan_out(p) for p in selectors.plans_for(api_access(request, body))[:200]]


@router.post(f"{BASE}/plans", response={201: PlanOut})
def create_plan(request: HttpRequest, body: str, payload: PlanIn):
    """Run the planner for a unit's subtree in the background; poll the plan for its status."""
    access = api_access(request, body)
    unit = get_object_or_404(OrgUnit, body=access.body, pk=payload.unit_id)
    try:
        date(payload.year, payload.month, 1)
    except ValueError as exc:
        raise Http404 from exc
    return _plan_out(services.start_plan(access, unit, payload.year, payload.month, payload.seed))


@router.get(f"{BASE}/plans/{{plan_id}}", response=PlanDetailOut)
def get_plan(request: HttpRequest, body: str, plan_id: int):
    """The plan's status and, once ready, what the independent checker finds in it now."""
    plan = selectors.get_plan(api_access(request, body), plan_id)
    ready = plan.status in {"ready", "published"}
    found = services.findings(plan) if ready else []
    return {**_plan_out(plan), "findings": [f.__dict__ for f in found]}


@router.get(f"{BASE}/plans/{{plan_id}}/days", response=list[DayOut])
def plan_days(request: HttpRequest, body: str, plan_id: int):
    plan = selectors.get_plan(api_access(request, body), plan_id)
    return list(PlanDay.objects.filter(plan=plan).values("person_id", "date", "kind"))


@router.put(f"{BASE}/plans/{{plan_id}}/days/{{person_id}}/{{day}}", response=DayOut)
def set_day(
    request: HttpRequest, body: str, plan_id: int, person_id: int, day: date, payload: DayIn
):
    """Set one day in the office or remote (recorded); the plan's findings follow."""
    access = api_access(request, body)
    plan = selectors.get_plan(access, plan_id)
    get_object_or_404(PlanDay, plan=plan, person_id=person_id, date=day)
    cell = services.set_day(access, plan, person_id, day, payload.kind)
    return {"person_id": cell.person_id, "date": cell.date, "kind": cell.kind}


@router.post(f"{BASE}/plans/{{plan_id}}/publish", response=PlanOut)
def publish(request: HttpRequest, body: str, plan_id: int):
    """Publish the month; 422 listing the broken rules while any is."""
    access = api_access(request, body)
    return _plan_out(services.publish(access, selectors.get_plan(access, plan_id)))


@router.get(f"{BASE}/my-days", response=list[DayOut])
def my_days(request: HttpRequest, body: str, year: Year, month: Month):
    """The caller's own days in the published plans of a month."""
    access = api_access(request, body)
    return [
        {"person_id": d.person_id, "date": d.date, "kind": d.kind}
        for d in selectors.my_days(access, year, month)
    ]


# --- change requests and what really happened ----------------------------------------------


class RequestIn(Schema):
    year: Year
    month: Month
    to_date: date
    from_date: date | None = None
    reason: text_of(ChangeRequest, "reason") = ""


class RequestOut(Schema):
    id: int
    person_id: int
    from_date: date | None
    to_date: date
    reason: str
    verdict: list[str]
    status: str
    answer: str


class DecisionIn(Schema):
    approve: bool
    answer: text_of(ChangeRequest, "answer") = ""


class ActualIn(Schema):
    kind: text_of(ActualDay, "kind")


class DifferenceOut(Schema):
    person: str
    day: date
    planned: str
    actual: str
    source: str


class AttendanceOut(Schema):
    rows: int
    written: int
    errors: list[dict]


@router.post(f"{BASE}/my-requests", response={201: RequestOut})
def ask_change(request: HttpRequest, body: str, payload: RequestIn):
    """Ask to be remote on `to_date` (instead of `from_date`) in the published month."""
    access = api_access(request, body)
    if access.person_id is None:
        raise PermissionDeniedForRole
    mine = selectors.my_days(access, payload.year, payload.month)
    if not mine:
        raise HttpError(422, "No published plan of yours for that month.")
    return services.request_change(
        access, mine[0].plan, payload.from_date, payload.to_date, payload.reason
    )


@router.get(f"{BASE}/plans/{{plan_id}}/requests", response=list[RequestOut])
def list_requests(request: HttpRequest, body: str, plan_id: int):
    plan = selectors.get_plan(api_access(request, body), plan_id)
    return list(plan.requests.all())


@router.post(f"{BASE}/plans/{{plan_id}}/requests/{{request_id}}/decide", response=RequestOut)
def decide(request: HttpRequest, body: str, plan_id: int, request_id: int, payload: DecisionIn):
    """Approve (the plan changes, recorded; refused if it would break a hard rule) or reject."""
    access = api_access(request, body)
    plan = selectors.get_plan(access, plan_id)
    change = get_object_or_404(ChangeRequest, plan=plan, pk=request_id)
    return services.decide_change(access, change, payload.approve, payload.answer)


@router.get(f"{BASE}/plans/{{plan_id}}/differences", response=list[DifferenceOut])
def plan_differences(request: HttpRequest, body: str, plan_id: int):
    """Days where what really happened differs from the plan."""
    plan = selectors.get_plan(api_access(request, body), plan_id)
    return [d.__dict__ for d in actuals.differences(plan)]


@router.put(f"{BASE}/my-days/{{day}}", response=DayOut)
def confirm_day(request: HttpRequest, body: str, day: date, payload: ActualIn):
    """Confirm where one worked on a day that has come."""
    access = api_access(request, body)
    actual = actuals.confirm_day(access, day, payload.kind)
    return {"person_id": actual.person_id, "date": actual.date, "kind": actual.kind}


@router.post(f"{BASE}/attendance/import", response={200: AttendanceOut, 422: AttendanceOut})
def import_attendance(
    request: HttpRequest, body: str, file: File[UploadedFile], dry_run: Form[bool] = False
):
    """The attendance export (HR): 422 with every row error, nothing written."""
    access = api_access(request, body)
    try:
        content = read_upload(file)
    except ImportFileError as exc:
        raise HttpError(422, exc.message) from exc
    report = actuals.import_attendance(access, content, dry_run=dry_run)
    out = {
        "rows": report.rows,
        "written": report.written,
        "errors": [e.as_dict() for e in report.errors],
    }
    return out if report.ok else Status(422, out)
