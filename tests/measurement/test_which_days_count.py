"""Which days save what: actuals before the published plan, coworking bookings, profiles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from agilepa.measurement.selectors import rollup
from agilepa.org.models import Municipality, Person
from tests.measurement.helpers import actual, book, hub_at, plan, profile

MON, TUE, WED, THU = date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 3), date(2027, 3, 4)


def _one(person: Person):
    return rollup(Person.objects.filter(pk=person.pk), date(2027, 1, 1), date(2027, 12, 31))


def test_published_remote_days_save_and_office_and_absent_days_do_not(world) -> None:
    person = world.a.employee_person
    profile(person, km="10", minutes=30)
    plan(person, {MON: "remote", TUE: "office", WED: "absent", THU: "remote"})
    tally = _one(person).by_person_month[(person.pk, "2027-03")]
    assert tally.remote_days == 2
    assert tally.km == 40


def test_a_plan_not_yet_published_saves_nothing(world) -> None:
    person = world.a.employee_person
    profile(person)
    plan(person, {MON: "remote"}, status="ready")
    assert _one(person).by_person_month == {}


def test_the_actual_day_overrides_the_plan(world) -> None:
    person = world.a.employee_person
    profile(person, km="10")
    plan(person, {MON: "remote", TUE: "office"})
    actual(person, MON, "office")
    actual(person, TUE, "remote")
    actual(person, WED, "remote")  # not in the plan at all
    tally = _one(person).by_person_month[(person.pk, "2027-03")]
    assert tally.remote_days == 2
    assert tally.km == 40


def test_a_remote_day_at_a_hub_counts_the_distance_to_the_hub(world) -> None:
    person = world.a.employee_person
    person.home_municipality = Municipality.objects.get(pk="037006")  # Bologna
    person.save()
    profile(person, km="30", minutes=45, mode="car_petrol")
    hub = hub_at(world.a.body, str(person.home_municipality.latitude), "11.40")
    plan(person, {MON: "remote", TUE: "remote"})
    book(person, hub, MON)
    book(person, hub, TUE, status="cancelled")
    tally = _one(person).by_person_month[(person.pk, "2027-03")]
    assert (tally.remote_days, tally.coworking_days) == (1, 1)
    from agilepa.measurement.savings import road_km

    hub_km = road_km(
        person.home_municipality.latitude,
        person.home_municipality.longitude,
        hub.latitude,
        hub.longitude,
    )
    assert Decimal(0) < hub_km < Decimal(30)
    assert tally.km == 60 + 2 * (30 - hub_km)


def test_a_booking_on_an_office_day_saves_nothing(world) -> None:
    person = world.a.employee_person
    profile(person)
    hub = hub_at(world.a.body, "44.5", "11.3")
    plan(person, {MON: "office"})
    book(person, hub, MON)
    assert _one(person).by_person_month == {}


def test_a_hub_at_an_unknown_distance_is_a_day_without_saving(world) -> None:
    person = world.a.employee_person  # no home municipality declared
    profile(person)
    hub = hub_at(world.a.body, "44.5", "11.3")
    book(person, hub, MON)
    tally = _one(person).by_person_month[(person.pk, "2027-03")]
    assert tally.coworking_days == 1
    assert tally.km == 0


def test_remote_days_without_a_profile_are_counted_apart(world) -> None:
    person = world.a.employee_person
    plan(person, {MON: "remote"})
    result = _one(person)
    assert result.by_person_month == {}
    assert result.without_profile == {person.pk}
