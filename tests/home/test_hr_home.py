"""HR's home: the office's queue, each item a count and the page where it is done."""

from __future__ import annotations

from django.urls import reverse

from agilepa.org.models import ImportBatch, ImportStatus
from tests.home.conftest import action_counts, action_link, home_url
from tests.home.helpers import build

QUEUE = {
    "countersign": 1,
    "expiring": 1,
    "prerequisites": 4,  # the four active people of the body, none with the IT check
    "communications_late": 1,
    "communications_due": 1,
    "imports_pending": 1,
    "imports_failed": 1,
    "plans_ready": 1,
    "plans_failed": 0,
}


def test_the_queue_counts_what_waits_for_the_hr_office(world, client_as):
    build(world.a)
    html = client_as("hr_admin").get(home_url(world)).content.decode()
    assert action_counts(html) == QUEUE


def test_each_item_of_the_queue_links_to_where_it_is_done(world, client_as):
    build(world.a)
    html = client_as("hr_admin").get(home_url(world)).content.decode()

    def url(name: str) -> str:
        return reverse(name, kwargs={"body": world.a.body.slug})

    assert action_link(html, "countersign") == url("agreements:list") + "?status=approved"
    assert action_link(html, "expiring") == url("agreements:dashboard")
    assert action_link(html, "prerequisites") == url("agreements:prereq_overview")
    assert action_link(html, "communications_due") == url("agreements:communications")
    assert action_link(html, "communications_late") == url("agreements:communications")
    assert action_link(html, "imports_pending") == url("org:import")
    assert action_link(html, "plans_ready") == url("planning:plans")
    assert action_link(html, "plans_failed") is None  # nothing to do: no link
    for link in {action_link(html, key) for key in QUEUE} - {None}:
        assert client_as("hr_admin").get(link).status_code == 200, link


def test_a_refused_import_followed_by_an_applied_one_is_no_longer_waiting(world, client_as):
    build(world.a)
    ImportBatch.objects.create(
        body=world.a.body, kind="people", filename="c.csv", status=ImportStatus.APPLIED
    )
    html = client_as("hr_admin").get(home_url(world)).content.decode()
    assert action_counts(html)["imports_failed"] == 0


def test_hr_without_a_person_sees_no_week_and_no_unit(world, client_as):
    build(world.a)
    html = client_as("hr_admin").get(home_url(world)).content.decode()
    assert 'id="the-body"' in html
    assert 'id="my-work"' not in html and 'id="my-unit"' not in html


def test_another_bodys_queue_is_never_counted(world, client_as):
    build(world.b)
    html = client_as("hr_admin").get(home_url(world)).content.decode()
    counts = action_counts(html)
    # Body A's own people lack the IT check only once A requires it; B's requirement is B's.
    assert set(counts.values()) == {0}


def test_hrs_home_reads_a_bounded_number_of_queries(
    world, client_as, django_assert_max_num_queries
):
    build(world.a)
    build(world.b)
    client = client_as("hr_admin")
    with django_assert_max_num_queries(35):
        assert client.get(home_url(world)).status_code == 200


def test_hrs_home_speaks_italian(world, client_as):
    build(world.a)
    html = client_as("hr_admin", HTTP_ACCEPT_LANGUAGE="it").get(home_url(world)).content.decode()
    for text in (
        "L'ente",
        "Le attività dell'ufficio del personale",
        "accordo approvato, da controfirmare",
        "accordo in scadenza nei prossimi 30 giorni",
        "persone senza un prerequisito richiesto, o con uno scaduto",
        "comunicazione al Ministero del Lavoro in ritardo",
        "comunicazione al Ministero del Lavoro da inviare",
        "importazione dal sistema del personale in attesa di conferma",
        "piano pronto da pubblicare",
    ):
        assert text in html, text
