"""Writes of events: create and change an event, register, cancel (which promotes the
waitlist), and record attendance (which records training for the agreements).

No event is overbooked, whatever the concurrency: a place is held by a row with its number, and
the database refuses a second holder of (event, place); a writer that loses the race tries the
next free place, then leaves the person on the waitlist."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.agreements.models import TrainingCompletion, TrainingCourse
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.links import check_link
from agilepa.events.models import Event, Registration, RegistrationStatus
from agilepa.org.models import Network

R = RegistrationStatus
T = TypeVar("T")
RETRIES_ON_LOCK = 20  # SQLite answers "database is locked" under contention: try again
COURSE_CODE_PREFIX = "EVENT-"

EDITABLE = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "registration_opens",
    "registration_closes",
    "audience",
    "network",
    "training_topic",
    "training_hours",
    "validity_months",
)


def _retry(write: Callable[[], T]) -> T:
    for _attempt in range(RETRIES_ON_LOCK - 1):
        try:
            return write()
        except OperationalError:
            continue
    return write()


def is_organiser(access: Access, event: Event) -> bool:
    return access.is_hr and event.organiser_id == access.body.pk


def _check_network(access: Access, network: Network | None) -> None:
    if network is not None and network.coordinator_id != access.body.pk:
        raise ValidationError(
            {"network": _("Only the network's coordinating body organises its events.")}
        )


@transaction.atomic
def create_event(access: Access, **fields: Any) -> Event:
    """An event of the body (its HR office), or of the network the body coordinates."""
    if not access.is_hr:
        raise PermissionDeniedForRole
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not an event field: {sorted(unknown)}")
    _check_network(access, fields.get("network"))
    event = Event(organiser=access.body, created_by_id=access.user_id, **fields)
    check_link(event.online_url, "online_url")
    event.full_clean()
    event.save()
    return event


def update_event(access: Access, event: Event, **fields: Any) -> Event:
    """Change an event; the capacity cannot fall below the places already held, and a larger
    capacity serves the waitlist at once."""
    if not is_organiser(access, event):
        raise PermissionDeniedForRole
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not an event field: {sorted(unknown)}")
    if "network" in fields:
        _check_network(access, fields["network"])
    with transaction.atomic():
        for name, value in fields.items():
            setattr(event, name, value)
        check_link(event.online_url, "online_url")
        event.full_clean()
        held = event.registrations.filter(status=R.REGISTERED).count()
        if event.capacity < held:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(n)d people hold a place: the capacity cannot be lower. Cancel "
                        "registrations first."
                    )
                    % {"n": held}
                }
            )
        # Places above the new capacity are renumbered into the free ones below it.
        free = iter(sorted(set(range(1, event.capacity + 1)) - _held_places(event)))
        for registration in event.registrations.filter(place__gt=event.capacity):
            registration.place = next(free)
            registration.save(update_fields=["place"])
        event.save()
    promote(event)
    return event


def _held_places(event: Event) -> set[int]:
    return set(
        Registration.objects.filter(event=event, place__isnull=False).values_list(
            "place", flat=True
        )
    )


def registration_open(event: Event, now: datetime) -> bool:
    closes = event.registration_closes or event.starts_at
    opens = event.registration_opens
    return (opens is None or opens <= now) and now < closes


def register(access: Access, event: Event, now: datetime | None = None) -> Registration:
    """The caller (a person of a body that sees the event) registers: a place if one is free,
    otherwise the waitlist. A cancelled registration may be made again, at the waitlist's end."""
    from agilepa.events.selectors import visible_to

    if access.person_id is None:
        raise PermissionDeniedForRole
    if not visible_to(access.body, event):
        raise PermissionDeniedForRole
    now = now or timezone.now()
    if not registration_open(event, now):
        raise ValidationError(_("Registration for this event is not open."))
    person_id = access.person_id

    def enter() -> Registration:
        with transaction.atomic():
            existing = Registration.objects.filter(event=event, person_id=person_id).first()
            if existing is None:
                return Registration.objects.create(
                    event=event, person_id=person_id, status=R.WAITLISTED, requested_at=now
                )
            if existing.status != R.CANCELLED:
                raise ValidationError(_("You are already registered for this event."))
            renewed = Registration.objects.filter(pk=existing.pk, status=R.CANCELLED).update(
                status=R.WAITLISTED, requested_at=now, attended=None
            )
            if not renewed:
                raise ValidationError(_("You are already registered for this event."))
            return existing

    try:
        registration = _retry(enter)
    except IntegrityError as exc:  # the same person twice at once
        raise ValidationError(_("You are already registered for this event.")) from exc
    promote(event)
    registration.refresh_from_db()
    return registration


