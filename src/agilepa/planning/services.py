"""Writes of planning: the calendar, the month's problem, running, editing and publishing
plans, calendar feeds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.agreements import rules as agreement_rules
from agilepa.agreements.models import (
    Agreement,
    AgreementStatus,
    DerogationStatus,
    PresenceDerogation,
)
from agilepa.audit import services as audit
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.policies import require_manages_unit
from agilepa.org.models import Body, OrgUnit, Person
from agilepa.org.selectors import people_for
from agilepa.planning.calendar import month_bounds, suggest_patron, working_days
from agilepa.planning.checker import check_plan
from agilepa.planning.models import (
    Absence,
    ActualDay,
    AnchorDay,
    CalendarFeed,
    ChangeRequest,
    Closure,
    MonthPlan,
    PatronDay,
    PlanChange,
    PlanDay,
    PlanDayKind,
    PlanningProfile,
    PlanStatus,
    PresenceRequirement,
    RequestStatus,
)
from agilepa.planning.problem import Finding, Plan, PresenceRule, Problem, Worker
from agilepa.planning.selectors import calendars_of, may_plan


@transaction.atomic
def prefill_patron_days(body: Body) -> list[PatronDay]:
    """Create the patron days the `holidays` package knows for the comuni of the body and of
    its offices (capoluoghi only); days already set by the body are kept."""
    municipalities = {body.municipality, *body.sites.values_list("municipality", flat=True)}
    created = []
    for municipality in sorted(m for m in municipalities if m):
        patron = suggest_patron(municipality)
        if patron is None:
            continue
        day, made = PatronDay.objects.get_or_create(
            body=body,
            municipality=municipality,
            defaults={"saint": patron.name, "month": patron.month, "day": patron.day},
        )
        if made:
            created.append(day)
    return created


# --- the month's problem, from the database ------------------------------------------------


def build_problem(plan: MonthPlan) -> Problem:
    """The planning problem of `plan`: the people of the unit's subtree, what their agreements
    allow in the month, their absences and preferences, the units' presence requirements and
    anchor days. The month's working days are the body's seat calendar; a person whose office is
    in another comune has that comune's closed days added as absences."""
    first, last = month_bounds(plan.year, plan.month)
    body = plan.body
    in_plan = Person.objects.filter(
        body=body, is_active=True, unit__path__startswith=plan.unit.path
    )
    # Plain values, not model instances: an Area is a thousand people, and the page of the
    # plan builds its problem for the checker's findings at every request.
    people = [
        _Someone(*values)
        for values in in_plan.order_by("unit_id", "last_name", "first_name", "pk").values_list(
            "pk",
            "unit_id",
            "first_name",
            "last_name",
            "office_site_id",
            "planning_profile__roles",
            "planning_profile__preferred_weekdays",
        )
    ]
    # The people are read again as a subquery, not sent back as a list of a thousand ids.
    ids = in_plan.values("pk")
    agreements: dict[int, Agreement] = {}
    for agreement in (
        Agreement.objects.filter(
            person__in=ids,
            status__in=[AgreementStatus.ACTIVE, AgreementStatus.COUNTERSIGNED],
            start_date__lte=last,
        )
        .exclude(end_date__lt=first)
        .select_related("regulation")
        .order_by("start_date")
    ):
        agreements[agreement.person_id] = agreement
    absent: dict[int, set[date]] = defaultdict(set)
    for person_id, start, end in Absence.objects.filter(
        person__in=ids, start__lte=last, end__gte=first
    ).values_list("person_id", "start", "end"):
        day = max(start, first)
        while day <= min(end, last):
            absent[person_id].add(day)
            day += timedelta(days=1)
    calendars = calendars_of(body, {p.office_site_id for p in people} - {None}, first, last)
    days = tuple(working_days(calendars[None], first, last))
    site_closed: dict[int, set[date]] = {
        site_id: set(days) - set(working_days(facts, first, last))
        for site_id, facts in calendars.items()
        if site_id is not None
    }
    for person in people:
        if person.office_site_id is not None:
            absent[person.pk] |= site_closed[person.office_site_id]
    previous = _previous_weekdays(plan, ids)
    carried = window_carry(plan.year, plan.month, agreements)
    derogation_days = _derogations(agreements, first)
    workers = tuple(
        _worker(
            p,
            agreements.get(p.pk),
            absent[p.pk],
            previous.get(p.pk, frozenset()),
            carried.get(p.pk, (0, 0)),
            derogation_days.get(p.pk),
        )
        for p in people
    )
    unit_ids = {p.unit_id for p in people}
    rules = tuple(
        PresenceRule(
            unit_id=r.unit_id,
            weekday=r.weekday,
            min_present=r.min_present,
            min_share_percent=r.min_share_percent,
            role=r.role,
            label=r.unit.name,
        )
        for r in PresenceRequirement.objects.filter(unit_id__in=unit_ids).select_related("unit")
    )
    anchors: dict[int, set[date]] = defaultdict(set)
    for anchor in AnchorDay.objects.filter(unit_id__in=unit_ids, date__range=(first, last)):
        anchors[anchor.unit_id].add(anchor.date)
    names = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return Problem(
        days=days,
        workers=workers,
        rules=rules,
        anchor_days={u: frozenset(d) for u, d in anchors.items()},
        unit_names=names,
    )


