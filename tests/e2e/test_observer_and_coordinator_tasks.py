"""The main task of the two roles that only read: the observer (CUG) reads the indicators
dashboard; the network coordinator reads the network's members and its benchmark. Each page
checked with axe and for its width on a phone (390 px) and a laptop (1366 px)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agilepa.org.models import Membership
from tests.e2e.conftest import phone_and_laptop
from tests.home.helpers import build, freeze


@pytest.fixture
def members(world, monkeypatch):
    """March 2027 for both bodies of the world, both members of the network: the pages have
    figures, rows and names to lay out."""
    freeze(monkeypatch)
    for side in (world.a, world.b):
        build(side)
        Membership.objects.create(
            network=world.network, body=side.body, status="active", applied_on=date(2026, 1, 10)
        )
    return world


def test_the_observer_reads_the_indicators_dashboard(members, page_as) -> None:
    page = page_as("observer")
    page.goto("/")
    expect(page.locator("#the-body")).to_be_visible()
    page.goto(reverse("indicators:dashboard", kwargs={"body": members.a.body.slug}))
    expect(page.locator("main h1")).to_contain_text("Indicatori")
    expect(page.locator("#trend-chart")).to_be_visible()
    expect(page.locator("#trend-table")).to_be_visible()
    phone_and_laptop(page, "the indicators dashboard", visible="#trend-table")


def test_the_coordinator_reads_the_network_and_its_benchmark(members, page_as) -> None:
    network = members.network
    page = page_as("coordinator")
    page.goto("/")
    expect(page.locator("#the-network")).to_be_visible()
    page.goto(reverse("org:network", kwargs={"network": network.slug}))
    expect(page.locator("main h1")).to_contain_text(network.name)
    expect(page.locator("main")).to_contain_text(members.b.body.name)
    phone_and_laptop(page, "the network's page", visible="main h1")
    page.goto(reverse("indicators:network", kwargs={"network": network.slug}))
    expect(page.locator("main h1")).to_contain_text(network.name)
    phone_and_laptop(page, "the network's benchmark", visible="main h1")
