"""Shared makers of the measurement tests: profiles, published plans, actuals, bookings."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from agilepa.measurement.models import CommuteProfile
from agilepa.org.models import Person
from agilepa.planning.models import ActualDay, MonthPlan, PlanDay, PlanStatus
from agilepa.spaces.models import Booking, Hub
from tests.spaces.test_booking import make_hub


def profile(person: Person, km: str = "10", minutes: int = 30, mode: str = "car_petrol"):
    return CommuteProfile.objects.create(
        person=person, distance_km=Decimal(km), minutes=minutes, mode=mode
    )


def plan(person: Person, days: dict[date, str], status: str = PlanStatus.PUBLISHED) -> MonthPlan:
    first = min(days)
    month_plan = MonthPlan.objects.create(
        body=person.body, unit=person.unit, year=first.year, month=first.month, status=status
    )
    PlanDay.objects.bulk_create(
        [PlanDay(plan=month_plan, person=person, date=d, kind=k) for d, k in days.items()]
    )
    return month_plan


def actual(person: Person, day: date, kind: str) -> ActualDay:
    return ActualDay.objects.create(
        body=person.body, person=person, date=day, kind=kind, source="confirmed"
    )


def book(person: Person, hub: Hub, day: date, status: str = "checked_in") -> Booking:
    return Booking.objects.create(
        hub=hub,
        seat=hub.seats.first(),
        person=person,
        date=day,
        status=status,
        check_in_token=secrets.token_urlsafe(32),
    )


def hub_at(body, latitude: str, longitude: str) -> Hub:
    return make_hub(body, latitude=Decimal(latitude), longitude=Decimal(longitude))