def _previous_weekdays(plan: MonthPlan, person_ids: QuerySet[Person]) -> dict[int, frozenset[int]]:
    """Each person's remote weekdays in the previous month's published plan (stable patterns
    week to week weigh in the objective)."""
    first, _last = month_bounds(plan.year, plan.month)
    before = first - timedelta(days=1)
    days = PlanDay.objects.filter(
        person__in=person_ids,
        kind=PlanDayKind.REMOTE,
        plan__status=PlanStatus.PUBLISHED,
        plan__year=before.year,
        plan__month=before.month,
    ).values_list("person_id", "date")
    weekdays: dict[int, set[int]] = defaultdict(set)
    for person_id, day in days:
        weekdays[person_id].add(day.weekday())
    return {k: frozenset(v) for k, v in weekdays.items()}


def window_carry(
    year: int, month: int, agreements: dict[int, Agreement]
) -> dict[int, tuple[int, int]]:
    """Each person's (days at work, remote days) in the earlier months of their Regolamento's
    presence window: what happened (actual days) where recorded, else the published plan."""
    by_window: dict[int, list[int]] = defaultdict(list)
    for person_id, agreement in agreements.items():
        window = agreement.regulation.presence_window_months if agreement.regulation else 1
        if window > 1:
            by_window[window].append(person_id)
    out: dict[int, tuple[int, int]] = {}
    for window, person_ids in by_window.items():
        earlier = agreement_rules.window_months(year, month, window)[:-1]
        if not earlier:
            continue
        start = date(earlier[0][0], earlier[0][1], 1)
        end = month_bounds(year, month)[0] - timedelta(days=1)
        kinds: dict[tuple[int, date], str] = {
            (pid, day): kind
            for pid, day, kind in PlanDay.objects.filter(
                person_id__in=person_ids,
                plan__status=PlanStatus.PUBLISHED,
                date__range=(start, end),
            ).values_list("person_id", "date", "kind")
        }
        kinds.update(
            {
                (pid, day): kind
                for pid, day, kind in ActualDay.objects.filter(
                    person_id__in=person_ids, date__range=(start, end)
                ).values_list("person_id", "date", "kind")
            }
        )
        counts: dict[int, list[int]] = {pid: [0, 0] for pid in person_ids}
        for (pid, _day), kind in kinds.items():
            if kind != PlanDayKind.ABSENT:
                counts[pid][0] += 1
            if kind == PlanDayKind.REMOTE:
                counts[pid][1] += 1
        out.update({pid: (w, r) for pid, (w, r) in counts.items()})
    return out


def presence_balances(
    plan: MonthPlan, problem: Problem | None = None, stored: Plan | None = None
) -> dict[int, tuple[int, agreement_rules.PresenceBalance]]:
    """Each person's presence over their window so far, this month as planned: (window's
    length, balance), for the plan's page. A person with a granted derogation has none.
    The page passes the problem and the stored plan it already read for the findings."""
    problem = problem or build_problem(plan)
    remote = (stored or stored_plan(plan)).remote
    out = {}
    for worker in problem.workers:
        if worker.agreement_start is None or worker.derogation_days is not None:
            continue
        at_work = [d for d in problem.days if d not in worker.absences]
        planned = len(remote.get(worker.id, frozenset()) & set(at_work))
        out[worker.id] = (
            worker.window_months,
            agreement_rules.PresenceBalance(
                worker.window_working + len(at_work),
                worker.window_remote + planned,
                worker.min_presence_percent,
            ),
        )
    return out


