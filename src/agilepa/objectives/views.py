"""Pages of work by objectives: my objectives, a unit's tree, the body view, an objective with
its check-ins and chart, editing, import and export, the measures, the body's rules, and the
activity log of remote days."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.core.charts import Series, chart_config
from agilepa.core.decorators import body_view
from agilepa.core.exports import record_export
from agilepa.core.forms import add_service_errors
from agilepa.objectives import measures, policies, selectors, services, transfer
from agilepa.objectives.forms import (
    CONFIDENCE_CHOICES,
    KeyResultFormSet,
    ObjectiveForm,
    PolicyForm,
    key_result_initial,
)
from agilepa.objectives.models import KeyResult, Objective, Period, State
from agilepa.org.models import Person

IMPORT_KEY = "objectives_import"


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _period(request: HttpRequest) -> str:
    period = request.GET.get("period", "")
    return period if period in Period.values else ""


@body_view()
def mine(request: HttpRequest, access: Access) -> HttpResponse:
    """The objectives I own, and links to my unit's tree."""
    today = timezone.localdate()
    year = _year(request)
    unit = None
    if access.person_id is not None:
        unit = Person.objects.select_related("unit").get(pk=access.person_id).unit
    context = {
        "access": access,
        "rows": selectors.rows(access, selectors.my_objectives(access, year), today),
        "year": year,
        "unit": unit,
        "policy": services.policy_for(access.body),
        "nav": "objectives",
    }
    return render(request, "objectives/mine.html", context)


@body_view()
def unit_tree(request: HttpRequest, access: Access, unit_id: int) -> HttpResponse:
    unit = selectors.unit_for_tree(access, unit_id)
    today = timezone.localdate()
    year, period = _year(request), _period(request)
    objectives = selectors.in_period(selectors.unit_tree(access, unit), year, period)
    context = {
        "access": access,
        "unit": unit,
        "rows": selectors.rows(access, objectives, today),
        "year": year,
        "period": period,
        "periods": Period.choices,
        "nav": "objectives",
    }
    return render(request, "objectives/unit_tree.html", context)


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.MANAGER)
def body_overview(request: HttpRequest, access: Access) -> HttpResponse:
    """Every objective of the body (a manager: of their subtrees), by unit and period."""
    today = timezone.localdate()
    year, period = _year(request), _period(request)
    units = selectors.units_for_filter(access)
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = units.filter(pk=int(request.GET["unit"])).first()
    objectives = selectors.in_period(selectors.body_objectives(access, unit), year, period)
    status = request.GET.get("status", "")
    rows = selectors.rows(access, objectives, today)
    if status:
        rows = [r for r in rows if r.status == status]
    context = {
        "access": access,
        "rows": rows,
        "year": year,
        "period": period,
        "periods": Period.choices,
        "units": units,
        "unit": unit,
        "status": status,
        "nav": "objectives",
    }
    return render(request, "objectives/body.html", context)


def _progress_chart(objective: Objective) -> dict[str, object]:
    points = selectors.chart(objective)
    return chart_config(
        "line",
        points["labels"],
        [Series(_("Progress (%)"), points["progress"])],
        y_min=0,
        y_max=100,
        tension=0.2,
    )


@body_view()
def detail(request: HttpRequest, access: Access, objective_id: int) -> HttpResponse:
    objective = selectors.get_objective(access, objective_id)
    today = timezone.localdate()
    policy = services.policy_for(access.body)
    context = {
        "access": access,
        "objective": objective,
        "status": policies.objective_status(objective, policy, today)
        if objective.state == State.ACTIVE
        else None,
        "key_results": list(objective.key_results.prefetch_related("milestones")),
        "children": selectors.rows(
            access, selectors.objectives_for(access).filter(parent=objective), today
        ),
        "history": selectors.history(objective),
        "chart": _progress_chart(objective),
        "may_check_in": services.can_check_in(access, objective),
        "may_manage": services.can_manage(access, objective),
        "due": policies.checkin_due(objective, policy, today),
        "states": State.choices,
        "nav": "objectives",
    }
    return render(request, "objectives/detail.html", context)


