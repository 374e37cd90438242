"""The indicators an application carries, frozen at submission for the jurors to read: the
measured indicators of the POLA/PIAO catalogue for the body and the year (agilepa.indicators),
computed from records brought up to date first.

The shape, `{code: {"name", "value", "unit"}}`, is what the applications store and the pages
show. Names are the catalogue's English source strings (shown translated). A figure about fewer
than five people (or its complement) is None, as on the indicator pages for everyone."""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation

from agilepa.indicators import catalogue, display, engine, selectors, summary
from agilepa.org.models import Body

Snapshot = dict[str, dict[str, object]]


def indicator_snapshot(body: Body, year: int, today: date | None = None) -> Snapshot:
    today = today or timezone.localdate()
    summary.refresh_stale(body.pk, year, today)
    period = engine.Period(year)
    values = engine.compute(engine.Scope.body(body), period)
    withheld = selectors.protection_of(body.pk, year).hidden_codes(None, str(period))
    shown = display.show(values, withheld)
    with translation.override("en"):
        return {
            ind.code: {
                "name": str(ind.name),
                "value": shown[ind.code].number,
                "unit": ind.unit.value,
            }
            for ind in catalogue.MEASURED
        }
