"""Thematic tables: seeded on every network, joined by bodies and their people, meetings with
registrations and attendance, the counts the network reports, the iCalendar feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from agilepa.community import selectors, services
from agilepa.community.models import DEFAULT_TABLES, Meeting, MeetingRegistration, TableMember
from agilepa.core.models import RoleKind, User
from agilepa.org.models import Network
from tests.factories import NetworkFactory, UserFactory, grant

ROME = ZoneInfo("Europe/Rome")


def meeting(table, when: datetime, **kwargs) -> Meeting:
    return Meeting.objects.create(
        table=table,
        title=kwargs.pop("title", "Incontro"),
        starts_at=when,
        ends_at=when + timedelta(hours=2),
        place="Bologna",
        **kwargs,
    )


def test_every_new_network_gets_the_four_tables(db):
    network = NetworkFactory()
    assert sorted(network.tables.values_list("name", flat=True)) == sorted(
        name for name, _slug in DEFAULT_TABLES
    )


def test_a_network_of_the_migration_got_them_too(db):
    # Networks created before the app existed got their tables from migration 0002; here the
    # seeding is idempotent: running it again adds nothing.
    network = NetworkFactory()
    assert services.seed_tables(network) == []
    assert Network.objects.get(pk=network.pk).tables.count() == 4


def test_hr_registers_people_and_the_body_joins(world, community):
    table = community.tables["spazi"]
    services.register_table_member(community.hr_a, table, world.a.colleague.pk)
    assert selectors.body_has_joined(world.a.body, table)
    assert TableMember.objects.filter(table=table, person=world.a.colleague).exists()
    with pytest.raises(ValidationError):
        services.register_table_member(community.hr_a, table, world.b.colleague.pk)


def test_a_person_registers_for_a_meeting_of_a_table_the_body_joined(world, community):
    table = community.tables["spazi"]
    upcoming = meeting(table, timezone.now() + timedelta(days=3))
    with pytest.raises(ValidationError, match="has not joined"):
        services.register_for_meeting(community.employee_a, upcoming)
    services.join_table(community.hr_a, table)
    registration = services.register_for_meeting(community.employee_a, upcoming)
    assert registration.person == world.a.employee_person
    # An employee registers nobody else.
    with pytest.raises(services.PermissionDeniedForRole):
        services.register_for_meeting(community.employee_a, upcoming, world.a.colleague.pk)
    services.register_for_meeting(community.hr_a, upcoming, world.a.colleague.pk)
    assert upcoming.registrations.count() == 2


def test_no_registration_for_a_past_or_cancelled_meeting(world, community):
    table = community.tables["spazi"]
    services.join_table(community.hr_a, table)
    past = meeting(table, timezone.now() - timedelta(days=3))
    cancelled = meeting(table, timezone.now() + timedelta(days=3), is_cancelled=True)
    with pytest.raises(ValidationError, match="over"):
        services.register_for_meeting(community.employee_a, past)
    with pytest.raises(ValidationError, match="cancelled"):
        services.register_for_meeting(community.employee_a, cancelled)


def test_the_counts_per_table_and_year_are_the_hand_computed_ones(world, community):
    """Spazi in 2026: three meetings held (one more cancelled, one in 2025, one in the future).
    Attended: A's employee at two, A's colleague at one, B's employee at one; B's colleague
    registered but was absent; A's outsider attended only in 2025.
    Meetings held 3; distinct participants 3; bodies represented 2."""
    spazi = community.tables["spazi"]
    now = datetime(2026, 11, 30, 12, tzinfo=ROME)
    held = [meeting(spazi, datetime(2026, month, 10, 10, tzinfo=ROME)) for month in (2, 5, 9)]
    meeting(spazi, datetime(2026, 6, 10, 10, tzinfo=ROME), is_cancelled=True)
    old = meeting(spazi, datetime(2025, 12, 10, 10, tzinfo=ROME))
    meeting(spazi, datetime(2026, 12, 10, 10, tzinfo=ROME))
    b_person = world.b.employee_person
    absent = world.b.colleague
    rows = [
        (held[0], world.a.employee_person, True),
        (held[1], world.a.employee_person, True),
        (held[1], world.a.colleague, True),
        (held[2], b_person, True),
        (held[2], absent, False),
        (old, world.a.outsider, True),
    ]
    for m, person, attended in rows:
        MeetingRegistration.objects.create(meeting=m, person=person, attended=attended)

    counts = {row.table.slug: row for row in selectors.table_counts(community.network, 2026, now)}
    assert (
        counts["spazi"].meetings_held,
        counts["spazi"].participants,
        counts["spazi"].bodies,
    ) == (
        3,
        3,
        2,
    )
    assert counts["innovazione-tecnologica"].meetings_held == 0
    assert selectors.table_counts(community.network, 2025, now)[-1].participants == 1


def test_the_coordinator_records_attendance_among_the_registered(world, community):
    table = community.tables["spazi"]
    started = meeting(table, timezone.now() - timedelta(hours=1))
    for person in (world.a.employee_person, world.a.colleague):
        MeetingRegistration.objects.create(meeting=started, person=person)
    coordinator = UserFactory(email="coord@rete.it")
    grant(coordinator, RoleKind.NETWORK_COORDINATOR, network=community.network)
    services.record_attendance(coordinator, started, [world.a.colleague.pk])
    assert dict(started.registrations.values_list("person_id", "attended")) == {
        world.a.employee_person.pk: False,
        world.a.colleague.pk: True,
    }
    with pytest.raises(ValidationError):
        services.record_attendance(coordinator, started, [world.b.colleague.pk])
    with pytest.raises(PermissionDenied):
        services.record_attendance(world.users["hr_admin"], started, [])


def test_the_coordinator_schedules_a_meeting_with_a_place_or_a_link(community):
    coordinator = UserFactory(email="coord@rete.it")
    grant(coordinator, RoleKind.NETWORK_COORDINATOR, network=community.network)
    table = community.tables["spazi"]
    start = timezone.now() + timedelta(days=10)
    with pytest.raises(ValidationError) as caught:
        services.schedule_meeting(
            coordinator, table, title="Senza luogo", starts_at=start, ends_at=start
        )
    assert set(caught.value.message_dict) == {"place", "ends_at"}
    made = services.schedule_meeting(
        coordinator,
        table,
        title="Online",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        online_url="https://meet.example.it/spazi",
    )
    assert made.pk


def test_the_coordinator_links_only_network_materials_as_outputs(world, community):
    coordinator = UserFactory(email="coord@rete.it")
    grant(coordinator, RoleKind.NETWORK_COORDINATOR, network=community.network)
    shared = services.publish_material(
        community.hr_a,
        theme=community.tables["spazi"],
        title="Linee guida",
        summary="x",
        kind="guide",
        text="x",
    )
    private = services.publish_material(
        community.hr_a,
        theme=community.tables["spazi"],
        title="Interno",
        summary="x",
        kind="guide",
        text="x",
        visibility="body",
    )
    m = meeting(community.tables["spazi"], timezone.now() - timedelta(days=1))
    services.update_meeting(coordinator, m, outputs=[shared.pk], minutes="Verbale")
    assert list(m.outputs.all()) == [shared]
    with pytest.raises(ValidationError):
        services.update_meeting(coordinator, m, outputs=[private.pk])


def test_the_ical_feed_lists_the_meetings_without_login(community):
    table = community.tables["spazi"]
    meeting(table, timezone.now() + timedelta(days=5), title="Spazi condivisi")
    meeting(table, timezone.now() + timedelta(days=9), title="Annullato", is_cancelled=True)
    response = Client().get(f"/tables/feed/{table.feed_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "SUMMARY:Spazi condivisi" in text
    assert "LOCATION:Bologna" in text
    assert "STATUS:CANCELLED" in text
    assert Client().get("/tables/feed/not-a-token.ics").status_code == 404


def test_the_coordinator_pages_show_the_counts(world, community):
    coordinator = UserFactory(email="coord@rete.it")
    grant(coordinator, RoleKind.NETWORK_COORDINATOR, network=community.network)
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/networks/{community.network.slug}/tables/")
    assert page.status_code == 200
    assert page.content.decode().count("data-table-id=") == 4
    client.force_login(User.objects.get(email="hr@b.it"))
    assert client.get(f"/networks/{community.network.slug}/tables/").status_code == 403


def test_a_body_sees_only_the_names_of_its_own_people_at_a_meeting(world, community):
    table = community.tables["spazi"]
    upcoming = meeting(table, timezone.now() + timedelta(days=3))
    MeetingRegistration.objects.create(meeting=upcoming, person=world.a.employee_person)
    MeetingRegistration.objects.create(meeting=upcoming, person=world.b.employee_person)
    client = Client()
    client.force_login(User.objects.get(email="hr@b.it"))
    html = client.get(f"/b/{world.b.body.slug}/meetings/{upcoming.pk}/").content.decode()
    assert world.b.employee_person.last_name in html
    assert world.a.employee_person.last_name not in html