def _edit(request: HttpRequest, access: Access, objective: Objective | None) -> HttpResponse:
    if objective is None and not (access.is_hr or access.is_manager):
        raise PermissionDeniedForRole
    if objective is not None and not services.can_manage(access, objective):
        raise PermissionDeniedForRole
    if request.method == "POST":
        form = ObjectiveForm(access, request.POST)
        formset = KeyResultFormSet(request.POST, prefix="kr")
        if form.is_valid() and formset.is_valid():
            krs = [kr for kr in (f.to_input() for f in formset.forms) if kr is not None]
            try:
                if objective is None:
                    objective = services.create_objective(access, form.to_input(), krs)
                else:
                    services.update_objective(access, objective, form.to_input(), krs)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The objective was saved."))
                return redirect(
                    "objectives:detail", body=access.body.slug, objective_id=objective.pk
                )
    else:
        initial = ObjectiveForm.initial_of(objective) if objective else {}
        if objective is None:
            initial = {"year": timezone.localdate().year, "period": "Y", "level": "unit"}
            if request.GET.get("parent", "").isdigit():
                initial["parent"] = int(request.GET["parent"])
        form = ObjectiveForm(access, initial=initial)
        formset = KeyResultFormSet(initial=key_result_initial(objective), prefix="kr")
    context = {
        "access": access,
        "objective": objective,
        "form": form,
        "formset": formset,
        "nav": "objectives",
    }
    return render(request, "objectives/edit.html", context)


@body_view()
def new(request: HttpRequest, access: Access) -> HttpResponse:
    return _edit(request, access, None)


@body_view()
def edit(request: HttpRequest, access: Access, objective_id: int) -> HttpResponse:
    return _edit(request, access, selectors.get_objective(access, objective_id))