def _derogations(agreements: dict[int, Agreement], first: date) -> dict[int, int]:
    """The granted derogations in force in the month (until their review date)."""
    return {
        d.agreement.person_id: d.days_per_month
        for d in PresenceDerogation.objects.filter(
            agreement__in=list(agreements.values()),
            status=DerogationStatus.GRANTED,
            review_on__gte=first,
        ).select_related("agreement")
    }


@dataclass(frozen=True)
class _Someone:
    """What the problem needs of a person (and of their planning profile, when they have one)."""

    pk: int
    unit_id: int
    first_name: str
    last_name: str
    office_site_id: int | None
    roles: list[str] | None
    preferred_weekdays: list[int] | None


def _worker(
    person: _Someone,
    agreement: Agreement | None,
    absences: set[date],
    previous: frozenset[int] = frozenset(),
    carried: tuple[int, int] = (0, 0),
    derogation_days: int | None = None,
) -> Worker:
    common = {
        "previous_weekdays": previous,
        "id": person.pk,
        "unit_id": person.unit_id,
        "name": f"{person.first_name} {person.last_name}",  # Person.full_name
        "roles": frozenset(person.roles or ()),
        "absences": frozenset(absences),
        "preferred_weekdays": frozenset(person.preferred_weekdays or ()),
    }
    if agreement is None or agreement.regulation is None:
        return Worker(**common)
    regulation = agreement.regulation
    fixed = agreement.pattern == "fixed_weekdays"
    max_per_week = len(agreement.weekdays) if fixed else regulation.max_days_per_week
    max_per_month = (
        regulation.max_days_per_month
        if fixed
        else min(agreement.monthly_quota, regulation.max_days_per_month)
    )
    if derogation_days is not None:
        # The derogation lifts the limits that keep presence prevailing, up to its days.
        max_per_week = len(agreement.weekdays) if fixed else 5
        max_per_month = derogation_days if fixed else min(agreement.monthly_quota, derogation_days)
    hours = ""
    if agreement.kind == "remote" and agreement.work_hours_start and agreement.work_hours_end:
        hours = f"{agreement.work_hours_start:%H:%M}-{agreement.work_hours_end:%H:%M}"
    return Worker(
        **common,
        agreement_start=agreement.start_date,
        agreement_end=agreement.withdrawal_effective_on or agreement.end_date,
        remote_weekdays=frozenset(agreement.weekdays) if fixed else frozenset(),
        max_per_week=max_per_week,
        max_per_month=max_per_month,
        min_presence_percent=regulation.min_presence_percent,
        window_months=regulation.presence_window_months,
        window_working=carried[0],
        window_remote=carried[1],
        derogation_days=derogation_days,
        work_hours=hours,
    )


# --- running and saving a plan ------------------------------------------------------------


def start_plan(access: Access, unit: OrgUnit, year: int, month: int, seed: int = 0) -> MonthPlan:
    """Queue the planner for a unit's subtree: its manager or HR. The page follows the plan's
    `status` and `progress` while the background worker runs it."""
    if unit.body_id != access.body.pk:
        raise PermissionDeniedForRole
    require_manages_unit(access, unit)
    plan = MonthPlan.objects.create(
        body=access.body,
        unit=unit,
        year=year,
        month=month,
        seed=seed,
        created_by_id=access.user_id,
        progress=_("Waiting for the planner"),
    )
    from agilepa.planning.tasks import run_plan

    transaction.on_commit(lambda: run_plan.enqueue(plan.pk))
    return plan


