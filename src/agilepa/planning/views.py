"""Pages of planning: the month plans of a manager or HR, a plan's grid with hand edits and
publishing, the person's month, and the private calendar feed."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from agilepa.core import ical
from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.exports import record_export
from agilepa.core.models import hash_token
from agilepa.core.policies import manages_or_hr
from agilepa.core.worker import waiting_too_long
from agilepa.org.models import OrgUnit, Person
from agilepa.planning import actuals, person_calendar, selectors, services
from agilepa.planning.calendar import month_bounds
from agilepa.planning.models import (
    CalendarFeed,
    ChangeRequest,
    MonthPlan,
    PlanDay,
    PlanDayKind,
    PlanStatus,
    RequestStatus,
)
from agilepa.planning.tasks import run_plan
from agilepa.spaces import selectors as spaces_selectors

MANAGERS = (Role.MANAGER, Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def _month(request: HttpRequest) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return year, month


@body_view(manages_or_hr)
def plan_list(request: HttpRequest, access: Access) -> HttpResponse:
    """The month plans, and the form that runs the planner for a unit's subtree."""
    units = selectors.plannable_units(access)
    if request.method == "POST":
        try:
            unit_id = int(request.POST.get("unit", ""))
            year, month = int(request.POST["year"]), int(request.POST["month"])
            date(year, month, 1)
        except (KeyError, ValueError):
            messages.error(request, _("Choose a unit and a valid month."))
            return redirect(request.path)
        # A unit of the body beyond the user's subtrees: 403 (start_plan refuses it).
        unit = get_object_or_404(OrgUnit, body=access.body, pk=unit_id)
        plan = services.start_plan(access, unit, year, month, seed=0)
        return redirect("planning:plan", body=access.body.slug, plan_id=plan.pk)
    following = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    context = {
        "access": access,
        "plans": selectors.plans_for(access)[:100],
        "units": units[:500],
        "next_month": following,
        "nav": "planning",
    }
    return render(request, "planning/plan_list.html", context)


@body_view(*MANAGERS)
def plan_detail(request: HttpRequest, access: Access, plan_id: int) -> HttpResponse:
    plan = selectors.get_plan(access, plan_id)
    context = _plan_context(access, plan, request.GET.get("unit"))
    if request.headers.get("HX-Request") and request.GET.get("status"):
        if request.GET.get("seen") == context["fingerprint"]:
            return HttpResponse(status=204)  # the same status: htmx swaps nothing
        return render(request, "planning/_plan_status_now.html", context)
    return render(request, "planning/plan_detail.html", context)


def _plan_context(access: Access, plan: MonthPlan, unit: str | None = None) -> dict:
    """The plan's page; a plan of several units shows one unit's grid at a time."""
    ready = plan.status in {PlanStatus.READY, PlanStatus.PUBLISHED}
    units = selectors.plan_units(plan) if ready else []
    ids = {u[0] for u in units}
    unit_id = int(unit) if unit and unit.isdigit() and int(unit) in ids else None
    if unit_id is None and len(units) > 1:
        unit_id = units[0][0]
    days, rows = selectors.grid(plan, unit_id) if ready else ([], [])
    # The problem and the stored plan are read once for the findings and the balances.
    problem = services.build_problem(plan) if ready else None
    stored = services.stored_plan(plan) if ready else None
    if rows:
        balances = services.presence_balances(plan, problem, stored)
        rows = [
            replace(row, window=balances[row.person_id][0], balance=balances[row.person_id][1])
            if row.person_id in balances
            else row
            for row in rows
        ]
    stalled = plan.status == PlanStatus.QUEUED and waiting_too_long(run_plan, plan.pk)
    shown = f"{plan.status}|{plan.progress}|{stalled}"
    return {
        "access": access,
        "plan": plan,
        "ready": ready,
        "stalled": stalled,
        "fingerprint": hashlib.blake2s(shown.encode(), digest_size=6).hexdigest(),
        "units": units,
        "unit_id": unit_id,
        "days": days,
        "rows": rows,
        "findings": services.findings(plan, problem, stored) if ready else [],
        "changes": plan.changes.select_related("person", "actor")[:30],
        "requests": plan.requests.filter(status=RequestStatus.PENDING).select_related("person"),
        "differences": actuals.differences(plan) if plan.status == PlanStatus.PUBLISHED else [],
        "nav": "planning",
    }


