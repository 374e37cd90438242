"""The body's and the network's savings read the indicators' monthly summary (issue 22): on a
small world with every kind of day (remote, at a hub near and far, at a hub of unknown place,
lavoro da remoto, a saver without a profile, groups under five people) they are those of the
days summed one by one, suppressed cells included; and a month waiting to be rebuilt is summed
from the days, so a change shows before the summary catches up."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from agilepa.core import disclosure
from agilepa.core.access import resolve_access
from agilepa.indicators import summary
from agilepa.indicators.models import SummaryState
from agilepa.measurement import selectors
from agilepa.measurement.savings import Tally
from agilepa.measurement.selectors import MIN_PEOPLE, Row, body_factors, rollup
from agilepa.measurement.services import save_factor
from agilepa.org.models import Membership, Municipality, Person
from tests.factories import PersonFactory
from tests.indicators.report_helpers import TODAY
from tests.indicators.test_remote_work_counted_apart import colleagues_in_remote_work
from tests.measurement.helpers import actual, book, hub_at, plan, profile
from tests.spaces.test_booking import make_hub

pytestmark = pytest.mark.django_db

YEAR = 2026


# -- the naive computation, as it was before the summary was read -------------------------------


def naive_withheld(result, unit_of) -> frozenset:
    sets: dict[tuple, set[int]] = defaultdict(set)
    months: set[str] = set()
    for (pid, month), tally in result.by_person_month.items():
        if not tally.people:
            continue
        months.add(month)
        for group in (("unit", unit_of.get(pid)), ("body",)):
            sets[(*group, month)].add(pid)
            sets[(*group, "year")].add(pid)
    units = sorted({unit_of.get(pid) for pid, _m in result.by_person_month}, key=str)
    hierarchies = []
    for period in [*sorted(months), "year"]:
        hierarchies.append(
            disclosure.Hierarchy(("body", period), tuple(("unit", u, period) for u in units))
        )
    for group in [("body",), *(("unit", u) for u in units)]:
        hierarchies.append(
            disclosure.Hierarchy((*group, "year"), tuple((*group, m) for m in sorted(months)))
        )
    return disclosure.protect(
        {cell: len(found) for cell, found in sets.items()}, hierarchies, MIN_PEOPLE
    )


def naive_body_savings(body, year: int, unit_id: int | None = None) -> selectors.BodySavings:
    everyone = Person.objects.filter(body=body)
    result = rollup(everyone, date(year, 1, 1), date(year, 12, 31), body_factors(body))
    units = dict(everyone.values_list("pk", "unit__name"))
    unit_of = dict(everyone.values_list("pk", "unit_id"))
    withheld = naive_withheld(result, unit_of)
    group = ("body",) if unit_id is None else ("unit", unit_id)
    by_unit: dict = defaultdict(Tally)
    by_month: dict = defaultdict(Tally)
    total = Tally()
    labels: dict = {}
    for (pid, month), tally in result.by_person_month.items():
        if unit_id is not None and unit_of[pid] != unit_id:
            continue
        by_unit[unit_of[pid]].add(tally)
        labels[unit_of[pid]] = units[pid]
        by_month[month].add(tally)
        total.add(tally)
    unit_rows = [Row(labels[u], u, t, ("unit", u, "year") in withheld) for u, t in by_unit.items()]
    unit_rows.sort(key=lambda r: r.label or "")
    month_rows = [Row(m, m, by_month[m], (*group, m) in withheld) for m in sorted(by_month)]
    without = {p for p in result.without_profile if unit_id is None or unit_of[p] == unit_id}
    return selectors.BodySavings(
        year, unit_rows, month_rows, total, len(without), True, (*group, "year") in withheld
    )


def naive_network_totals(network, year: int) -> list[tuple[str, dict]]:
    rows = []
    for body in selectors.network_bodies(network).distinct().order_by("name"):
        result = rollup(
            Person.objects.filter(body=body),
            date(year, 1, 1),
            date(year, 12, 31),
            body_factors(body),
        )
        rows.append((body.name, result.total().rounded()))
    return rows


# -- the world ---------------------------------------------------------------------------------


def shown(result: selectors.BodySavings) -> tuple:
    """Everything a page or the API shows of the savings (the figures as rounded there)."""
    rows = [
        [(r.label, r.key, r.suppressed, r.tally.rounded()) for r in table]
        for table in (result.by_unit, result.by_month)
    ]
    return (
        result.year,
        rows,
        result.total.rounded(),
        result.without_profile,
        result.total_hidden,
    )


def build(world):
    """Body A of the report's world (three of its people in lavoro da remoto, one remote day
    each at a hub), every person with a commute profile but one (who worked four days
    remotely), and savers of every kind."""
    colleagues_in_remote_work(world, copies=3)
    a = world.a
    bologna = Municipality.objects.get(pk="037006")
    people = Person.objects.filter(body=a.body).exclude(pk=a.employee_person.pk).order_by("pk")
    for n, person in enumerate(people):
        person.home_municipality = bologna
        person.save()
        mode = ("car_petrol", "bus", "train", "motorbike", "bike")[n % 5]
        profile(person, km=f"{7 + n}.{n % 10}", minutes=20 + 3 * n, mode=mode)
    near = hub_at(a.body, str(bologna.latitude), "11.40")
    nowhere = make_hub(a.body, name="Hub senza coordinate")
    for n in range(7):
        saver = PersonFactory(body=a.body, unit=a.service, home_municipality=bologna)
        profile(saver, km=f"{12 + n}.3", minutes=35 + n, mode=("car_diesel", "bus")[n % 2])
        days = {date(YEAR, 5, 4 + d): ("remote", "office", "remote")[d % 3] for d in range(5)}
        plan(saver, days)
        actual(saver, date(YEAR, 5, 5), "remote")  # an office day worked from home
        actual(saver, date(YEAR, 5, 6), "office")  # a remote day spent at the office
        book(saver, near if n % 2 else nowhere, date(YEAR, 5, 4))
        if n < 3:
            book(saver, near, date(YEAR, 6, 10))  # a booking on a day with no record
    summary.refresh_year(a.body.pk, YEAR, today=TODAY)
    return world


# -- the tests ---------------------------------------------------------------------------------


def test_the_savings_read_from_the_summary_are_those_summed_from_the_days(world) -> None:
    a = build(world).a
    assert not SummaryState.objects.filter(body=a.body, month__year=YEAR, dirty=True).exists()
    for role in ("hr_admin", "observer"):
        access = resolve_access(world.users[role], a.body)
        assert shown(selectors.body_savings(access, YEAR)) == shown(
            naive_body_savings(a.body, YEAR)
        )
        for unit in (a.service, a.area):
            found = selectors.body_savings(access, YEAR, unit_id=unit.pk)
            assert shown(found) == shown(naive_body_savings(a.body, YEAR, unit.pk))
    result = selectors.body_savings(resolve_access(world.users["hr_admin"], a.body), YEAR)
    assert result.total.coworking_days > 0 and result.total.remote_days > 0
    assert result.without_profile == 1
    assert any(r.suppressed for r in result.by_month)  # the world has cells under five


def test_a_month_waiting_to_be_rebuilt_is_summed_from_the_days(world) -> None:
    a = build(world).a
    late = PersonFactory(body=a.body, unit=a.area)
    profile(late, km="40")
    plan(late, {date(YEAR, 9, 1): "remote", date(YEAR, 9, 2): "remote"})
    assert SummaryState.objects.filter(body=a.body, month=date(YEAR, 9, 1), dirty=True).exists()
    access = resolve_access(world.users["hr_admin"], a.body)
    result = selectors.body_savings(access, YEAR)
    assert shown(result) == shown(naive_body_savings(a.body, YEAR))
    september = next(r for r in result.by_month if r.key == f"{YEAR}-09")
    assert september.tally.km == 160


def test_a_factor_changed_by_hr_shows_in_the_savings_at_once(world) -> None:
    a = build(world).a
    access = resolve_access(world.users["hr_admin"], a.body)
    save_factor(access, "car_petrol", Decimal("0.5"), Decimal("1"), Decimal("0"))
    assert shown(selectors.body_savings(access, YEAR)) == shown(naive_body_savings(a.body, YEAR))


def test_the_networks_savings_read_from_the_summary_are_those_summed_from_the_days(world) -> None:
    build(world)
    Membership.objects.create(
        network=world.network, body=world.b.body, applied_on="2026-01-01", status="active"
    )
    Membership.objects.create(
        network=world.network, body=world.a.body, applied_on="2026-01-01", status="active"
    )
    rows, total = selectors.network_savings(world.network, YEAR)
    assert [(r.label, r.tally.rounded()) for r in rows] == naive_network_totals(world.network, YEAR)
    assert total.days > 0