def execute_plan(plan: MonthPlan, processes: int | None = None) -> MonthPlan:
    """Solve the plan's month and store every person's days, all or nothing."""
    MonthPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.RUNNING, progress=_("Reading people, agreements and absences")
    )
    problem = build_problem(plan)
    MonthPlan.objects.filter(pk=plan.pk).update(
        progress=_("Planning %(people)d people in %(units)d units")
        % {"people": len(problem.workers), "units": len({w.unit_id for w in problem.workers})}
    )
    # The solver (OR-Tools, half a second to import) is read only by the process that plans:
    # the web workers and the other commands start without it.
    from agilepa.planning.solver import solve

    result = solve(problem, seed=plan.seed, processes=processes or settings.PLANNER_PROCESSES)
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[w.id for w in problem.workers]).only(
            "pk", "office_site_id"
        )
    }
    places = dict(
        Agreement.objects.filter(
            person_id__in=people, status__in=[AgreementStatus.ACTIVE, AgreementStatus.COUNTERSIGNED]
        ).values_list("person_id", "places")
    )
    rows = []
    for worker in problem.workers:
        remote = result.plan.remote.get(worker.id, frozenset())
        site_id = people[worker.id].office_site_id
        place = (places.get(worker.id) or ["home"])[0]
        for day in problem.days:
            if day in worker.absences:
                row = PlanDay(kind=PlanDayKind.ABSENT)
            elif day in remote:
                row = PlanDay(kind=PlanDayKind.REMOTE, place=place, hours=worker.work_hours)
            else:
                row = PlanDay(kind=PlanDayKind.OFFICE, site_id=site_id, hours=worker.work_hours)
            row.plan, row.person_id, row.date = plan, worker.id, day
            rows.append(row)
    with transaction.atomic():
        PlanDay.objects.filter(plan=plan).delete()
        PlanDay.objects.bulk_create(rows, batch_size=5000)
        plan.status = PlanStatus.READY
        plan.progress = ""
        plan.seconds = result.seconds
        plan.infeasible = [
            {
                "code": f.code,
                "message": f.message,
                "unit_id": f.unit_id,
                "day": f.day.isoformat() if f.day else None,
                "missing": f.missing,
            }
            for f in result.infeasible
        ]
        plan.soft_report = asdict(result.soft)
        plan.save()
    return plan


# --- reviewing, editing and publishing -----------------------------------------------------


def stored_plan(plan: MonthPlan) -> Plan:
    remote: dict[int, set[date]] = defaultdict(set)
    for person_id, day in PlanDay.objects.filter(plan=plan, kind=PlanDayKind.REMOTE).values_list(
        "person_id", "date"
    ):
        remote[person_id].add(day)
    return Plan({k: frozenset(v) for k, v in remote.items()})


def findings(
    plan: MonthPlan, problem: Problem | None = None, stored: Plan | None = None
) -> list[Finding]:
    """What the independent checker finds in the plan as it stands (edits included)."""
    return check_plan(problem or build_problem(plan), stored or stored_plan(plan))


EDITABLE_KINDS = {PlanDayKind.OFFICE, PlanDayKind.REMOTE}


def set_day(access: Access, plan: MonthPlan, person_id: int, day: date, kind: str) -> PlanDay:
    """A manager's hand edit of one cell, recorded. The plan may then break a rule: the page
    shows the checker's findings, and publishing is refused while any is new."""
    if not may_plan(access, plan.unit):
        raise PermissionDeniedForRole
    if plan.status not in {PlanStatus.READY, PlanStatus.PUBLISHED}:
        raise ValidationError(_("The plan is not ready yet."))
    if kind not in EDITABLE_KINDS:
        raise ValidationError({"kind": _("A day can be set in the office or remote.")})
    with transaction.atomic():
        cell = PlanDay.objects.select_for_update().get(plan=plan, person_id=person_id, date=day)
        if cell.kind == PlanDayKind.ABSENT:
            raise ValidationError(_("The person is absent that day."))
        if cell.kind != kind:
            PlanChange.objects.create(
                plan=plan,
                person_id=person_id,
                date=day,
                before=cell.kind,
                after=kind,
                actor_id=access.user_id,
            )
            cell.kind = kind
            cell.save(update_fields=["kind"])
    return cell


def publish(access: Access, plan: MonthPlan) -> MonthPlan:
    """Publish the month: refused while the plan breaks a hard rule that was not reported as
    impossible when it was planned."""
    if not may_plan(access, plan.unit):
        raise PermissionDeniedForRole
    if plan.status not in {PlanStatus.READY, PlanStatus.PUBLISHED}:
        raise ValidationError(_("The plan is not ready yet."))
    known = {(f["code"], f["unit_id"], f["day"]) for f in plan.infeasible}
    broken = [
        f
        for f in findings(plan)
        if (f.code, f.unit_id, f.day.isoformat() if f.day else None) not in known
    ]
    if broken:
        raise ValidationError([f.message for f in broken])
    with transaction.atomic():
        # One published plan per unit and month: the newest replaces the others.
        MonthPlan.objects.filter(
            body=plan.body,
            unit=plan.unit,
            year=plan.year,
            month=plan.month,
            status=PlanStatus.PUBLISHED,
        ).exclude(pk=plan.pk).update(status=PlanStatus.READY, published_at=None)
        before = audit.snapshot(plan, PUBLICATION_FIELDS)
        plan.status = PlanStatus.PUBLISHED
        plan.published_at = timezone.now()
        plan.published_by_id = access.user_id
        plan.save(update_fields=["status", "published_at", "published_by"])
        audit.record(
            "plan.publish",
            body=plan.body_id,
            obj=plan,
            changes=audit.diff(before, audit.snapshot(plan, PUBLICATION_FIELDS)),
        )
    return plan


