"""The one way the platform writes iCalendar (RFC 5545): a calendar named for its product, events
from plain values, and the HTTP answer with the right content type.

The events' page, the person's and unit's published days (planning) and a thematic table's
meetings (community) all go through here, so every file says who made it and is served alike.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar(product: str, name: str = "") -> Calendar:
    """An empty calendar whose product id names the feature (`-//Agile PA//<product>//IT`) and,
    when given, the name a calendar program shows (`X-WR-CALNAME`)."""
    found = Calendar()
    found.add("prodid", f"-//Agile PA//{product}//IT")
    found.add("version", "2.0")
    if name:
        found.add("x-wr-calname", name)
    return found


def now() -> datetime:
    """The `DTSTAMP` of a file written now, in the current time zone."""
    return datetime.now(tz=timezone.get_current_timezone())


def event(
    uid: str,
    summary: str,
    start: date | datetime,
    end: date | datetime,
    *,
    stamp: datetime | None = None,
    description: str | None = None,
    location: str | None = None,
    url: str | None = None,
    status: str | None = None,
    transparent: bool = False,
) -> CalendarEvent:
    """One event; a property given as None is left out (an empty text is written as empty). A
    `date` start and end make an all-day event; `transparent` marks it as not busy."""
    entry = CalendarEvent()
    entry.add("uid", uid)
    entry.add("summary", summary)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("dtstamp", stamp or now())
    for key, value in (
        ("description", description),
        ("location", location),
        ("url", url),
        ("status", status),
    ):
        if value is not None:
            entry.add(key, value)
    if transparent:
        entry.add("transp", "TRANSPARENT")
    return entry


def response(
    found: Calendar | bytes,
    *,
    filename: str = "",
    disposition: str = "attachment",
    cache: str = "",
) -> HttpResponse:
    """The calendar as an HTTP answer; a filename sets `Content-Disposition` (`attachment` for a
    file to import, `inline` for a feed), `cache` the `Cache-Control` header."""
    body = found if isinstance(found, bytes) else found.to_ical()
    answer = HttpResponse(body, content_type=CONTENT_TYPE)
    if filename:
        answer["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if cache:
        answer["Cache-Control"] = cache
    return answer
