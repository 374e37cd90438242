"""Rebuild the indicators' monthly summary: the dirty months, or every month of a period."""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from agilepa.indicators import summary
from agilepa.org.models import Body


class Command(BaseCommand):
    help = (
        "Rebuild the indicators' monthly summary. By default the last 13 months of every body "
        "(run it nightly); --dirty rebuilds only the months marked as changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dirty", action="store_true", help="only the months marked stale")
        parser.add_argument("--body", help="only this body (its slug)")
        parser.add_argument("--year", type=int, help="every month of this year instead")

    def handle(self, *args, dirty: bool, body: str | None, year: int | None, **options) -> None:
        started = time.perf_counter()
        bodies = Body.objects.order_by("pk")
        if body:
            bodies = bodies.filter(slug=body)
            if not bodies.exists():
                self.stderr.write(f"No body with the slug {body!r}.")
                raise SystemExit(1)
        if dirty:
            rows = sum(summary.refresh_dirty_months(b.pk) for b in bodies)
        else:
            today = timezone.localdate()
            if year:
                months = summary.months_between(date(year, 1, 1), min(date(year, 12, 31), today))
            else:
                months = summary.months_between(today - timedelta(days=365), today)
            rows = sum(summary.refresh(b.pk, months) for b in bodies)
        self.stdout.write(f"{rows} person-months rebuilt in {time.perf_counter() - started:.1f} s")
