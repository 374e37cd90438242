"""A small body built to be attacked (issue 16), and an attacker that only asks the API.

    Ente (ROOT)       the head of the body, attached directly: absent 3 days in March
    ├── Area A        6 people: 2 remote days each in January and February; in March only
    │                 one of them works remotely (the month's agile figures are about 1 person)
    └── Area B        6 people, in the office

Every figure the attacker wants is about one person: the head's absent days (the Ente minus its
two Areas), March's agile worker (the quarter minus January and February)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.test import Client

from agilepa.core.models import RoleKind
from agilepa.indicators import summary
from agilepa.org.models import Body, OrgUnit, Person
from tests.factories import (
    BodyFactory,
    PersonFactory,
    UserFactory,
    api_token_for,
    grant,
    make_unit,
    weekdays,
)
from tests.measurement.helpers import actual, profile

YEAR = 2026


@dataclass
class Target:
    body: Body
    root: OrgUnit
    a: OrgUnit
    b: OrgUnit
    head: Person
    team_a: list[Person] = field(default_factory=list)
    team_b: list[Person] = field(default_factory=list)
    hr: object = None
    observer: object = None


def build() -> Target:
    body = BodyFactory()
    root = make_unit(body, "ROOT", "Ente")
    a = make_unit(body, "A", "Area A", parent=root)
    b = make_unit(body, "B", "Area B", parent=root)
    t = Target(body, root, a, b, PersonFactory(body=body, unit=root))
    t.team_a = [PersonFactory(body=body, unit=a) for _ in range(6)]
    t.team_b = [PersonFactory(body=body, unit=b) for _ in range(6)]
    for person in t.team_a:
        profile(person, km="12")
    for m in (1, 2, 3):
        days = weekdays(date(YEAR, m, 1), date(YEAR, m, 28))[:10]
        for person in [t.head, *t.team_a, *t.team_b]:
            for n, day in enumerate(days):
                kind = "office"
                if person in t.team_a and n < 2 and (m < 3 or person == t.team_a[0]):
                    kind = "remote"
                if person == t.head and m == 3 and n >= 7:
                    kind = "absent"
                actual(person, day, kind)
    summary.refresh_year(body.pk, YEAR, today=date(YEAR, 12, 31))
    t.hr = UserFactory()
    grant(t.hr, RoleKind.HR_ADMIN, body=body)
    t.observer = UserFactory()
    grant(t.observer, RoleKind.OBSERVER, body=body)
    return t


class Attacker:
    """Asks the indicators API, as anyone may: every period and unit it likes. One answer
    holds every indicator, so the attacker asks for a period and unit once and keeps what it
    was told (nothing is written while it asks: make a new attacker after a write)."""

    def __init__(self, target: Target, user) -> None:
        self.target = target
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(user)}")
        self.told: dict[tuple[str, int | None], list[dict]] = {}

    def figure(self, code: str, period: str, unit: OrgUnit | None = None) -> dict:
        key = (period, unit.pk if unit else None)
        if key not in self.told:
            query = f"?period={period}" + (f"&unit_id={unit.pk}" if unit else "")
            url = f"/api/v1/bodies/{self.target.body.slug}/indicators{query}"
            response = self.client.get(url)
            assert response.status_code == 200, response.content
            self.told[key] = response.json()["values"]
        return next(v for v in self.told[key] if v["code"] == code)


def difference(parent: dict, children: list[dict], part: str) -> float | None:
    """Parent minus children, if every term was released (else the attack cannot be made)."""
    terms = [parent[part], *(c[part] for c in children)]
    if any(t is None for t in terms):
        return None
    return parent[part] - sum(c[part] for c in children)


def answer(target: Target, days: list[date], score: int = 3) -> None:
    """One survey response with the five WHO-5 items (and a satisfaction item) per day."""
    from agilepa.surveys.models import Response, Survey, SurveyCampaign, Wave

    survey = Survey.objects.create(
        body=target.body, title="Benessere", instruments=["who5", "smart_working"]
    )
    campaign = SurveyCampaign.objects.create(body=target.body, survey=survey, title="2026")
    wave = Wave.objects.create(
        campaign=campaign,
        kind="baseline",
        label="T0",
        opens_on=date(YEAR, 1, 1),
        closes_on=date(YEAR, 12, 31),
    )
    for day in days:
        answers = {f"who5_{k}": score for k in range(1, 6)}
        answers["sw_autonomy"] = 4
        Response.objects.create(wave=wave, smart_worker=True, submitted_on=day, answers=answers)
    summary.refresh_year(target.body.pk, YEAR, today=date(YEAR, 12, 31))


def people_in(target: Target, code: str, months: list[str], unit: OrgUnit | None = None) -> int:
    """The oracle: how many people the given months of a figure are about together, counted
    from the monthly summary (answers for the survey figures)."""
    from agilepa.indicators import engine
    from agilepa.indicators.models import PersonMonth

    if code in ("IMPACT_WELLBEING", "IMP_SATISFACTION"):
        scope = engine.Scope.body(target.body)
        return sum(engine.compute(scope, engine.Period.parse(m))[code].people or 0 for m in months)
    firsts = [date(int(m[:4]), int(m[5:]), 1) for m in months]
    rows = PersonMonth.objects.filter(body=target.body, month__in=firsts).filter(engine.AGILE)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    return rows.values("person").distinct().count()
