"""Writes of the body's calendar."""

from __future__ import annotations

from django.db import transaction

from agilepa.org.models import Body
from agilepa.planning.calendar import suggest_patron
from agilepa.planning.models import PatronDay


@transaction.atomic
def prefill_patron_days(body: Body) -> list[PatronDay]:
    """Create the patron days the `holidays` package knows for the comuni of the body and of
    its offices (capoluoghi only); days already set by the body are kept."""
    municipalities = {body.municipality, *body.sites.values_list("municipality", flat=True)}
    created = []
    for municipality in sorted(m for m in municipalities if m):
        patron = suggest_patron(municipality)
        if patron is None:
            continue
        day, made = PatronDay.objects.get_or_create(
            body=body,
            municipality=municipality,
            defaults={"saint": patron.name, "month": patron.month, "day": patron.day},
        )
        if made:
            created.append(day)
    return created