def promote(event: Event) -> int:
    """Give the free places to the waitlist, first come first served; returns how many were
    promoted. Safe to run concurrently: a place is given by a conditional write that the
    unique (event, place) constraint backs."""
    promoted = 0
    for _round in range(event.capacity + RETRIES_ON_LOCK):
        free = sorted(set(range(1, event.capacity + 1)) - _retry(lambda: _held_places(event)))
        head = _retry(
            lambda: (
                Registration.objects.filter(event=event, status=R.WAITLISTED)
                .order_by("requested_at", "pk")
                .values_list("pk", flat=True)
                .first()
            )
        )
        if not free or head is None:
            return promoted
        for place in free:
            try:
                given = _retry(lambda place=place, head=head: _give(head, place))
            except IntegrityError:
                continue  # the place was taken meanwhile: the next one
            promoted += given
            break
    return promoted


def _give(registration_id: int, place: int) -> int:
    with transaction.atomic():
        return Registration.objects.filter(
            pk=registration_id, status=R.WAITLISTED, place__isnull=True
        ).update(status=R.REGISTERED, place=place)


def cancel(access: Access, registration: Registration, now: datetime | None = None) -> Registration:
    """The person, their body's HR or the organiser's HR cancels, before the start; the freed
    place goes to the first on the waitlist."""
    event = registration.event
    own = registration.person_id == access.person_id
    body_hr = access.is_hr and registration.person.body_id == access.body.pk
    if not (own or body_hr or is_organiser(access, event)):
        raise PermissionDeniedForRole
    now = now or timezone.now()
    if now >= event.starts_at:
        raise ValidationError(_("The event has started: the registration cannot be cancelled."))
    cancelled = _retry(
        lambda: Registration.objects.filter(
            pk=registration.pk, status__in=[R.REGISTERED, R.WAITLISTED]
        ).update(status=R.CANCELLED, place=None, attended=None)
    )
    if not cancelled:
        raise ValidationError(_("The registration is already cancelled."))
    promote(event)
    registration.refresh_from_db()
    return registration


@dataclass(frozen=True)
class AttendanceReport:
    present: int
    absent: int
    training_recorded: int


def course_for(event: Event, body_id: int) -> TrainingCourse:
    """The training course that stands for the event in the attendee's body: the agreements'
    prerequisites read completions of a course of the body (its topic, its validity)."""
    course, _created = TrainingCourse.objects.update_or_create(
        body_id=body_id,
        code=f"{COURSE_CODE_PREFIX}{event.pk}",
        defaults={
            "title": event.title,
            "topic": event.training_topic,
            "hours": event.training_hours,
            "validity_months": event.validity_months,
        },
    )
    return course


@transaction.atomic
def record_attendance(
    access: Access,
    event: Event,
    present: Iterable[int],
    absent: Iterable[int] = (),
    now: datetime | None = None,
) -> AttendanceReport:
    """The organiser's HR records who attended (registration ids), once the event has started.
    Attendance of an event with a training topic is a training completion, on the event's day,
    in each attendee's body; marking someone absent again removes it."""
    if not is_organiser(access, event):
        raise PermissionDeniedForRole
    now = now or timezone.now()
    if now < event.starts_at:
        raise ValidationError(_("Attendance is recorded once the event has started."))
    present, absent = set(present), set(absent)
    if present & absent:
        raise ValidationError(_("A person is either present or absent, not both."))
    registrations = {
        r.pk: r for r in event.registrations.filter(status=R.REGISTERED).select_related("person")
    }
    unknown = (present | absent) - set(registrations)
    if unknown:
        raise ValidationError(
            _("Registration %(id)s is not a place held at this event.") % {"id": min(unknown)}
        )
    day = timezone.localtime(event.starts_at).date()
    recorded = 0
    for pk in present | absent:
        registration = registrations[pk]
        registration.attended = pk in present
        registration.attendance_recorded_at = now
        registration.attendance_recorded_by_id = access.user_id
        registration.save(
            update_fields=["attended", "attendance_recorded_at", "attendance_recorded_by"]
        )
        if not event.training_topic:
            continue
        course = course_for(event, registration.person.body_id)
        if registration.attended:
            _completion, created = TrainingCompletion.objects.get_or_create(
                course=course, person=registration.person, completed_on=day
            )
            recorded += created
        else:
            TrainingCompletion.objects.filter(course=course, person=registration.person).delete()
    return AttendanceReport(len(present), len(absent), recorded)