@body_view(*MANAGERS)
@require_POST
def plan_cell(
    request: HttpRequest, access: Access, plan_id: int, person_id: int, day: str
) -> HttpResponse:
    """Toggle one day between office and remote; answers the cell and the checker's findings."""
    plan = selectors.get_plan(access, plan_id)
    try:
        when = date.fromisoformat(day)
    except ValueError as exc:
        raise Http404 from exc
    cell = get_object_or_404(PlanDay, plan=plan, person_id=person_id, date=when)
    kind = PlanDayKind.OFFICE if cell.kind == PlanDayKind.REMOTE else PlanDayKind.REMOTE
    error = ""
    try:
        cell = services.set_day(access, plan, person_id, when, kind)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    context = {
        "access": access,
        "plan": plan,
        "cells": [(cell.date, cell.kind, cell.hours)],
        "row_person": person_id,
        "findings": services.findings(plan),
        "error": error,
    }
    return render(request, "planning/_cell_update.html", context)


@body_view(*MANAGERS)
@require_POST
def decide_request(
    request: HttpRequest, access: Access, plan_id: int, request_id: int
) -> HttpResponse:
    plan = selectors.get_plan(access, plan_id)
    change = get_object_or_404(ChangeRequest, plan=plan, pk=request_id)
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_change(access, change, approve, request.POST.get("answer", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The request was approved.") if approve else _("The request was rejected.")
        )
    return redirect("planning:plan", body=access.body.slug, plan_id=plan.pk)


@body_view(*MANAGERS)
def plan_export(request: HttpRequest, access: Access, plan_id: int) -> HttpResponse:
    """The month as an XLSX workbook."""
    from agilepa.planning.exports import plan_xlsx

    plan = selectors.get_plan(access, plan_id)
    record_export(request, access.body, gettext_noop("month plan"), obj=plan)
    response = HttpResponse(
        plan_xlsx(plan),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"piano-{plan.unit.code or plan.unit.pk}-{plan.year}-{plan.month:02d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@body_view(*MANAGERS)
@require_POST
def plan_publish(request: HttpRequest, access: Access, plan_id: int) -> HttpResponse:
    plan = selectors.get_plan(access, plan_id)
    try:
        services.publish(access, plan)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The plan was published: people see their month."))
    return redirect("planning:plan", body=access.body.slug, plan_id=plan.pk)


def _ask_day(request: HttpRequest) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("ask", ""))
    except ValueError:
        return None


def _confirm_days(request: HttpRequest, access: Access, first: date, last: date) -> None:
    """Record the days the person said where they worked (fields actual_YYYY-MM-DD), within
    the month shown and up to today."""
    confirmed = 0
    today = timezone.localdate()
    for key, kind in request.POST.items():
        if not key.startswith("actual_") or not kind:
            continue
        try:
            day = date.fromisoformat(key.removeprefix("actual_"))
        except ValueError:
            continue
        if not first <= day <= min(last, today):
            continue
        try:
            actuals.confirm_day(access, day, kind)
            confirmed += 1
        except ValidationError as exc:
            messages.error(request, f"{day:%d/%m}: {' '.join(exc.messages)}")
    messages.success(request, _("%(n)d days confirmed.") % {"n": confirmed})


@body_view()
def my_month(request: HttpRequest, access: Access) -> HttpResponse:
    """The person's month as a Monday-Friday calendar (plan, actuals, bookings, events,
    absences, holidays), the forms of its actions, their unit's month and the private
    calendar address."""
    year, month = _month(request)
    first, last = month_bounds(year, month)
    feed_url = ""
    mine = selectors.my_days(access, year, month)
    my_plan = mine[0].plan if mine else None
    if request.method == "POST" and access.person_id and request.POST.get("action") == "request":
        try:
            to_date = date.fromisoformat(request.POST.get("to_date", ""))
            raw_from = request.POST.get("from_date", "")
            from_date = date.fromisoformat(raw_from) if raw_from else None
            if my_plan is None:
                raise ValidationError(_("Changes are asked on a published plan."))
            services.request_change(
                access, my_plan, from_date, to_date, request.POST.get("reason", "")
            )
        except ValueError:
            messages.error(request, _("Choose the days."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your request was sent to your manager."))
        return redirect(f"{request.path}?year={year}&month={month}")
    if request.method == "POST" and access.person_id and request.POST.get("action") == "confirm":
        _confirm_days(request, access, first, last)
        return redirect(f"{request.path}?year={year}&month={month}")
    if request.method == "POST" and access.person_id:
        person = Person.objects.get(pk=access.person_id)
        if request.POST.get("action") == "revoke":
            services.revoke_feeds(access, person)
            messages.success(request, _("The calendar address was revoked."))
        else:
            raw = services.new_feed(access, person)
            feed_url = request.build_absolute_uri(f"/calendar/{raw}.ics")
    today = timezone.localdate()
    calendar, person = selectors.person_calendar(access, first, last, today)
    days, rows = selectors.unit_days(access, year, month, person.unit_id) if person else ([], [])
    ask = _ask_day(request)
    context = {
        "access": access,
        "month": first,
        "calendar": calendar,
        "legend": person_calendar.legend(),
        "seat_bookings": spaces_selectors.month_bookings(access, year, month),
        "previous": (first - timedelta(days=1)).replace(day=1),
        "following": (first + timedelta(days=32)).replace(day=1),
        "mine": mine,
        "to_confirm": [d for week in calendar.weeks for d in week if "confirm" in d.actions],
        "office_days": [d for d in mine if d.kind == PlanDayKind.OFFICE and d.date > today],
        "remote_days": [d for d in mine if d.kind == PlanDayKind.REMOTE and d.date > today],
        "ask": ask,
        "today": today,
        "my_requests": ChangeRequest.objects.filter(person_id=access.person_id, plan=my_plan)
        if my_plan
        else [],
        "days": days,
        "rows": rows,
        "feed_url": feed_url,
        "has_feed": access.person_id is not None
        and CalendarFeed.objects.filter(
            person_id=access.person_id, revoked_at__isnull=True
        ).exists(),
        "nav": "my_month",
    }
    return render(request, "planning/my_month.html", context)


@body_view()
def my_week(request: HttpRequest, access: Access) -> HttpResponse:
    """The person's week, Monday to Friday (?date= any day of it; today's week by default),
    with the same words, colours and actions as the month."""
    today = timezone.localdate()
    try:
        shown = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        shown = today
    start, end = person_calendar.week_span(shown)
    calendar, _person = selectors.person_calendar(access, start, end, today)
    context = {
        "access": access,
        "calendar": calendar,
        "legend": person_calendar.legend(),
        "previous": start - timedelta(days=7),
        "following": start + timedelta(days=7),
        "this_week": person_calendar.monday_of(today),
        "today": today,
        "nav": "my_month",
    }
    return render(request, "planning/my_week.html", context)


def _remote_label(day: PlanDay) -> str:
    """The feed's words for a remote day (Italian, like the rest of the feed): lavoro da
    remoto carries its fixed hours."""
    return f"Lavoro da remoto {day.hours}" if day.hours else "Lavoro agile"


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed of one person's published days: the address is the secret, so no
    login; a revoked or unknown address answers 404."""
    feed = (
        CalendarFeed.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .select_related("person", "unit", "body")
        .first()
    )
    if feed is None or (feed.person is not None and not feed.person.is_active):
        raise Http404
    since = timezone.localdate() - timedelta(days=62)
    days = PlanDay.objects.filter(plan__status=PlanStatus.PUBLISHED, date__gte=since)
    if feed.person is not None:
        calendar = ical.calendar("lavoro agile", f"Lavoro agile - {feed.person.full_name}")
        days = days.filter(person=feed.person).exclude(kind=PlanDayKind.ABSENT)
    else:
        calendar = ical.calendar("lavoro agile", f"Lavoro agile - {feed.unit.name}")
        days = days.filter(person__unit=feed.unit, kind=PlanDayKind.REMOTE)
    stamp = ical.now()
    for day in days.select_related("person", "site").order_by("date", "person_id"):
        if feed.person is None:
            summary = f"{day.person.full_name}: {_remote_label(day).lower()}"
        elif day.kind == PlanDayKind.REMOTE:
            summary = _remote_label(day)
        else:
            summary = f"In sede ({day.site.name})" if day.site else "In sede"
        calendar.add_component(
            ical.event(
                f"agilepa-{feed.body.slug}-{day.person_id}-{day.date:%Y%m%d}",
                summary,
                day.date,
                day.date + timedelta(days=1),
                stamp=stamp,
                transparent=True,
            )
        )
    if feed.person is not None:
        from agilepa.spaces.models import LIVE, Booking, RoomBooking, RoomBookingStatus

        for booking in Booking.objects.filter(
            person=feed.person, status__in=LIVE, date__gte=since
        ).select_related("hub", "seat"):
            calendar.add_component(
                ical.event(
                    f"agilepa-booking-{booking.pk}",
                    f"Coworking: {booking.hub.name}, {booking.seat.code}",
                    booking.date,
                    booking.date + timedelta(days=1),
                    stamp=stamp,
                    location=f"{booking.hub.address}, {booking.hub.municipality}",
                )
            )
        for room_booking in RoomBooking.objects.filter(
            person=feed.person, status=RoomBookingStatus.BOOKED, date__gte=since
        ).select_related("room__hub"):
            hub = room_booking.room.hub
            calendar.add_component(
                ical.event(
                    f"agilepa-room-booking-{room_booking.pk}",
                    f"{room_booking.room.name} ({hub.name})",
                    timezone.make_aware(
                        datetime.combine(room_booking.date, room_booking.starts_at)
                    ),
                    timezone.make_aware(datetime.combine(room_booking.date, room_booking.ends_at)),
                    stamp=stamp,
                    description=room_booking.purpose or None,
                    location=f"{hub.address}, {hub.municipality}",
                )
            )
    return ical.response(calendar, cache="private, max-age=900")


ATTENDANCE_KEY = "attendance_import"


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
def attendance_import(request: HttpRequest, access: Access) -> HttpResponse:
    """The attendance system's export: upload, preview (every error with row and column),
    confirm; all or nothing."""
    import base64

    from agilepa.core.tabular import ImportFileError, read_upload

    report = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        stored = request.session.pop(ATTENDANCE_KEY, None)
        if not stored or stored.get("body") != access.body.pk:
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect(request.path)
        report = actuals.import_attendance(access, base64.b64decode(stored["content"]))
        if report.ok:
            messages.success(request, _("%(n)d days were recorded.") % {"n": report.written})
            return redirect(request.path)
    elif request.method == "POST" and request.FILES.get("file"):
        try:
            content = read_upload(request.FILES["file"])
        except ImportFileError as exc:
            messages.error(request, exc.message)
            return redirect(request.path)
        report = actuals.import_attendance(access, content, dry_run=True)
        if report.ok:
            request.session[ATTENDANCE_KEY] = {
                "body": access.body.pk,
                "content": base64.b64encode(content).decode(),
            }
    context = {"access": access, "report": report, "nav": "planning"}
    return render(request, "planning/attendance_import.html", context)
