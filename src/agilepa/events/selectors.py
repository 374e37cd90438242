"""Reads of events, always from the viewer's body: the events it may see, one event, its
registrations (the organiser's HR only), and the public events of a network (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.events.models import Audience, Event, Registration, RegistrationStatus
from agilepa.org.models import Body, Membership, MembershipStatus, Network

R = RegistrationStatus
MEMBER = [MembershipStatus.APPLIED, MembershipStatus.SIGNED, MembershipStatus.ACTIVE]


def _networks_of(body: Body) -> Q:
    member_of = Membership.objects.filter(body=body, status__in=MEMBER).values("network_id")
    return Q(network__in=member_of) | Q(network__coordinator=body)


def _visible(body: Body) -> Q:
    """The body's own events, public events, and events for the bodies of its networks."""
    return (
        Q(organiser=body)
        | Q(audience=Audience.PUBLIC)
        | (Q(audience=Audience.NETWORK) & _networks_of(body))
    )


def events_for(access: Access) -> QuerySet[Event]:
    return (
        Event.objects.filter(_visible(access.body))
        .select_related("organiser", "network")
        .annotate(
            registered=Count("registrations", filter=Q(registrations__status=R.REGISTERED)),
            waitlisted=Count("registrations", filter=Q(registrations__status=R.WAITLISTED)),
        )
        .annotate(places_left=F("capacity") - F("registered"))
    )


def upcoming_for(access: Access, now: datetime | None = None) -> QuerySet[Event]:
    return events_for(access).filter(ends_at__gte=now or timezone.now())


def visible_to(body: Body, event: Event) -> bool:
    return Event.objects.filter(_visible(body), pk=event.pk).exists()


def get_event(access: Access, pk: int) -> Event:
    """An event the body sees; any other answers 404."""
    return get_object_or_404(events_for(access), pk=pk)


def my_registration(access: Access, event: Event) -> Registration | None:
    if access.person_id is None:
        return None
    return Registration.objects.filter(event=event, person_id=access.person_id).first()


def my_registrations(access: Access) -> QuerySet[Registration]:
    if access.person_id is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(person_id=access.person_id)
        .exclude(status=R.CANCELLED)
        .select_related("event", "event__organiser")
        .order_by("event__starts_at")
    )


def registrations_of(access: Access, event: Event) -> QuerySet[Registration]:
    """The people registered and waiting, with their bodies: the organiser's HR only, who
    records the attendance."""
    if not (access.is_hr and event.organiser_id == access.body.pk):
        raise PermissionDeniedForRole
    return (
        event.registrations.exclude(status=R.CANCELLED)
        .select_related("person", "person__body")
        .order_by("status", "requested_at", "pk")
    )


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != R.WAITLISTED:
        return None
    return (
        Registration.objects.filter(event_id=registration.event_id, status=R.WAITLISTED)
        .filter(
            Q(requested_at__lt=registration.requested_at)
            | Q(requested_at=registration.requested_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


@dataclass(frozen=True)
class PublicEvent:
    """What the public network page shows of an event: no person, no count of people."""

    id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    organiser: str
    has_places: bool


def upcoming_public_events(
    network: Network, limit: int = 5, now: datetime | None = None
) -> list[PublicEvent]:
    """The public events still to come of the network: organised for it, or by its
    coordinating body or a member body."""
    members = Membership.objects.filter(network=network, status__in=MEMBER).values("body_id")
    rows = (
        Event.objects.filter(audience=Audience.PUBLIC, ends_at__gte=now or timezone.now())
        .filter(Q(network=network) | Q(organiser__in=members) | Q(organiser=network.coordinator_id))
        .select_related("organiser")
        .annotate(held=Count("registrations", filter=Q(registrations__status=R.REGISTERED)))
        .order_by("starts_at", "pk")[:limit]
    )
    return [
        PublicEvent(
            id=e.pk,
            title=e.title,
            kind=e.kind,
            starts_at=e.starts_at,
            ends_at=e.ends_at,
            place=e.place,
            online_url=e.online_url,
            organiser=e.organiser.name,
            has_places=e.held < e.capacity,
        )
        for e in rows
    ]


def public_event(pk: int) -> Event:
    """A public event, for its calendar file without login; any other answers 404."""
    return get_object_or_404(Event, pk=pk, audience=Audience.PUBLIC)
