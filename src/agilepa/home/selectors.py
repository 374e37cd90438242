"""What the home page shows each role: one selector per section, each taking the user's
`Access` and returning plain values for the template.

The sections follow the order of the menu's groups (core/navigation.py): my work (a person of
the body), my unit (a manager), the body (HR's queue, the aggregates HR and observers read) and
the network (its coordinator). A user with several roles sees the section of each. Every
section reads a fixed number of queries, whatever the number of rows behind its counts: the
decisions with their legal check are the first few only (`DECISIONS_SHOWN`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agilepa.agreements import selectors as agreement_selectors
from agilepa.agreements import services as agreement_services
from agilepa.agreements.communications import communications_for
from agilepa.agreements.models import Agreement, AgreementStatus
from agilepa.agreements.prerequisites.selectors import people_missing_prerequisites
from agilepa.core import formats
from agilepa.core.access import Access, Network, coordinated_networks
from agilepa.core.models import User
from agilepa.core.policies import hr_or_observer, is_hr
from agilepa.objectives.models import State
from agilepa.objectives.policies import checkin_due, policy_for
from agilepa.objectives.selectors import my_objectives
from agilepa.org.models import ImportBatch, ImportStatus, Membership, MembershipStatus, Person
from agilepa.org.selectors import subtree_q
from agilepa.planning.models import (
    ActualDay,
    ChangeRequest,
    PlanDay,
    PlanDayKind,
    PlanStatus,
    RequestStatus,
)
from agilepa.planning.selectors import plans_for
from agilepa.spaces.models import LIVE, Booking
from agilepa.surveys.mailing import answer_link
from agilepa.surveys.models import Invitation, SurveyCampaign
from agilepa.surveys.sealing import token_for

# The decisions listed with their legal check; the others are counted, and opened from the inbox.
DECISIONS_SHOWN = 5
EXPIRING_WITHIN_DAYS = 30
WEEKDAYS = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
)


@dataclass(frozen=True)
class Action:
    """Something waiting for the user: how many, what, and where to do it."""

    key: str
    count: int
    label: str
    url: str


@dataclass(frozen=True)
class Day:
    """One weekday of the person's week: where the published plan puts them, what they
    confirmed (or the attendance system recorded) and the seat they booked."""

    day: date
    weekday: str | Promise
    planned: str
    planned_kind: str
    place: str
    actual: str
    booking: str
    is_today: bool


@dataclass(frozen=True)
class MyWork:
    week: list[Day]
    actions: list[Action]
    month_url: str


@dataclass(frozen=True)
class Decision:
    """A request waiting for the user's decision, with what the checker says of it."""

    kind: str  # "agreement" or "change"
    person: str
    what: str
    url: str
    problems: tuple[str, ...]

    @property
    def compliant(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Coverage:
    """How many people of a scope the published plans put in the office, remote or absent."""

    day: date
    weekday: str | Promise
    office: int
    remote: int
    absent: int


@dataclass(frozen=True)
class MyUnit:
    agreements_waiting: int
    changes_waiting: int
    decisions: list[Decision]
    coverage: list[Coverage]
    inbox_url: str
    plans_url: str


@dataclass(frozen=True)
class BodyFigures:
    """The body's aggregates, never a name: what an observer (CUG/RSU) may read."""

    active_people: int
    active_agreements: int
    open_campaigns: int
    coverage: list[Coverage]
    indicators_url: str
    surveys_url: str


@dataclass(frozen=True)
class TheBody:
    queue: list[Action]  # HR's; empty for the other roles
    figures: BodyFigures | None


@dataclass(frozen=True)
class NetworkGlance:
    name: str
    url: str
    members: int
    applications: int
    people: int
    indicators_url: str
    maturity_url: str


@dataclass(frozen=True)
class Home:
    my_work: MyWork | None
    my_unit: MyUnit | None
    the_body: TheBody | None
    networks: list[NetworkGlance]


def week_of(today: date) -> list[date]:
    """Monday to Friday of the week of `today` (on a weekend, the week to come)."""
    monday = today - timedelta(days=today.weekday())
    if today.weekday() >= 5:
        monday += timedelta(days=7)
    return [monday + timedelta(days=i) for i in range(5)]


def home(access: Access, user: User, today: date) -> Home:
    return Home(
        my_work=my_work(access, today),
        my_unit=my_unit(access, today),
        the_body=the_body(access, today),
        networks=network_glance(user),
    )


# --- my work: a person of the body ---------------------------------------------------------


def my_work(access: Access, today: date) -> MyWork | None:
    """The person's week and what waits for them; None for a user with no person here."""
    person_id = access.person_id
    if person_id is None:
        return None
    days = week_of(today)
    planned = {
        d.date: d
        for d in PlanDay.objects.filter(
            person_id=person_id, plan__status=PlanStatus.PUBLISHED, date__in=days
        )
        .select_related("site")
        .order_by("plan__published_at")
    }
    span = (days[0], days[-1])
    actual = {a.date: a for a in ActualDay.objects.filter(person_id=person_id, date__range=span)}
    booked = {
        b.date: b
        for b in Booking.objects.filter(
            person_id=person_id, status__in=LIVE, date__range=span
        ).select_related("hub")
    }
    week = []
    for day, weekday in zip(days, WEEKDAYS, strict=True):
        plan_day = planned.get(day)
        place = plan_day.site.name if plan_day is not None and plan_day.site is not None else ""
        week.append(
            Day(
                day=day,
                weekday=weekday,
                planned=plan_day.get_kind_display() if plan_day else "",
                planned_kind=plan_day.kind if plan_day else "",
                place=place,
                actual=actual[day].get_kind_display() if day in actual else "",
                booking=booked[day].hub.name if day in booked else "",
                is_today=day == today,
            )
        )
    slug = access.body.slug
    month_url = reverse("planning:my_month", kwargs={"body": slug})
    actions = _my_actions(access, person_id, today, month_url)
    return MyWork(week=week, actions=actions, month_url=month_url)


def _my_actions(access: Access, person_id: int, today: date, month_url: str) -> list[Action]:
    confirmed = ActualDay.objects.filter(person_id=person_id).values("date")
    to_confirm = (
        PlanDay.objects.filter(
            person_id=person_id,
            plan__status=PlanStatus.PUBLISHED,
            date__gte=today.replace(day=1),
            date__lte=today,
        )
        .exclude(date__in=confirmed)
        .values("date")
        .distinct()
        .count()
    )
    waiting = ChangeRequest.objects.filter(
        person_id=person_id, status=RequestStatus.PENDING
    ).count()
    policy = policy_for(access.body)
    checkins = sum(
        1
        for objective in my_objectives(access, today.year).filter(state=State.ACTIVE)
        if checkin_due(objective, policy, today)
    )
    invitations = list(
        Invitation.objects.filter(
            person_id=person_id, wave__opens_on__lte=today, wave__closes_on__gte=today
        ).order_by("wave__closes_on", "pk")
    )
    slug = access.body.slug
    return [
        Action(
            "confirm",
            to_confirm,
            ngettext(
                "day of this month to confirm where you worked",
                "days of this month to confirm where you worked",
                to_confirm,
            ),
            month_url,
        ),
        Action(
            "change_request",
            waiting,
            ngettext(
                "change request waiting for your manager",
                "change requests waiting for your manager",
                waiting,
            ),
            month_url,
        ),
        Action(
            "checkin",
            checkins,
            ngettext("objective due for a check-in", "objectives due for a check-in", checkins),
            reverse("objectives:mine", kwargs={"body": slug}),
        ),
        Action(
            "survey",
            len(invitations),
            ngettext("survey open to you", "surveys open to you", len(invitations)),
            # The link of the invitation's e-mail: the token in the fragment only.
            answer_link(token_for(invitations[0])) if invitations else "",
        ),
    ]


# --- my unit: a manager ---------------------------------------------------------------------


def my_unit(access: Access, today: date) -> MyUnit | None:
    """The decisions waiting for a manager, the first few with their legal check, and the
    coverage of the units they head this week; None for a user who heads no unit."""
    if not access.is_manager:
        return None
    slug = access.body.slug
    ranked = agreement_selectors.ranked_inbox(access)
    pending = ChangeRequest.objects.filter(
        plan__in=plans_for(access).filter(subtree_q(access.managed_paths, "unit__")),
        status=RequestStatus.PENDING,
    )
    if access.person_id is not None:
        pending = pending.exclude(person_id=access.person_id)  # never one's own
    changes = list(pending.select_related("person", "plan").order_by("created_at", "pk"))
    decisions = [
        _agreement_decision(slug, a)
        for a, _r in agreement_selectors.inbox_rows(access, ranked[:DECISIONS_SHOWN])
    ]
    decisions += [_change_decision(slug, change) for change in changes[:DECISIONS_SHOWN]]
    return MyUnit(
        agreements_waiting=len(ranked),
        changes_waiting=len(changes),
        decisions=decisions,
        coverage=_coverage(
            PlanDay.objects.filter(
                subtree_q(access.managed_paths, "person__unit__"), plan__body=access.body
            ),
            today,
        ),
        inbox_url=reverse("agreements:inbox", kwargs={"body": slug}),
        plans_url=reverse("planning:plans", kwargs={"body": slug}),
    )


def _agreement_decision(slug: str, agreement: Agreement) -> Decision:
    """A submitted agreement with the violations the one legal checker finds in it."""
    problems = tuple(v.message for v in agreement_services.check(agreement))
    return Decision(
        kind="agreement",
        person=str(agreement.person),
        what=_("%(kind)s from %(start)s")
        % {
            "kind": agreement.get_kind_display(),
            "start": formats.day(agreement.start_date) if agreement.start_date else "—",
        },
        url=reverse("agreements:detail", kwargs={"body": slug, "agreement_id": agreement.pk}),
        problems=problems,
    )


def _change_decision(slug: str, change: ChangeRequest) -> Decision:
    """A change of a published plan, with the planner checker's verdict stored when asked."""
    if change.from_date is not None:
        what = _("Remote on %(to)s instead of %(from)s") % {
            "to": formats.day(change.to_date),
            "from": formats.day(change.from_date),
        }
    else:
        what = _("An extra remote day on %(to)s") % {"to": formats.day(change.to_date)}
    return Decision(
        kind="change",
        person=str(change.person),
        what=what,
        url=reverse("planning:plan", kwargs={"body": slug, "plan_id": change.plan_id}),
        problems=tuple(str(line) for line in change.verdict or ()),
    )


def _coverage(days: QuerySet[PlanDay], today: date) -> list[Coverage]:
    """People per day and kind in the published plans: one grouped query."""
    week = week_of(today)
    counts: dict[tuple[date, str], int] = {}
    rows = (
        days.filter(plan__status=PlanStatus.PUBLISHED, date__in=week)
        .values("date", "kind")
        .annotate(n=Count("person", distinct=True))
    )
    for row in rows:
        counts[row["date"], row["kind"]] = row["n"]
    return [
        Coverage(
            day=day,
            weekday=weekday,
            office=counts.get((day, PlanDayKind.OFFICE), 0),
            remote=counts.get((day, PlanDayKind.REMOTE), 0),
            absent=counts.get((day, PlanDayKind.ABSENT), 0),
        )
        for day, weekday in zip(week, WEEKDAYS, strict=True)
    ]


# --- the body: HR's queue, the aggregates -----------------------------------------------------


def the_body(access: Access, today: date) -> TheBody | None:
    """HR's queue and the body's aggregates (HR and observers); None for the other roles."""
    if not hr_or_observer(access):
        return None
    return TheBody(
        queue=hr_queue(access, today) if is_hr(access) else [],
        figures=body_figures(access, today),
    )


def hr_queue(access: Access, today: date) -> list[Action]:
    """What waits for the HR office: agreements to countersign or ending soon, people missing
    a prerequisite, the Ministry communications due, HR imports, plans to publish."""
    slug = access.body.slug
    agreements = agreement_selectors.agreements_for(access)
    by_status = dict(
        agreements.filter(
            Q(status=AgreementStatus.APPROVED)
            | Q(
                status=AgreementStatus.ACTIVE,
                end_date__gte=today,
                end_date__lte=today + timedelta(days=EXPIRING_WITHIN_DAYS),
            )
        )
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    to_countersign = by_status.get(AgreementStatus.APPROVED, 0)
    expiring = by_status.get(AgreementStatus.ACTIVE, 0)
    gaps = people_missing_prerequisites(access).count()
    unsent = communications_for(access).filter(sent_on__isnull=True)
    communications = unsent.aggregate(
        due=Count("pk", filter=Q(due_on__gte=today)), late=Count("pk", filter=Q(due_on__lt=today))
    )
    batches = ImportBatch.objects.filter(body=access.body)
    # A refused file stops mattering once a later one went through.
    last_applied = batches.filter(status=ImportStatus.APPLIED).aggregate(at=Max("created_at"))
    refused = Q(status=ImportStatus.FAILED)
    if last_applied["at"] is not None:
        refused &= Q(created_at__gt=last_applied["at"])
    imports = batches.aggregate(
        pending=Count("pk", filter=Q(status=ImportStatus.PREVIEWED)),
        failed=Count("pk", filter=refused),
    )
    plans = plans_for(access).aggregate(
        ready=Count("pk", filter=Q(status=PlanStatus.READY)),
        failed=Count("pk", filter=Q(status=PlanStatus.FAILED)),
    )

    def url(name: str) -> str:
        return reverse(name, kwargs={"body": slug})

    late, due = communications["late"], communications["due"]
    return [
        Action(
            "countersign",
            to_countersign,
            ngettext(
                "agreement approved, to countersign",
                "agreements approved, to countersign",
                to_countersign,
            ),
            url("agreements:list") + "?status=approved",
        ),
        Action(
            "expiring",
            expiring,
            ngettext(
                "agreement ending in the next %(days)d days",
                "agreements ending in the next %(days)d days",
                expiring,
            )
            % {"days": EXPIRING_WITHIN_DAYS},
            url("agreements:dashboard"),
        ),
        Action(
            "prerequisites",
            gaps,
            ngettext(
                "person missing a required prerequisite, or with one expired",
                "people missing a required prerequisite, or with one expired",
                gaps,
            ),
            url("agreements:prereq_overview"),
        ),
        Action(
            "communications_late",
            late,
            ngettext(
                "communication to the Ministry of Labour late",
                "communications to the Ministry of Labour late",
                late,
            ),
            url("agreements:communications"),
        ),
        Action(
            "communications_due",
            due,
            ngettext(
                "communication to the Ministry of Labour due",
                "communications to the Ministry of Labour due",
                due,
            ),
            url("agreements:communications"),
        ),
        Action(
            "imports_pending",
            imports["pending"],
            ngettext(
                "HR import previewed, waiting for confirmation",
                "HR imports previewed, waiting for confirmation",
                imports["pending"],
            ),
            url("org:import"),
        ),
        Action(
            "imports_failed",
            imports["failed"],
            ngettext(
                "HR import refused since the last one applied",
                "HR imports refused since the last one applied",
                imports["failed"],
            ),
            url("org:import"),
        ),
        Action(
            "plans_ready",
            plans["ready"],
            ngettext("plan ready to publish", "plans ready to publish", plans["ready"]),
            url("planning:plans"),
        ),
        Action(
            "plans_failed",
            plans["failed"],
            ngettext("plan that failed", "plans that failed", plans["failed"]),
            url("planning:plans"),
        ),
    ]


def body_figures(access: Access, today: date) -> BodyFigures:
    """Counts of the whole body, for HR and observers: no row of a person is read out."""
    slug = access.body.slug
    active_agreements = Agreement.objects.filter(
        body=access.body, status=AgreementStatus.ACTIVE
    ).count()
    open_campaigns = (
        SurveyCampaign.objects.filter(
            body=access.body, waves__opens_on__lte=today, waves__closes_on__gte=today
        )
        .distinct()
        .count()
    )
    return BodyFigures(
        active_people=Person.objects.filter(body=access.body, is_active=True).count(),
        active_agreements=active_agreements,
        open_campaigns=open_campaigns,
        coverage=_coverage(PlanDay.objects.filter(plan__body=access.body), today),
        indicators_url=reverse("indicators:dashboard", kwargs={"body": slug}),
        surveys_url=reverse("surveys:campaigns", kwargs={"body": slug}),
    )


# --- the network: its coordinator -------------------------------------------------------------


def network_glance(user: User) -> list[NetworkGlance]:
    """The networks the user coordinates, each in three figures (three queries in all)."""
    networks = list(coordinated_networks(user).order_by("name"))
    if not networks:
        return []
    ids = [n.pk for n in networks]
    statuses = _membership_counts(ids)
    people = dict(
        Person.objects.filter(
            is_active=True,
            body__memberships__network_id__in=ids,
            body__memberships__status=MembershipStatus.ACTIVE,
        )
        .values_list("body__memberships__network_id")
        .annotate(n=Count("pk", distinct=True))
    )
    return [_glance(n, statuses.get(n.pk, {}), people.get(n.pk, 0)) for n in networks]


def _membership_counts(network_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for network_id, status, n in (
        Membership.objects.filter(network_id__in=list(network_ids))
        .values_list("network_id", "status")
        .annotate(n=Count("pk"))
    ):
        out.setdefault(network_id, {})[status] = n
    return out


def _glance(network: Network, statuses: dict[str, int], people: int) -> NetworkGlance:
    kwargs = {"network": network.slug}
    return NetworkGlance(
        name=network.name,
        url=reverse("org:network", kwargs=kwargs),
        members=statuses.get(MembershipStatus.ACTIVE, 0),
        applications=statuses.get(MembershipStatus.APPLIED, 0)
        + statuses.get(MembershipStatus.SIGNED, 0),
        people=people,
        indicators_url=reverse("indicators:network", kwargs=kwargs),
        maturity_url=reverse("maturity:network", kwargs=kwargs),
    )
