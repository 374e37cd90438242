"""What really happened: people confirm their days, HR imports attendance, the manager sees
the differences from the plan."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agilepa.agreements.models import AgreementStatus
from agilepa.core.access import resolve_access
from agilepa.planning import actuals
from agilepa.planning.models import ActualDay, MonthPlan, PlanStatus
from agilepa.planning.services import execute_plan
from tests.factories import make_agreement, make_regulation


@pytest.fixture
def published(world):
    """March 2026, already past: the employee's agreed days are Mondays and Thursdays."""
    make_regulation(world.a.body)
    make_agreement(world.a.employee_person, status=AgreementStatus.ACTIVE, weekdays=[0, 3])
    plan = MonthPlan.objects.create(body=world.a.body, unit=world.a.area, year=2026, month=3)
    execute_plan(plan, processes=1)
    plan.status = PlanStatus.PUBLISHED
    plan.save(update_fields=["status"])
    return world, plan


def csv(rows: list[str]) -> bytes:
    return "\n".join(["Matricola;Data;Presenza", *rows]).encode("cp1252")


def test_the_person_confirms_a_day_and_the_manager_sees_the_difference(
    published, client_as
) -> None:
    world, plan = published
    url = f"/b/{world.a.body.slug}/my-month/?year=2026&month=3"
    client_as("employee").post(url, {"action": "confirm", "actual_2026-03-10": "remote"})
    assert ActualDay.objects.get().kind == "remote"  # Tuesday 10 March was in the office
    page = client_as("manager").get(f"/b/{world.a.body.slug}/planning/{plan.pk}/")
    html = page.content.decode()
    assert "10/03/2026" in html and "planned In the office, was Remote" in html


def test_a_future_day_cannot_be_confirmed(published) -> None:
    world, _plan = published
    access = resolve_access(world.users["employee"], world.a.body)
    with pytest.raises(ValidationError):
        actuals.confirm_day(access, date(2099, 1, 1), "office")


def test_attendance_import_checks_every_row_and_writes_all_or_nothing(published) -> None:
    world, _plan = published
    hr = resolve_access(world.users["hr_admin"], world.a.body)
    number = world.a.employee_person.employee_number
    bad = actuals.import_attendance(
        hr,
        csv(
            [
                f"{number};08/03/2026;sede",
                "999;08/03/2026;sede",
                f"{number};32/03/2026;sede",
                f"{number};09/03/2026;in ferie",
                f"{number};08/03/2026;remoto",
            ]
        ),
    )
    found = {(e.row, e.column, e.message) for e in bad.errors}
    assert (3, "Matricola", "No person with matricola 999 in this body.") in found
    assert (4, "Data", "Not a date (dd/mm/yyyy): 32/03/2026.") in found
    assert (5, "Presenza", "Write sede, remoto or assente, not in ferie.") in found
    assert (6, "Data", "The same person and day are on row 2.") in found
    assert not ActualDay.objects.exists()
    good = actuals.import_attendance(
        hr, csv([f"{number};08/03/2026;Sede", f"{number};09/03/2026;assente"])
    )
    assert good.ok and good.written == 2
    employee = resolve_access(world.users["employee"], world.a.body)
    with pytest.raises(ValidationError):
        actuals.confirm_day(employee, date(2026, 3, 8), "remote")  # the import decides


def test_the_attendance_page_previews_then_confirms(published, client_as) -> None:
    world, _plan = published
    client = client_as("hr_admin")
    url = f"/b/{world.a.body.slug}/planning/attendance/"
    number = world.a.employee_person.employee_number
    upload = SimpleUploadedFile("presenze.csv", csv([f"{number};08/03/2026;sede"]))
    preview = client.post(url, {"file": upload})
    assert "1 rows, all valid." in preview.content.decode()
    assert not ActualDay.objects.exists()
    client.post(url, {"action": "confirm"})
    assert ActualDay.objects.get().source == "imported"


