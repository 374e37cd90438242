"""Tenancy expectations of the events routes (see extensions.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agilepa.agreements.models import TrainingCompletion, TrainingCourse
from agilepa.events.models import Event, Registration

HR = {"hr_admin", "platform_admin"}
BODY_ROLES = {"employee", "manager", "hr_admin", "observer", "platform_admin"}
# Registering is for a person of the body: HR admins and observers here have none.
PEOPLE = {"employee", "manager"}
ROME = ZoneInfo("Europe/Rome")

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "events:list": ("get", BODY_ROLES),
    "events:new": ("get", HR),
    "events:detail": ("get", BODY_ROLES),
    "events:edit": ("get", HR),
    "events:register": ("post", PEOPLE),
    "events:cancel": ("post", PEOPLE),
    "events:attendance": ("get", HR),
    "events:ics": ("get", BODY_ROLES),
}
# A public event's calendar file, without login: tests/events/test_event_pages.py.
UNSCOPED = {"events:public_ics"}

A = "/api/v1/bodies/{body}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/events": BODY_ROLES,
    f"POST {A}/events": HR,
    f"GET {A}/events/{{event_id}}": BODY_ROLES,
    f"POST {A}/events/{{event_id}}/registration": PEOPLE,
    f"DELETE {A}/events/{{event_id}}/registration": PEOPLE,
    f"GET {A}/events/{{event_id}}/registrations": HR,
    # The event has not started: HR is past the role check, the service refuses (422).
    f"PUT {A}/events/{{event_id}}/attendance": HR,
}
API_PAYLOADS: dict[str, object] = {
    f"POST {A}/events": {
        "kind": "course",
        "title": "Sicurezza informatica",
        "starts_at": "2030-06-10T09:00:00+02:00",
        "ends_at": "2030-06-10T12:00:00+02:00",
        "place": "Sala consiglio",
        "capacity": 20,
    },
    f"PUT {A}/events/{{event_id}}/attendance": {"present": []},
}


def ids(world, side) -> dict[str, object]:
    event = Event.objects.create(
        organiser=side.body,
        kind="course",
        title=f"Corso di {side.body.name}",
        starts_at=datetime(2030, 6, 10, 9, tzinfo=ROME),
        ends_at=datetime(2030, 6, 10, 12, tzinfo=ROME),
        place="Sala riunioni",
        capacity=10,
        training_topic="cybersecurity",
        training_hours=3,
    )
    return {"event_id": event.pk}


def foreign_rows(body) -> list[list]:
    return [
        list(Event.objects.filter(organiser=body).order_by("pk").values_list()),
        list(Registration.objects.filter(person__body=body).order_by("pk").values_list()),
        list(TrainingCourse.objects.filter(body=body).order_by("pk").values_list()),
        list(TrainingCompletion.objects.filter(person__body=body).order_by("pk").values_list()),
    ]
