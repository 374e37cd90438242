"""One event as an iCalendar file (RFC 5545): the organiser's place or link, no attendee."""

from __future__ import annotations

from django.utils import timezone

from agilepa.core import ical
from agilepa.events.models import Event


def event_ics(event: Event, url: str) -> bytes:
    calendar = ical.calendar("events")
    calendar.add_component(
        ical.event(
            f"agilepa-event-{event.pk}@agilepa",
            event.title,
            timezone.localtime(event.starts_at),
            timezone.localtime(event.ends_at),
            description="\n\n".join(p for p in (event.organiser.name, event.description) if p),
            location=", ".join(p for p in (event.place, event.online_url) if p),
            url=url,
        )
    )
    return calendar.to_ical()
