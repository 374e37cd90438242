"""API routes of events, with the same permissions as the pages: every role of a body lists
and reads the events it sees; its people register and cancel; its HR organises; the
organiser's HR reads the registrations and records attendance."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.api_types import text_of
from agilepa.core.policies import api_access, is_hr
from agilepa.events import selectors, services
from agilepa.events.models import Event, Registration
from agilepa.org.models import Network

router = Router(tags=["events"])
BASE = "/bodies/{body}/events"


class EventIn(Schema):
    kind: text_of(Event, "kind")
    title: text_of(Event, "title")
    description: text_of(Event, "description") = ""
    starts_at: datetime
    ends_at: datetime
    place: text_of(Event, "place") = ""
    online_url: text_of(Event, "online_url") = ""
    capacity: int
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    audience: text_of(Event, "audience") = "body"
    network: text_of(Network, "slug") | None = None  # the network's short name
    training_topic: text_of(Event, "training_topic") = ""
    training_hours: Decimal | None = None
    validity_months: int | None = None


class EventOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    capacity: int
    registered: int
    waitlisted: int
    registration_opens: datetime | None
    registration_closes: datetime | None
    audience: str
    organiser: str
    network: str | None
    training_topic: str
    training_hours: float | None
    my_status: str | None


class RegistrationOut(Schema):
    id: int
    event_id: int
    status: str
    waitlist_position: int | None
    attended: bool | None


class AttendeeOut(RegistrationOut):
    person_id: int
    name: str
    body: str


class AttendanceIn(Schema):
    present: list[int]
    absent: list[int] = []


class EventAttendanceOut(Schema):
    present: int
    absent: int
    training_recorded: int


def _event_out(access: Access, event: Event) -> dict[str, object]:
    mine = selectors.my_registration(access, event)
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": event.place,
        # The link of an online event is for those who hold a place, and its organiser.
        "online_url": event.online_url
        if services.is_organiser(access, event) or (mine and mine.status == "registered")
        else "",
        "capacity": event.capacity,
        "registered": getattr(event, "registered", 0),
        "waitlisted": getattr(event, "waitlisted", 0),
        "registration_opens": event.registration_opens,
        "registration_closes": event.registration_closes,
        "audience": event.audience,
        "organiser": event.organiser.name,
        "network": event.network.slug if event.network else None,
        "training_topic": event.training_topic,
        "training_hours": float(event.training_hours) if event.training_hours else None,
        "my_status": mine.status if mine else None,
    }


def _registration_out(registration: Registration) -> dict[str, object]:
    return {
        "id": registration.pk,
        "event_id": registration.event_id,
        "status": registration.status,
        "waitlist_position": selectors.waitlist_position(registration),
        "attended": registration.attended,
    }


@router.get(BASE, response=list[EventOut], summary="Upcoming events the body sees")
def list_events(request: HttpRequest, body: str):
    access = api_access(request, body)
    return [_event_out(access, e) for e in selectors.upcoming_for(access)]


@router.post(BASE, response={201: EventOut}, summary="Organise an event (HR)")
def create_event(request: HttpRequest, body: str, payload: EventIn):
    access = api_access(request, body, is_hr)
    data = payload.dict()
    slug = data.pop("network")
    data["network"] = get_object_or_404(Network, slug=slug) if slug else None
    event = services.create_event(access, **data)
    return Status(201, _event_out(access, selectors.get_event(access, event.pk)))


@router.get(f"{BASE}/{{event_id}}", response=EventOut, summary="One event")
def get_event(request: HttpRequest, body: str, event_id: int):
    access = api_access(request, body)
    return _event_out(access, selectors.get_event(access, event_id))


@router.post(
    f"{BASE}/{{event_id}}/registration",
    response={201: RegistrationOut},
    summary="Register for an event (a place, or the waitlist when full)",
)
def register(request: HttpRequest, body: str, event_id: int):
    access = api_access(request, body)
    event = selectors.get_event(access, event_id)
    return Status(201, _registration_out(services.register(access, event)))


@router.delete(
    f"{BASE}/{{event_id}}/registration",
    response=RegistrationOut,
    summary="Cancel my registration (the first on the waitlist takes the place)",
)
def cancel(request: HttpRequest, body: str, event_id: int):
    access = api_access(request, body)
    event = selectors.get_event(access, event_id)
    if access.person_id is None:
        raise PermissionDeniedForRole
    registration = selectors.my_registration(access, event)
    if registration is None:
        raise ValidationError(_("You are not registered for this event."))
    return _registration_out(services.cancel(access, registration))


@router.get(
    f"{BASE}/{{event_id}}/registrations",
    response=list[AttendeeOut],
    summary="Registrations of an event (the organiser's HR)",
)
def registrations(request: HttpRequest, body: str, event_id: int):
    access = api_access(request, body)
    event = selectors.get_event(access, event_id)
    return [
        {
            **_registration_out(r),
            "person_id": r.person_id,
            "name": r.person.full_name,
            "body": r.person.body.name,
        }
        for r in selectors.registrations_of(access, event)
    ]


@router.put(
    f"{BASE}/{{event_id}}/attendance",
    response=EventAttendanceOut,
    summary="Record attendance (the organiser's HR): registration ids present and absent",
)
def attendance(request: HttpRequest, body: str, event_id: int, payload: AttendanceIn):
    access = api_access(request, body)
    event = selectors.get_event(access, event_id)
    report = services.record_attendance(access, event, payload.present, payload.absent)
    return {
        "present": report.present,
        "absent": report.absent,
        "training_recorded": report.training_recorded,
    }