PUBLICATION_FIELDS = ("status", "published_at", "published_by")


# --- calendar feeds ---------------------------------------------------------------------------


def new_feed(access: Access, person: Person) -> str:
    """A new private feed address for the person's own published days; the previous ones stop.
    Returns the raw token, shown once."""
    import secrets

    from agilepa.core.models import hash_token

    if access.person_id != person.pk:
        raise PermissionDeniedForRole
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        CalendarFeed.objects.create(body=access.body, person=person, token_hash=hash_token(raw))
    return raw


def revoke_feeds(access: Access, person: Person) -> int:
    if access.person_id != person.pk and not access.is_hr:
        raise PermissionDeniedForRole
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# --- change requests --------------------------------------------------------------------------


def verdict_of(plan: MonthPlan, person_id: int, from_date: date | None, to_date: date) -> list[str]:
    """What the checker would find new if the change were made: the manager reads it before
    deciding. An empty list: the change breaks no rule."""
    problem = build_problem(plan)
    before = stored_plan(plan)
    remote = dict(before.remote)
    days = set(remote.get(person_id, frozenset()))
    if from_date is not None:
        days.discard(from_date)
    days.add(to_date)
    remote[person_id] = frozenset(days)
    seen = {(f.code, f.worker_id, f.unit_id, f.day) for f in check_plan(problem, before)}
    return [
        f.message
        for f in check_plan(problem, Plan(remote))
        if (f.code, f.worker_id, f.unit_id, f.day) not in seen
    ]


def request_change(
    access: Access, plan: MonthPlan, from_date: date | None, to_date: date, reason: str
) -> ChangeRequest:
    """The person asks to work remotely on `to_date` (instead of `from_date`, for a swap)."""
    if access.person_id is None or plan.body_id != access.body.pk:
        raise PermissionDeniedForRole
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Changes are asked on a published plan."))
    own = PlanDay.objects.filter(plan=plan, person_id=access.person_id)
    target = own.filter(date=to_date).first()
    if target is None or target.kind != PlanDayKind.OFFICE:
        raise ValidationError({"to_date": _("Choose one of your days in the office.")})
    if from_date is not None and not own.filter(date=from_date, kind=PlanDayKind.REMOTE).exists():
        raise ValidationError({"from_date": _("Choose one of your remote days.")})
    return ChangeRequest.objects.create(
        plan=plan,
        person_id=access.person_id,
        from_date=from_date,
        to_date=to_date,
        reason=reason.strip(),
        verdict=verdict_of(plan, access.person_id, from_date, to_date),
    )


def decide_change(
    access: Access, change: ChangeRequest, approve: bool, answer: str = ""
) -> ChangeRequest:
    """The manager (or HR) approves, which edits the plan (recorded), or rejects. A change that
    would break a hard rule (the agreement, the unit's minimum presence) cannot be approved."""
    if not may_plan(access, change.plan.unit) or change.person_id == access.person_id:
        raise PermissionDeniedForRole
    if change.status != RequestStatus.PENDING:
        raise ValidationError(_("The request was already decided."))
    if approve:
        broken = verdict_of(change.plan, change.person_id, change.from_date, change.to_date)
        if broken:
            raise ValidationError(broken)
    with transaction.atomic():
        if approve:
            if change.from_date is not None:
                set_day(access, change.plan, change.person_id, change.from_date, PlanDayKind.OFFICE)
            set_day(access, change.plan, change.person_id, change.to_date, PlanDayKind.REMOTE)
        change.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        change.decided_by_id = access.user_id
        change.decided_at = timezone.now()
        change.answer = answer.strip()
        change.save()
    return change


