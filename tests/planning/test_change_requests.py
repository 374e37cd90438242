"""A person asks to move a remote day; the manager decides seeing the checker's verdict."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agilepa.core.access import PermissionDeniedForRole, resolve_access
from agilepa.planning import services
from agilepa.planning.models import ChangeRequest, PlanChange, PlanDay, PlanStatus, RequestStatus
from tests.planning.test_plan_pages import planned  # noqa: F401 (the fixture)


@pytest.fixture
def published(planned):  # noqa: F811
    world, plan = planned
    plan.status = PlanStatus.PUBLISHED
    plan.save(update_fields=["status"])
    return world, plan


def test_a_swap_on_an_agreed_weekday_is_clean_and_applied_on_approval(published, client_as) -> None:
    world, plan = published
    url = f"/b/{world.a.body.slug}/my-month/?year=2027&month=3"
    # Monday 8 is remote, Thursday 11 too; ask Monday 15 instead of Monday 8: both agreed days.
    client_as("employee").post(
        url,
        {
            "action": "request",
            "from_date": "2027-03-08",
            "to_date": "2027-03-09",
            "reason": "Visita medica",
        },
    )
    change = ChangeRequest.objects.get()
    assert "not one of the agreed weekdays" in " ".join(change.verdict)  # Tuesday
    page = client_as("manager").get(f"/b/{world.a.body.slug}/planning/{plan.pk}/")
    assert "Visita medica" in page.content.decode()
    client_as("manager").post(
        f"/b/{world.a.body.slug}/planning/{plan.pk}/requests/{change.pk}/",
        {"decision": "reject", "answer": "Giorno non previsto dall'accordo"},
    )
    change.refresh_from_db()
    assert change.status == RequestStatus.REJECTED
    assert not PlanChange.objects.exists()


def test_an_approved_swap_moves_the_day_and_is_recorded(published) -> None:
    from tests.factories import UserFactory

    world, plan = published
    colleague = world.a.colleague  # Tuesdays and Fridays: 9 of them, 8 granted
    colleague.user = UserFactory(email="colleague@a.it")
    colleague.save(update_fields=["user"])
    access = resolve_access(colleague.user, world.a.body)
    days = PlanDay.objects.filter(plan=plan, person=colleague)
    office = days.get(kind="office", date__week_day__in=[3, 6]).date
    remote = days.filter(kind="remote").order_by("date").first().date
    change = services.request_change(access, plan, remote, office, "Corso di formazione")
    assert change.verdict == []
    manager = resolve_access(world.users["manager"], world.a.body)
    services.decide_change(manager, change, approve=True)
    assert days.get(date=remote).kind == "office"
    assert days.get(date=office).kind == "remote"
    assert PlanChange.objects.count() == 2
    with pytest.raises(ValidationError):
        services.decide_change(manager, change, approve=False)


def test_a_change_breaking_a_rule_cannot_be_approved(published) -> None:
    world, plan = published
    access = resolve_access(world.users["employee"], world.a.body)
    change = services.request_change(access, plan, None, date(2027, 3, 9), "")  # a Tuesday
    manager = resolve_access(world.users["manager"], world.a.body)
    with pytest.raises(ValidationError) as refused:
        services.decide_change(manager, change, approve=True)
    assert "not one of the agreed weekdays" in " ".join(refused.value.messages)
    assert (
        PlanDay.objects.get(plan=plan, person=world.a.employee_person, date=date(2027, 3, 9)).kind
        == "office"
    )


def test_requests_need_an_office_day_and_a_published_plan(published) -> None:
    world, plan = published
    access = resolve_access(world.users["employee"], world.a.body)
    with pytest.raises(ValidationError):
        services.request_change(access, plan, None, date(2027, 3, 8), "")  # already remote
    plan.status = PlanStatus.READY
    plan.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        services.request_change(access, plan, None, date(2027, 3, 9), "")


def test_nobody_decides_their_own_request(published) -> None:
    world, plan = published
    access = resolve_access(world.users["employee"], world.a.body)
    change = services.request_change(access, plan, None, date(2027, 3, 9), "")
    with pytest.raises(PermissionDeniedForRole):
        services.decide_change(access, change, approve=True)
