"""A GET of the indicators writes nothing: the dashboard, the figures API and every other page
and route read the monthly summary as it is, say how old it is, and leave the rebuilding to
the "Recompute now" button (a POST) and the scheduled job. Attacked with a body whose summary
is stale (a month waiting for a rebuild) and incomplete (months never built). The PIAO
report's pages and files are not here: they still rebuild the stale months of their year first
(`report.build`, "a document never shows figures older than the records")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from agilepa.indicators import summary
from agilepa.indicators.models import OpenDataOptIn, SummaryState
from tests.factories import api_token_for
from tests.indicators.test_pages import (
    url,
    world,  # noqa: F401 (the fixture)
    world_once,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.django_db


def _tables() -> dict[str, list[dict[str, Any]]]:
    """Every row of the indicators' tables and of the background tasks' tables."""
    models = [
        *apps.get_app_config("indicators").get_models(),
        *apps.get_app_config("django_tasks_database").get_models(),
    ]
    return {m._meta.db_table: list(m.objects.order_by("pk").values()) for m in models}


def test_no_indicators_get_writes_a_row_even_with_a_stale_summary(world, client_as) -> None:  # noqa: F811
    body = world.bodies[1]
    OpenDataOptIn.objects.create(body=body)
    summary.mark_dirty(body.pk, [date(2026, 2, 10)])
    assert SummaryState.objects.filter(body=body, dirty=True).exists()
    unit = world.units["1.A"]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(world.hr)}")
    coordinator_api = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(world.coordinator)}")
    before = _tables()
    pages = [
        (client_as(world.hr), url(world)),
        (client_as(world.hr), url(world, "?period=2026")),
        (client_as(world.hr), url(world, "?period=2026-02")),
        (client_as(world.hr), url(world, f"?period=2026&unit={unit.pk}")),
        (client_as(world.hr), url(world, "?period=2025")),
        (client_as(world.hr), url(world, "declared/")),
        (client_as(world.hr), url(world, "targets/")),
        (client_as(world.hr), url(world, "benchmark/?period=2026")),
        (client_as(world.coordinator), f"/networks/{world.network.slug}/indicators/?period=2026"),
        (Client(), f"/open-data/indicators/body/{body.slug}/2026.csv"),
        (Client(), f"/open-data/indicators/network/{world.network.slug}/2026.json"),
    ]
    base = f"/api/v1/bodies/{body.slug}/indicators"
    routes = [
        (api, base),
        (api, f"{base}?period=2026"),
        (api, f"{base}?period=2026-02&unit_id={unit.pk}"),
        (api, f"{base}?period=2025"),
        (api, f"{base}/benchmark?period=2026"),
        (api, "/api/v1/indicators/catalogue"),
        (coordinator_api, f"/api/v1/networks/{world.network.slug}/indicators?period=2026"),
        (Client(), f"/api/v1/open-data/indicators/body/{body.slug}/2026"),
    ]
    for c, path in pages + routes:
        assert c.get(path).status_code == 200, path
    assert _tables() == before


def test_the_dashboard_says_when_the_figures_are_stale_or_not_computed(world, client_as) -> None:  # noqa: F811
    summary.mark_dirty(world.bodies[1].pk, [date(2026, 2, 10)])
    page = client_as(world.hr).get(url(world, "?period=2026")).content.decode()
    assert "Some records changed since: the figures are being recomputed." in page
    assert 'id="refresh-now"' in page
    never = client_as(world.hr).get(url(world, "?period=2024")).content.decode()
    assert "The figures of this period have not been computed yet." in never