def test_requests_and_actuals_through_the_api(published, api_as) -> None:
    from django.test.client import MULTIPART_CONTENT

    world, plan = published
    base = f"/api/v1/bodies/{world.a.body.slug}"
    employee = api_as("employee", token=True)
    manager = api_as("manager", token=True)
    asked = employee.post(
        f"{base}/my-requests", {"year": 2026, "month": 3, "to_date": "2026-03-10"}
    )
    assert asked.status_code == 201
    assert any("agreed weekdays" in v for v in asked.json()["verdict"])
    listed = manager.get(f"{base}/plans/{plan.pk}/requests").json()
    refused = manager.post(
        f"{base}/plans/{plan.pk}/requests/{listed[0]['id']}/decide", {"approve": True}
    )
    assert refused.status_code == 422  # it would break the agreement's weekdays
    confirmed = employee.put(f"{base}/my-days/2026-03-10", {"kind": "remote"})
    assert confirmed.json()["kind"] == "remote"
    differences = manager.get(f"{base}/plans/{plan.pk}/differences").json()
    assert differences[0]["day"] == "2026-03-10"
    number = world.a.employee_person.employee_number
    upload = SimpleUploadedFile("presenze.csv", csv([f"{number};11/03/2026;perhaps"]))
    hr = api_as("hr_admin", token=True)
    bad = hr.post(f"{base}/attendance/import", {"file": upload}, content_type=MULTIPART_CONTENT)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["column"] == "Presenza"


def test_the_differences_list_each_changed_day_in_order_and_nothing_else(published) -> None:
    world, plan = published
    employee, colleague = world.a.employee_person, world.a.colleague
    planned = {
        (p, d): k
        for p, d, k in plan.days.values_list("person_id", "date", "kind")
        if p in (employee.pk, colleague.pk)
    }
    (remote_day,) = [d for (p, d), k in planned.items() if p == employee.pk and k == "remote"][:1]
    office_day = next(
        d for (p, d), k in planned.items() if p == colleague.pk and k == "office" and d > remote_day
    )
    same_day = next(d for (p, d), k in planned.items() if p == employee.pk and k == "office")
    for person, day, kind, source in (
        (employee, remote_day, "office", "imported"),
        (colleague, office_day, "absent", "confirmed"),
        (employee, same_day, "office", "confirmed"),  # as planned: no difference
        (world.a.outsider, remote_day, "absent", "imported"),  # not in the plan
    ):
        ActualDay.objects.create(
            body=world.a.body, person=person, date=day, kind=kind, source=source
        )
    found = [d.__dict__ for d in actuals.differences(plan)]
    assert found == [
        {
            "person": str(employee),
            "day": remote_day,
            "planned": "Remote",
            "actual": "In the office",
            "source": "Attendance system",
        },
        {
            "person": str(colleague),
            "day": office_day,
            "planned": "In the office",
            "actual": "Absent",
            "source": "Confirmed by the person",
        },
    ]


OPPOSITE = {"remote": "office", "office": "remote", "absent": "office"}


def record_the_opposite(world, days: list, source: str = "imported") -> None:
    """The employee's actual days for the plan's `days` ((date, kind) pairs), each the
    opposite of what was planned: a difference each."""
    ActualDay.objects.bulk_create(
        ActualDay(
            body=world.a.body,
            person=world.a.employee_person,
            date=day,
            kind=OPPOSITE[kind],
            source=source,
        )
        for day, kind in days
    )


def test_the_differences_take_the_same_queries_however_many(
    published, django_assert_num_queries
) -> None:
    world, plan = published
    days = list(plan.days.filter(person=world.a.employee_person).values_list("date", "kind"))
    record_the_opposite(world, days[:1], source="confirmed")
    with django_assert_num_queries(1):
        assert len(actuals.differences(plan)) == 1
    record_the_opposite(world, days[1:])
    with django_assert_num_queries(1):
        assert len(actuals.differences(plan)) == len(days)


def test_the_plan_page_takes_the_same_queries_however_many_differences(
    published, client_as
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world, plan = published
    days = list(plan.days.filter(person=world.a.employee_person).values_list("date", "kind"))
    manager = client_as("manager")
    url = f"/b/{world.a.body.slug}/planning/{plan.pk}/"
    record_the_opposite(world, days[:1])
    manager.get(url)
    with CaptureQueriesContext(connection) as one:
        assert manager.get(url).status_code == 200
    record_the_opposite(world, days[1:])
    with CaptureQueriesContext(connection) as every:
        html = manager.get(url).content.decode()
    assert len(every.captured_queries) == len(one.captured_queries)
    assert html.count("planned ") >= len(days)
