"""The public page of a network: anyone, without login, sees its members, public materials,
public campaign results and the tables' counts, and no personal data."""

from __future__ import annotations

from datetime import date

from django.test import Client

from agilepa.community import services
from agilepa.measurement.models import Campaign


def test_anyone_sees_members_public_materials_and_campaigns(world, community):
    services.publish_material(
        community.hr_a,
        theme=community.tables["spazi"],
        title="Guida agli hub",
        summary="Pubblica",
        kind="guide",
        visibility="public",
        text="x",
    )
    services.publish_material(
        community.hr_a,
        theme=community.tables["spazi"],
        title="Bozza riservata",
        summary="Solo rete",
        kind="guide",
        text="x",
    )
    Campaign.objects.create(
        organiser=world.a.body,
        network=community.network,
        title="Settimana del lavoro agile",
        slug="settimana-2026",
        start=date(2026, 5, 4),
        end=date(2026, 5, 8),
        results_public=True,
    )
    Campaign.objects.create(
        organiser=world.a.body,
        network=community.network,
        title="Campagna interna",
        slug="interna-2026",
        start=date(2026, 6, 4),
        end=date(2026, 6, 8),
    )
    response = Client().get(f"/public/networks/{community.network.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert world.a.body.name in html and world.b.body.name in html
    assert community.body_c.name not in html  # applied, not an active member
    assert "Guida agli hub" in html
    assert "Bozza riservata" not in html
    assert "Settimana del lavoro agile" in html
    assert "Campagna interna" not in html
    assert 'id="upcoming-events"' in html
    for person in (world.a.employee_person, world.a.manager_person, world.b.colleague):
        assert person.last_name not in html
        assert person.tax_code not in html


def test_an_unknown_network_is_a_404(db):
    assert Client().get("/public/networks/nessuna/").status_code == 404


def test_the_page_lists_the_upcoming_public_events_only(world, community):
    from datetime import datetime, timedelta

    from django.utils import timezone

    from agilepa.events.models import Event

    start = timezone.now() + timedelta(days=10)
    common = {"organiser": world.a.body, "kind": "workshop", "capacity": 30, "place": "Sala"}
    Event.objects.create(
        title="Laboratorio aperto",
        audience="public",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        **common,
    )
    Event.objects.create(
        title="Corso interno",
        audience="body",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        **common,
    )
    past = datetime(2020, 1, 10, 9, tzinfo=start.tzinfo)
    Event.objects.create(
        title="Evento passato",
        audience="public",
        starts_at=past,
        ends_at=past + timedelta(hours=2),
        **common,
    )
    html = Client().get(f"/public/networks/{community.network.slug}/").content.decode()
    assert "Laboratorio aperto" in html
    assert "Corso interno" not in html and "Evento passato" not in html
    assert "event.ics" in html


def test_the_page_takes_the_same_queries_however_many_pledged(world, community) -> None:
    """The public campaigns' results are counted in SQL: more people pledging, the same
    queries (the demo's campaign has thousands of pledged days)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agilepa.measurement.models import CampaignBody, CommuteProfile, Pledge
    from tests.factories import PersonFactory

    campaign = Campaign.objects.create(
        organiser=world.a.body,
        network=community.network,
        title="Settimana del lavoro agile",
        slug="settimana-2026",
        start=date(2026, 5, 4),
        end=date(2026, 5, 8),
        results_public=True,
    )
    CampaignBody.objects.create(campaign=campaign, body=world.a.body)
    url = f"/public/networks/{community.network.slug}/"

    def pledge(people: int) -> None:
        for _ in range(people):
            person = PersonFactory(body=world.a.body)
            CommuteProfile.objects.create(person=person, distance_km=10, minutes=20, mode="bike")
            for day in (date(2026, 5, 4), date(2026, 5, 5)):
                Pledge.objects.create(campaign=campaign, person=person, date=day)

    pledge(5)
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    pledge(15)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
