"""A person sees who changed or read their own record: when, who, what and which fields, never
a special category's value, never the entries about someone else."""

from __future__ import annotations

import pytest

from agilepa.audit import services as audit
from agilepa.audit.actions import action_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(world):
    hr = world.users["hr_admin"]
    me, colleague = world.a.employee_person, world.a.colleague
    audit.record(
        "person.update",
        body=world.a.body,
        obj=me,
        person=me,
        user=hr,
        changes=audit.diff(
            {"first_name": "Old-first-name", "l68_status": "none"},
            {"first_name": "New-first-name", "l68_status": "disabled"},
            special={"l68_status"},
        ),
    )
    audit.record(
        "person.read_special",
        body=world.a.body,
        obj=me,
        person=me,
        user=hr,
        changes={"fields": ["priority_category"]},
    )
    audit.record(
        "person.update",
        body=world.a.body,
        obj=colleague,
        person=colleague,
        user=hr,
        changes={"first_name": ["X", "Colleague-value"]},
    )
    # Another body's entry about a person with the same user would not be this body's.
    audit.record("person.update", body=world.b.body, person=world.b.employee_person, user=hr)


def test_the_person_sees_who_changed_and_read_their_record(world, entries, client_as) -> None:
    page = client_as("employee").get(f"/b/{world.a.body.slug}/me/audit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "hr@a.it" in html
    assert action_label("person.update") in html
    assert action_label("person.read_special") in html
    assert "first name" in html
    assert "priority_category" in html
    assert "l68_status" in html


def test_the_person_sees_which_fields_never_their_values(world, entries, client_as) -> None:
    html = client_as("employee").get(f"/b/{world.a.body.slug}/me/audit/").content
    html = html.decode()
    for value in ("Old-first-name", "New-first-name", "disabled"):
        assert value not in html
    assert "changed (value not recorded)" in html


def test_the_person_does_not_see_the_entries_about_a_colleague(world, entries, client_as) -> None:
    html = client_as("employee").get(f"/b/{world.a.body.slug}/me/audit/").content
    assert "Colleague-value" not in html.decode()
    assert str(world.a.colleague) not in html.decode()


def test_the_api_gives_the_person_their_entries_with_field_names_only(
    world, entries, client_as
) -> None:
    response = client_as("employee").get(f"/api/v1/bodies/{world.a.body.slug}/me/audit")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    read, update = data["items"]
    assert read["action"] == "person.read_special"
    assert read["actor"] == "hr@a.it"
    assert read["fields"] == ["priority_category"]
    assert sorted(update["fields"]) == ["first name", "l68_status"]
    assert "Old-first-name" not in response.content.decode()


def test_someone_without_a_person_in_the_body_has_no_own_trail(world, entries, client_as) -> None:
    for role in ("hr_admin", "observer", "platform_admin"):
        client = client_as(role)
        assert client.get(f"/b/{world.a.body.slug}/me/audit/").status_code == 403
        assert client.get(f"/api/v1/bodies/{world.a.body.slug}/me/audit").status_code == 403


def test_the_person_finds_the_page_from_the_body_page(world, client_as) -> None:
    html = client_as("employee").get(f"/b/{world.a.body.slug}/").content.decode()
    assert f"/b/{world.a.body.slug}/me/audit/" in html
    assert f"/b/{world.a.body.slug}/audit/" not in html


def test_hr_finds_the_trail_from_the_body_page(world, client_as) -> None:
    html = client_as("hr_admin").get(f"/b/{world.a.body.slug}/").content.decode()
    assert f"/b/{world.a.body.slug}/audit/" in html
