"""factory_boy factories for the models; deterministic by sequence."""

from __future__ import annotations

import datetime

import factory

from agilepa.core.models import RoleAssignment, RoleKind, User
from agilepa.org.models import Body, BodyKind, Network, OfficeSite, OrgUnit, Person
from agilepa.org.services import create_unit
from agilepa.org.validators import tax_code_check_char

PASSWORD = "Agile-PA-test-2026"


def make_tax_code(n: int) -> str:
    """A valid codice fiscale, distinct for each n."""
    letters = "BCDFGHLMNPRSTVZ"
    first = "".join(letters[(n // 15**i) % 15] for i in range(6))
    month = "ABCDEHLMPRST"[n % 12]
    day = 1 + n % 28
    body = f"{first}{80 + n % 20:02d}{month}{day:02d}A944"
    return body + tax_code_check_char(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.it")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Comune di Prova {n}")
    ipa_code = factory.Sequence(lambda n: f"c_t{n:03d}")
    slug = factory.LazyAttribute(lambda o: o.ipa_code)
    kind = BodyKind.COMUNE
    municipality = "Bologna"
    istat_code = "037006"


class OfficeSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeSite

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Sede {n}")
    code = factory.Sequence(lambda n: f"S{n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Rete {n}")
    slug = factory.Sequence(lambda n: f"rete-{n}")
    coordinator = factory.SubFactory(BodyFactory)


def make_unit(
    body: Body, code: str, name: str | None = None, parent: OrgUnit | None = None
) -> OrgUnit:
    return create_unit(body, code=code, name=name or f"Unità {code}", parent=parent)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    body = factory.SubFactory(BodyFactory)
    unit = factory.LazyAttribute(
        lambda o: OrgUnit.objects.filter(body=o.body).first() or make_unit(o.body, "ROOT", "Ente")
    )
    employee_number = factory.Sequence(lambda n: f"M{n:06d}")
    first_name = factory.Sequence(lambda n: f"Nome{n}")
    last_name = factory.Sequence(lambda n: f"Cognome{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.it")
    tax_code = factory.Sequence(make_tax_code)
    hire_date = datetime.date(2015, 3, 1)


def grant(
    user: User,
    kind: str,
    body: Body | None = None,
    unit: OrgUnit | None = None,
    network: Network | None = None,
) -> RoleAssignment:
    return RoleAssignment.objects.create(
        user=user, kind=kind, body=body, unit=unit, network=network
    )


__all__ = [
    "PASSWORD",
    "BodyFactory",
    "NetworkFactory",
    "OfficeSiteFactory",
    "PersonFactory",
    "RoleKind",
    "UserFactory",
    "grant",
    "make_tax_code",
    "make_unit",
]


def api_token_for(user: User, name: str = "test") -> str:
    """A personal access token for `user`; returns the raw value."""
    from agilepa.core.models import ApiToken

    return ApiToken.issue(user, name)[1]


# --- agreements ---------------------------------------------------------------------------


def make_regulation(body: Body, **overrides: object):
    """Version 1 of a Regolamento in force since 2026-01-01, as the law allows at its loosest
    but for two remote days a week and eight a month, with no prerequisites unless asked."""
    from agilepa.agreements.models import Regulation

    last = Regulation.objects.filter(body=body).order_by("-version").first()
    values: dict[str, object] = {
        "body": body,
        "version": (last.version + 1) if last else 1,
        "title": f"Regolamento sul lavoro agile - {body.name}",
        "adopted_on": datetime.date(2025, 12, 1),
        "effective_from": datetime.date(2026, 1, 1),
        "allowed_places": ["home", "hub"],
        "required_prerequisites": [],
    }
    values.update(overrides)
    return Regulation.objects.create(**values)


def make_agreement(person: Person, **overrides: object):
    """An agreement of `person` in the given status (draft by default), with valid terms:
    Monday and Thursday at home, 9:30-13:30 reachable, 20:00-7:30 disconnected."""
    from agilepa.agreements.models import Agreement
    from agilepa.agreements.services import regulation_in_force

    values: dict[str, object] = {
        "body": person.body,
        "person": person,
        "start_date": datetime.date(2026, 3, 1),
        "pattern": "fixed_weekdays",
        "weekdays": [0, 3],
        "places": ["home"],
        "reachability_start": datetime.time(9, 30),
        "reachability_end": datetime.time(13, 30),
        "disconnection_start": datetime.time(20, 0),
        "disconnection_end": datetime.time(7, 30),
        "notice_days": 30,
    }
    values.update(overrides)
    if "regulation" not in values:
        values["regulation"] = regulation_in_force(person.body_id, values["start_date"])
    return Agreement.objects.create(**values)


# --- planning -----------------------------------------------------------------------------


def weekdays(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Monday to Friday from `first` to `last`, both included (holidays not left out: the
    planner's calendar, agilepa.planning.calendar.working_days, does that)."""
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def weekdays_from(first: datetime.date, count: int) -> list[datetime.date]:
    """The first `count` days from Monday to Friday from `first` on."""
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def make_planned_month(side, year: int = 2027, month: int = 3):
    """The month planned (not yet published) for the Area of `side` (a BodyWorld of the `world`
    fixture), with at least one person present in its Servizio every weekday; the agreements
    the planner reads are the caller's."""
    from agilepa.planning.models import MonthPlan, PresenceRequirement
    from agilepa.planning.services import execute_plan

    for weekday in range(5):
        PresenceRequirement.objects.create(
            body=side.body, unit=side.service, weekday=weekday, min_present=1
        )
    plan = MonthPlan.objects.create(body=side.body, unit=side.area, year=year, month=month)
    execute_plan(plan, processes=1)
    return plan
