"""Reads of the body's calendar."""

from __future__ import annotations

from agilepa.org.models import Body, OfficeSite
from agilepa.planning.calendar import CalendarFacts, Patron
from agilepa.planning.models import Closure, PatronDay


def calendar_facts(body: Body, site: OfficeSite | None = None) -> CalendarFacts:
    """The calendar of one office of the body (or of its seat, when no office is given): the
    patron day of the office's comune and the closures of the whole body and of that office."""
    municipality = (site.municipality if site and site.municipality else "") or body.municipality
    patron = PatronDay.objects.filter(body=body, municipality__iexact=municipality).first()
    closures = Closure.objects.filter(body=body, site__isnull=True)
    if site is not None:
        closures = closures | Closure.objects.filter(body=body, site=site)
    return CalendarFacts(
        patron=Patron(patron.month, patron.day, patron.saint) if patron else None,
        closures={c.date: c.reason for c in closures},
    )
