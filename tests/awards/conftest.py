"""A contest: body A (the world's own) opens a call with two criteria (Flessibilità 60,
Formazione 40, scores 0-10), open to body B and to the Unione; both apply. Three jurors: one an
employee of B (excluded from B's application), one an HR officer of the Unione (excluded from
the Unione's), one an external expert with no body at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from agilepa.awards import services
from agilepa.awards.models import Application, AwardCall, Juror
from agilepa.core.access import resolve_access
from agilepa.core.models import RoleKind, User
from tests.conftest import World
from tests.factories import BodyFactory, PersonFactory, UserFactory, grant, make_unit

OPEN, CLOSE, JURY = date(2026, 1, 1), date(2026, 3, 31), date(2026, 5, 31)
DURING, AFTER = date(2026, 2, 15), date(2026, 4, 15)


@dataclass
class Contest:
    world: World
    call: AwardCall
    flex: int
    training: int
    hr_b: User
    hr_u: User
    juror_b: Juror  # an employee of body B
    juror_u: Juror  # an HR officer of the Unione
    juror_x: Juror  # an external expert
    app_b: Application
    app_u: Application

    @property
    def organiser(self) -> User:
        return self.world.users["hr_admin"]


def apply(user: User, body, call: AwardCall, texts: tuple[str, str]) -> Application:
    access = resolve_access(user, body)
    ids = [c.pk for c in call.criteria.all()]
    services.save_answers(access, call, dict(zip(ids, texts, strict=True)), DURING)
    return services.submit(access, call, DURING)


@pytest.fixture
def contest(world: World) -> Contest:
    unione = BodyFactory(name="Unione Reno Galliera", ipa_code="u_reno", slug="u_reno")
    make_unit(unione, "ENTE", "Unione Reno Galliera")
    hr_b = UserFactory(email="hr@b.it")
    grant(hr_b, RoleKind.HR_ADMIN, body=world.b.body)
    hr_u = UserFactory(email="hr@unione.it")
    grant(hr_u, RoleKind.HR_ADMIN, body=unione)
    call = services.open_call(
        world.users["hr_admin"],
        body=world.a.body,
        title="Premio Smart Working 2026",
        slug="premio-2026",
        rules="Regolamento del premio.",
        applications_open=OPEN,
        applications_close=CLOSE,
        jury_closes=JURY,
        eligible_bodies=[world.b.body, unione],
        criteria=[
            services.CriterionIn("Flessibilità", 60),
            services.CriterionIn("Formazione", 40),
        ],
    )
    flex, training = (c.pk for c in call.criteria.all())
    employee_b = UserFactory(email="juror@b.it")
    PersonFactory(body=world.b.body, unit=world.b.service, user=employee_b)
    organiser = world.users["hr_admin"]
    juror_b = services.name_juror(organiser, call, "juror@b.it")
    juror_u = services.name_juror(organiser, call, "hr@unione.it")
    UserFactory(email="expert@university.it")
    juror_x = services.name_juror(organiser, call, "expert@university.it")
    app_b = apply(hr_b, world.b.body, call, ("Flessibilità di B", "Formazione di B"))
    app_u = apply(hr_u, unione, call, ("Flessibilità dell'Unione", "Formazione dell'Unione"))
    return Contest(world, call, flex, training, hr_b, hr_u, juror_b, juror_u, juror_x, app_b, app_u)


def give(juror: Juror, application: Application, flex: int, training: int, contest: Contest):
    return services.score(
        juror,
        application.pk,
        [
            services.ScoreIn(contest.flex, flex, "ok"),
            services.ScoreIn(contest.training, training),
        ],
        AFTER,
    )
