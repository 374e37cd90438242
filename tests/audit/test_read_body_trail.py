"""HR reads its body's trail: filtered by person, actor, action and period, newest first, by
pages; never another body's entries, never a special category's value."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from agilepa.audit import services as audit
from agilepa.audit.actions import action_label
from agilepa.audit.models import AuditEntry
from agilepa.audit.selectors import PAGE_SIZE

pytestmark = pytest.mark.django_db


def entry(body, action="person.update", person=None, actor="hr@a.it", at=None, **changes):
    made = audit.record(
        action,
        body=body,
        object_type="org.person",
        object_id=getattr(person, "pk", ""),
        label=str(person) if person else "",
        person=person,
        changes=changes or {"first_name": ["Anna", "Annamaria"]},
    )
    # Another actor and another time than the test's own: an edit the append-only trigger
    # refuses, switched off by `no_trigger` for these tests.
    AuditEntry.objects.filter(pk=made.pk).update(actor_label=actor, at=at or timezone.now())
    return made


@pytest.fixture(autouse=True)
def no_trigger():
    """The append-only trigger (PostgreSQL) off for the test's transaction."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_append_only")


def test_hr_sees_its_bodys_entries_and_not_another_bodys(world, client_as) -> None:
    entry(world.a.body, person=world.a.colleague, first_name=["Anna", "Own-body-value"])
    entry(world.b.body, person=world.b.colleague, first_name=["Anna", "Foreign-body-value"])
    page = client_as("hr_admin").get(f"/b/{world.a.body.slug}/audit/")
    assert page.status_code == 200
    assert "Own-body-value" in page.content.decode()
    assert "Foreign-body-value" not in page.content.decode()


def test_entries_come_newest_first(world, client_as) -> None:
    now = timezone.now()
    entry(world.a.body, "person.create", at=now - datetime.timedelta(days=2))
    entry(world.a.body, "person.end", at=now)
    html = client_as("hr_admin").get(f"/b/{world.a.body.slug}/audit/").content
    html = html.decode()
    assert html.index(action_label("person.end")) < html.index(action_label("person.create"))


def test_the_filters_narrow_the_trail(world, client_as) -> None:
    body = world.a.body
    now = timezone.now()
    entry(body, person=world.a.colleague, actor="hr@a.it", first_name=["A", "By-HR"])
    entry(body, person=world.a.outsider, actor="other@a.it", first_name=["A", "By-other"])
    entry(body, "unit.update", actor="hr@a.it", name=["A", "Unit-renamed"])
    old = now - datetime.timedelta(days=40)
    entry(body, person=world.a.colleague, at=old, first_name=["A", "Long-ago"])
    client = client_as("hr_admin")
    url = f"/b/{body.slug}/audit/"

    def shown(**params) -> set[str]:
        html = client.get(url, params).content.decode()
        return {m for m in ("By-HR", "By-other", "Unit-renamed", "Long-ago") if m in html}

    assert shown() == {"By-HR", "By-other", "Unit-renamed", "Long-ago"}
    assert shown(person=world.a.colleague.last_name) == {"By-HR", "Long-ago"}
    assert shown(person_id=world.a.outsider.pk) == {"By-other"}
    assert shown(actor="other@") == {"By-other"}
    assert shown(action="unit.update") == {"Unit-renamed"}
    since = (now - datetime.timedelta(days=1)).date().isoformat()
    assert "Long-ago" not in shown(date_from=since)
    until = (old + datetime.timedelta(days=1)).date().isoformat()
    assert shown(date_to=until) == {"Long-ago"}


def test_a_person_from_another_body_filters_to_nothing(world, client_as) -> None:
    entry(world.a.body, person=world.a.colleague, first_name=["A", "Own"])
    html = (
        client_as("hr_admin")
        .get(f"/b/{world.a.body.slug}/audit/", {"person": world.b.colleague.last_name})
        .content.decode()
    )
    assert "Own" not in html


def test_the_trail_comes_by_pages(world, client_as) -> None:
    for i in range(PAGE_SIZE + 1):
        entry(world.a.body, first_name=["A", f"Value-{i:03d}"])
    client = client_as("hr_admin")
    first = client.get(f"/b/{world.a.body.slug}/audit/").content.decode()
    second = client.get(f"/b/{world.a.body.slug}/audit/", {"page": 2}).content.decode()
    assert f"Value-{PAGE_SIZE:03d}" in first and "Value-000" not in first
    assert "Value-000" in second and f"Value-{PAGE_SIZE:03d}" not in second


def test_a_special_category_shows_as_changed_never_its_value(world, client_as) -> None:
    audit.record(
        "agreement.update",
        body=world.a.body,
        person=world.a.colleague,
        changes=audit.diff(
            {"l68_status": "none", "note": "Prima"},
            {"l68_status": "disabled", "note": "Dopo"},
            special={"l68_status"},
        ),
    )
    html = client_as("hr_admin").get(f"/b/{world.a.body.slug}/audit/").content
    html = html.decode()
    assert "changed (value not recorded)" in html
    assert "disabled" not in html
    assert "Dopo" in html


def test_an_unknown_action_is_shown_as_recorded(world, client_as) -> None:
    entry(world.a.body, "brand.new_thing")
    html = client_as("hr_admin").get(f"/b/{world.a.body.slug}/audit/").content
    assert "brand.new_thing" in html.decode()
    assert action_label("brand.new_thing") == "brand.new_thing"
    assert action_label("person.update") != "person.update"


def test_an_employee_cannot_read_the_bodys_trail(world, client_as) -> None:
    client = client_as("employee")
    assert client.get(f"/b/{world.a.body.slug}/audit/").status_code == 403
    assert client.get(f"/b/{world.a.body.slug}/audit/export/").status_code == 403
    assert client.get(f"/api/v1/bodies/{world.a.body.slug}/audit").status_code == 403


def test_the_api_lists_the_trail_with_the_same_filters_by_pages(world, client_as) -> None:
    body = world.a.body
    client = client_as("hr_admin")
    url = f"/api/v1/bodies/{body.slug}/audit"

    def count(**filters: object) -> int:
        return client.get(url, filters).json()["count"]

    # The world's own setup is in the trail too: what the entries below add is counted.
    before = {
        "all": count(),
        "person": count(person_id=world.a.colleague.pk),
        "actor": count(actor="other@a.it"),
        "family": count(action="person"),
    }
    entry(body, person=world.a.colleague, first_name=["A", "B"])
    entry(body, "person.end", person=world.a.outsider, actor="other@a.it")
    entry(world.b.body, person=world.b.colleague)
    everything = client.get(url).json()
    assert everything["count"] == before["all"] + 2
    newest = everything["items"][0]
    assert newest["action"] == "person.end"
    assert newest["action_label"] == action_label("person.end")
    assert count(person_id=world.a.colleague.pk) == before["person"] + 1
    assert count(actor="other@a.it") == before["actor"] + 1
    assert count(action="person") == before["family"] + 2
    assert client.get(url, {"limit": 1, "offset": 1}).json()["items"][0]["fields"] == [
        {
            "name": "first_name",
            "label": "first name",
            "before": "A",
            "after": "B",
            "value_recorded": True,
        }
    ]
    assert client.get(url, {"person_id": 10**30}).status_code == 422
