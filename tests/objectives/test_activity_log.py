"""The activity log of remote days: the person writes, their manager reads the week, nobody
else reads it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from agilepa.objectives.models import ActivityEntry, ObjectivesPolicy


def test_a_person_writes_the_log_and_their_manager_reads_the_week(world, client_as) -> None:
    ObjectivesPolicy.objects.create(body=world.a.body, activity_log=True)
    slug = world.a.body.slug
    today = timezone.localdate()
    # The last working day before today: the log and the manager's week show Monday to Friday
    # (on a Sunday or a Monday, "yesterday" was a weekend day, and the test failed).
    day = today - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    employee = client_as("employee")
    employee.post(
        f"/b/{slug}/activity/", {"date": day.isoformat(), "text": "Istruttoria di 6 pratiche"}
    )
    assert ActivityEntry.objects.get().person == world.a.employee_person
    assert "Istruttoria di 6 pratiche" in employee.get(f"/b/{slug}/activity/").content.decode()

    week = client_as("manager").get(f"/b/{slug}/activity/week/?week={day.isoformat()}")
    assert "Istruttoria di 6 pratiche" in week.content.decode()
    assert client_as("hr_admin").get(f"/b/{slug}/activity/week/").status_code == 403
    assert client_as("observer").get(f"/b/{slug}/activity/week/").status_code == 403


def test_the_log_refuses_future_days_and_bodies_that_do_not_keep_one(world, client_as) -> None:
    slug = world.a.body.slug
    employee = client_as("employee")
    today = timezone.localdate()
    employee.post(f"/b/{slug}/activity/", {"date": today.isoformat(), "text": "x"})
    assert not ActivityEntry.objects.exists()  # the body has not switched it on
    ObjectivesPolicy.objects.create(body=world.a.body, activity_log=True)
    tomorrow = today + timedelta(days=1)
    employee.post(f"/b/{slug}/activity/", {"date": tomorrow.isoformat(), "text": "x"})
    assert not ActivityEntry.objects.exists()
    employee.post(f"/b/{slug}/activity/", {"date": today.isoformat(), "text": "Fatto"})
    employee.post(f"/b/{slug}/activity/", {"date": today.isoformat(), "text": ""})
    assert not ActivityEntry.objects.exists()  # emptied


def test_a_manager_does_not_see_people_beyond_their_subtree(world, client_as) -> None:
    ObjectivesPolicy.objects.create(body=world.a.body, activity_log=True)
    today = timezone.localdate()
    ActivityEntry.objects.create(
        body=world.a.body, person=world.a.outsider, date=today, text="Bilancio di previsione"
    )
    week = client_as("manager").get(f"/b/{world.a.body.slug}/activity/week/")
    assert "Bilancio di previsione" not in week.content.decode()
    assert world.a.outsider.last_name not in week.content.decode()