@body_view()
@require_POST
def change_state(request: HttpRequest, access: Access, objective_id: int) -> HttpResponse:
    objective = selectors.get_objective(access, objective_id)
    try:
        services.set_state(access, objective, request.POST.get("state", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The objective is now “%(state)s”.") % {"state": objective.get_state_display()},
        )
    return redirect("objectives:detail", body=access.body.slug, objective_id=objective.pk)


def parse_checkin(
    post: QueryDict, objective: Objective
) -> tuple[dict[int, Decimal | None], set[int], list[KeyResult]]:
    """The values of a check-in form: a number per key result (yes/no as 1/0), the ids of the
    milestones ticked, and the key results whose value is not a number."""
    values: dict[int, Decimal | None] = {}
    bad = []
    for kr in objective.key_results.all():
        raw = post.get(f"value_{kr.pk}", "").strip().replace(",", ".")
        if kr.kind == "boolean":
            values[kr.pk] = Decimal(1) if raw in ("1", "on", "yes") else Decimal(0)
        elif kr.kind != "milestones" and raw:
            try:
                values[kr.pk] = Decimal(raw)
            except InvalidOperation:
                bad.append(kr)
    done = {int(x) for x in post.getlist("milestone") if x.isdigit()}
    return values, done, bad


@dataclass(frozen=True)
class CheckinField:
    """A key result on the check-in form: what its field shows (what was typed, after an
    error; else the value recorded) and its error."""

    kr: KeyResult
    value: str
    checked: bool
    milestones_done: frozenset[int]
    error: str = ""


def _checkin_fields(
    key_results: list[KeyResult], post: QueryDict | None, errors: dict[int, str]
) -> list[CheckinField]:
    fields = []
    for kr in key_results:
        current = "" if kr.current is None else str(kr.current.normalize())
        if post is None:
            value, checked = current, kr.current == 1
            done = frozenset(m.pk for m in kr.milestones.all() if m.done)
        else:
            value = post.get(f"value_{kr.pk}", "")
            checked = bool(value)
            done = frozenset(int(x) for x in post.getlist("milestone") if x.isdigit())
        fields.append(CheckinField(kr, value, checked, done, errors.get(kr.pk, "")))
    return fields


@body_view()
def checkin(request: HttpRequest, access: Access, objective_id: int) -> HttpResponse:
    objective = selectors.get_objective(access, objective_id)
    if not services.can_check_in(access, objective):
        raise PermissionDeniedForRole
    field_errors: dict[int, str] = {}
    errors: list[str] = []
    if request.method == "POST":
        values, done, bad = parse_checkin(request.POST, objective)
        field_errors = {kr.pk: _("%(kr)s: write a number.") % {"kr": kr.title} for kr in bad}
        if not field_errors:
            try:
                services.record_checkin(
                    access,
                    objective,
                    values=values,
                    milestones_done=done,
                    comment=request.POST.get("comment", ""),
                    confidence=request.POST.get("confidence", ""),
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Check-in recorded."))
                return redirect(
                    "objectives:detail", body=access.body.slug, objective_id=objective.pk
                )
    key_results = list(objective.key_results.prefetch_related("milestones"))
    posted = request.POST if request.method == "POST" else None
    context = {
        "access": access,
        "objective": objective,
        "fields": _checkin_fields(key_results, posted, field_errors),
        "confidences": CONFIDENCE_CHOICES,
        "errors": errors,
        "has_errors": bool(errors or field_errors),
        "posted": request.POST,
        "nav": "objectives",
    }
    status = 422 if context["has_errors"] else 200
    return render(request, "objectives/checkin.html", context, status=status)


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.MANAGER, Role.OBSERVER)
def measures_page(request: HttpRequest, access: Access) -> HttpResponse:
    today = timezone.localdate()
    year, period = _year(request), _period(request)
    context = {
        "access": access,
        "result": measures.achievement_for(access, year, period or None, today),
        "year": year,
        "period": period,
        "periods": Period.choices,
        "min_people": measures.MIN_PEOPLE,
        "nav": "objectives",
    }
    return render(request, "objectives/measures.html", context)


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.MANAGER)
def import_objectives(request: HttpRequest, access: Access) -> HttpResponse:
    """Upload, preview (every error with row and column), confirm: all or nothing."""
    from agilepa.core.tabular import ImportFileError, read_upload

    result = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        stored = request.session.pop(IMPORT_KEY, None)
        if not stored or stored.get("body") != access.body.pk:
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect(request.path)
        result = transfer.run_import(access, base64.b64decode(stored["content"]), dry_run=False)
        if result.report.applied:
            messages.success(request, _("%(n)d objectives were imported.") % {"n": result.created})
            return redirect("objectives:body", body=access.body.slug)
    elif request.method == "POST" and request.FILES.get("file"):
        try:
            content = read_upload(request.FILES["file"])
        except ImportFileError as exc:
            messages.error(request, exc.message)
            return redirect(request.path)
        result = transfer.run_import(access, content, dry_run=True)
        if result.report.ok:
            request.session[IMPORT_KEY] = {
                "body": access.body.pk,
                "content": base64.b64encode(content).decode(),
            }
    context = {
        "access": access,
        "result": result,
        "columns": transfer.COLUMNS,
        "nav": "objectives",
    }
    return render(request, "objectives/import.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.MANAGER)
def export(request: HttpRequest, access: Access) -> HttpResponse:
    year, period = _year(request), _period(request)
    objectives = selectors.in_period(selectors.body_objectives(access, None), year, period)
    record_export(request, access.body, gettext_noop("objectives"))
    response = HttpResponse(
        transfer.export_xlsx(transfer.exported_objectives(objectives)), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{transfer.export_filename(access)}"'
    return response


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.MANAGER)
def template(request: HttpRequest, access: Access) -> HttpResponse:
    response = HttpResponse(transfer.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="obiettivi-modello.xlsx"'
    return response


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
def policy(request: HttpRequest, access: Access) -> HttpResponse:
    current = services.policy_for(access.body)
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_policy(access, form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The rules were saved."))
            return redirect(request.path)
    context = {"access": access, "form": form, "nav": "objectives"}
    return render(request, "objectives/policy.html", context)


def _monday(request: HttpRequest, today: date) -> date:
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = today
    return day - timedelta(days=day.weekday())


@body_view(Role.EMPLOYEE)
def activity(request: HttpRequest, access: Access) -> HttpResponse:
    """My activity log: what I did on each of the last days (remote days first of all)."""
    today = timezone.localdate()
    enabled = services.policy_for(access.body).activity_log
    if request.method == "POST":
        try:
            day = date.fromisoformat(request.POST.get("date", ""))
            services.save_activity(access, day, request.POST.get("text", ""))
        except ValueError:
            messages.error(request, _("Choose a day."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
        return redirect(request.path)
    start = today - timedelta(days=13)
    entries = selectors.my_activity(access, start, today)
    remote = _remote_days(access.person_id, start, today)
    days = [
        (d, entries.get(d), d in remote)
        for d in (today - timedelta(days=n) for n in range(14))
        if d.weekday() < 5
    ]
    context = {"access": access, "enabled": enabled, "days": days, "nav": "activity"}
    return render(request, "objectives/activity.html", context)


def _remote_days(person_id: int | None, start: date, end: date) -> set[date]:
    """The person's remote days in their published plan, to point the log at them."""
    from agilepa.planning.models import PlanDay, PlanStatus

    if person_id is None:
        return set()
    return set(
        PlanDay.objects.filter(
            person_id=person_id,
            date__range=(start, end),
            kind="remote",
            plan__status=PlanStatus.PUBLISHED,
        ).values_list("date", flat=True)
    )


@body_view(Role.MANAGER)
def activity_week(request: HttpRequest, access: Access) -> HttpResponse:
    today = timezone.localdate()
    monday = _monday(request, today)
    context = {
        "access": access,
        "monday": monday,
        "previous": monday - timedelta(days=7),
        "following": monday + timedelta(days=7),
        "rows": selectors.activity_week(access, monday),
        "days": [monday + timedelta(days=n) for n in range(5)],
        "enabled": services.policy_for(access.body).activity_log,
        "nav": "activity",
    }
    return render(request, "objectives/activity_week.html", context)