def new_unit_feed(access: Access, unit: OrgUnit) -> str:
    """A private feed of the remote days of a unit's people (its manager or HR); the previous
    address of the unit stops. Returns the raw token, shown once."""
    import secrets

    from agilepa.core.models import hash_token

    if not may_plan(access, unit):
        raise PermissionDeniedForRole
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(unit=unit, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        CalendarFeed.objects.create(body=access.body, unit=unit, token_hash=hash_token(raw))
    return raw


# --- the planning settings people keep --------------------------------------------------------


@dataclass(frozen=True)
class WeekdayMinimum:
    weekday: int
    people: int
    share_percent: int


@dataclass(frozen=True)
class Requirements:
    """A unit's minimum presence: per weekday, and optionally for one role on some weekdays."""

    weekdays: tuple[WeekdayMinimum, ...]
    role: str = ""
    role_people: int = 0
    role_weekdays: tuple[int, ...] = ()


def _require_planner(access: Access, unit: OrgUnit) -> None:
    if not may_plan(access, unit):
        raise PermissionDeniedForRole


def _require_hr(access: Access) -> None:
    if not access.is_hr:
        raise PermissionDeniedForRole


def set_presence_requirements(access: Access, unit: OrgUnit, requirements: Requirements) -> None:
    """Replace the unit's minimum presence per weekday (and the named role's, if any): saving
    again replaces, never doubles."""
    _require_planner(access, unit)
    rows = [
        PresenceRequirement(
            body=access.body,
            unit=unit,
            weekday=w.weekday,
            min_present=w.people,
            min_share_percent=w.share_percent,
        )
        for w in requirements.weekdays
    ]
    if requirements.role:
        rows += [
            PresenceRequirement(
                body=access.body,
                unit=unit,
                weekday=w,
                min_present=requirements.role_people,
                role=requirements.role,
            )
            for w in requirements.role_weekdays
        ]
    with transaction.atomic():
        unit.presence_requirements.filter(role="").delete()
        if requirements.role:
            unit.presence_requirements.filter(role=requirements.role).delete()
        PresenceRequirement.objects.bulk_create(rows)


def add_anchor_day(access: Access, unit: OrgUnit, day: date, reason: str) -> AnchorDay:
    """A day of mandatory presence for the unit's people."""
    _require_planner(access, unit)
    return AnchorDay.objects.create(body=access.body, unit=unit, date=day, reason=reason)


def remove_anchor_day(access: Access, unit: OrgUnit, anchor_id: object) -> None:
    _require_planner(access, unit)
    AnchorDay.objects.filter(unit=unit, pk=anchor_id).delete()


def add_closure(access: Access, day: date, reason: str) -> Closure:
    """A day the body's offices are closed (HR)."""
    _require_hr(access)
    return Closure.objects.create(body=access.body, date=day, reason=reason)


def remove_closure(access: Access, closure_id: object) -> None:
    _require_hr(access)
    Closure.objects.filter(body=access.body, pk=closure_id).delete()


def save_patron_day(access: Access, patron: PatronDay) -> PatronDay:
    """The patron day of a comune of the body's offices (HR): one per comune, a second one
    replaces the first. Raises a ValidationError for a day that does not exist."""
    _require_hr(access)
    patron.body = access.body
    patron.full_clean()
    saved, _created = PatronDay.objects.update_or_create(
        body=access.body,
        municipality=patron.municipality,
        defaults={"saint": patron.saint, "day": patron.day, "month": patron.month},
    )
    return saved


def record_absence(
    access: Access, employee_number: str, start: date, end: date, kind: str
) -> Absence:
    """An absence the planner must respect (HR), of a person of the body named by matricola."""
    _require_hr(access)
    person = people_for(access).filter(employee_number=employee_number).first()
    if person is None:
        raise ValidationError({"employee_number": _("No person with this matricola.")})
    return Absence.objects.create(body=access.body, person=person, start=start, end=end, kind=kind)


def remove_absence(access: Access, absence_id: object) -> None:
    _require_hr(access)
    Absence.objects.filter(body=access.body, pk=absence_id).delete()


def set_preferred_weekdays(access: Access, weekdays: list[int]) -> PlanningProfile:
    """The person's preferred weekdays for remote work: two at most, real weekdays only (a wish
    the planner weighs)."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    days = sorted({d for d in weekdays if 0 <= d <= 4})
    profile, _created = PlanningProfile.objects.get_or_create(person_id=access.person_id)
    profile.preferred_weekdays = days[:2]
    profile.save(update_fields=["preferred_weekdays"])
    return profile
