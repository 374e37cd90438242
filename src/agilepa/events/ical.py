"""One event as an iCalendar file (RFC 5545): the organiser's place or link, no attendee."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from agilepa.events.models import Event


def event_ics(event: Event, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Agile PA//events//IT")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    entry.add("uid", f"agilepa-event-{event.pk}@agilepa")
    entry.add("dtstamp", datetime.now(tz=timezone.get_current_timezone()))
    entry.add("dtstart", timezone.localtime(event.starts_at))
    entry.add("dtend", timezone.localtime(event.ends_at))
    entry.add("summary", event.title)
    entry.add("description", "\n\n".join(p for p in (event.organiser.name, event.description) if p))
    location = ", ".join(p for p in (event.place, event.online_url) if p)
    entry.add("location", location)
    entry.add("url", url)
    calendar.add_component(entry)
    return calendar.to_ical()
