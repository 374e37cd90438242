"""A body's person is sent to the body's privacy notice before anything else, until they have
read the version in force; a new version asks again. The API, the notice itself, logging out,
the language switch, platform administrators and users with no person are never held."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agilepa.core.models import RoleKind
from agilepa.privacy import selectors
from agilepa.privacy.middleware import SEEN
from agilepa.privacy.models import NoticeAcknowledgement
from tests.factories import PersonFactory, UserFactory, api_token_for, grant
from tests.privacy.helpers import current, publish


def test_a_person_is_sent_to_the_notice_before_anything_else(world, client_as) -> None:
    publish(world)
    client = client_as("employee")
    body = world.a.body.slug
    for url in ("/", f"/b/{body}/", f"/b/{body}/agreements/mine/", "/account/tokens/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"/b/{body}/privacy/?next="), url
    page = client.get(f"/b/{body}/privacy/?next=/b/{body}/units/")
    assert page.status_code == 200
    assert b'id="acknowledge"' in page.content


def test_a_form_sent_before_reading_the_notice_is_held_and_writes_nothing(world, client_as) -> None:
    publish(world)
    client = client_as("employee")
    body = world.a.body.slug
    response = client.post(f"/b/{body}/me/home/", {"municipality": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/b/{body}/privacy/"


def test_after_reading_the_notice_the_person_goes_where_they_were_going(world, client_as) -> None:
    version = publish(world)
    client = client_as("employee")
    body = world.a.body.slug
    response = client.post(f"/b/{body}/privacy/acknowledge/", {"next": f"/b/{body}/units/"})
    assert response.status_code == 302
    assert response["Location"] == f"/b/{body}/units/"
    reading = NoticeAcknowledgement.objects.get(user=world.users["employee"])
    assert reading.version == version
    assert client.get(f"/b/{body}/units/").status_code == 200
    assert client.get("/").status_code == 302  # the home page's own redirect, to the body
    assert client.get(f"/b/{body}/").status_code == 200
    page = client.get(f"/b/{body}/privacy/")
    assert b'id="acknowledge"' not in page.content


def test_a_new_version_asks_everyone_to_read_it_again(world, client_as) -> None:
    publish(world)
    client = client_as("employee")
    body = world.a.body.slug
    client.post(f"/b/{body}/privacy/acknowledge/")
    assert client.get(f"/b/{body}/").status_code == 200
    publish(world, "# Informativa\n\nNuovo testo: cambia il responsabile del trattamento.")
    response = client.get(f"/b/{body}/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/b/{body}/privacy/")
    client.post(f"/b/{body}/privacy/acknowledge/")
    assert client.get(f"/b/{body}/").status_code == 200
    assert NoticeAcknowledgement.objects.filter(user=world.users["employee"]).count() == 2


def test_the_next_address_of_another_site_is_not_followed(world, client_as) -> None:
    publish(world)
    client = client_as("employee")
    body = world.a.body.slug
    response = client.post(
        f"/b/{body}/privacy/acknowledge/", {"next": "https://evil.example/phish"}
    )
    assert response["Location"] == "/"


def test_the_api_is_never_redirected_to_the_notice(world, client_as) -> None:
    publish(world)
    user = world.users["employee"]
    body = world.a.body.slug
    session = client_as(user).get(f"/api/v1/bodies/{body}")
    assert session.status_code == 200
    token = api_token_for(user)
    bearer = Client().get(f"/api/v1/bodies/{body}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bearer.status_code == 200
    assert NoticeAcknowledgement.objects.count() == 0


def test_logging_out_and_changing_language_are_never_held(world, client_as) -> None:
    publish(world)
    client = client_as("employee")
    language = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert language.status_code == 302 and language["Location"] == "/"
    assert client.get("/accessibility/").status_code == 200
    assert client.get("/privacy/").status_code == 200
    logout = client.post("/account/logout/")
    assert "/privacy/" not in logout.get("Location", "")


def test_platform_admins_and_users_with_no_person_are_not_held(world, client_as) -> None:
    publish(world)
    body = world.a.body.slug
    for role in ("platform_admin", "hr_admin", "observer"):
        assert client_as(role).get(f"/b/{body}/").status_code == 200, role


def test_nobody_is_held_while_the_body_has_published_no_notice(world, client_as) -> None:
    client = client_as("employee")
    assert client.get(f"/b/{world.a.body.slug}/").status_code == 200


def test_an_ended_person_is_no_longer_held(world, client_as) -> None:
    publish(world)
    person = world.a.employee_person
    person.is_active = False
    person.save(update_fields=["is_active"])
    grant(world.users["employee"], RoleKind.OBSERVER, body=world.a.body)
    assert client_as("employee").get(f"/b/{world.a.body.slug}/").status_code == 200


def test_a_person_of_two_bodies_reads_both_notices(world, client_as) -> None:
    user = world.users["employee"]
    PersonFactory(body=world.b.body, unit=world.b.root, user=user)
    publish(world)
    publish(world, body=world.b.body)
    client = client_as(user)
    first = client.get("/account/tokens/")["Location"]
    client.post(first.split("?")[0] + "acknowledge/")
    second = client.get("/account/tokens/")["Location"]
    assert second.split("?")[0] != first.split("?")[0]
    client.post(second.split("?")[0] + "acknowledge/")
    assert client.get("/account/tokens/").status_code == 200


def test_htmx_requests_are_sent_to_the_notice_by_htmx(world, client_as) -> None:
    publish(world)
    client = client_as("employee")
    response = client.get(f"/b/{world.a.body.slug}/units/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(f"/b/{world.a.body.slug}/privacy/")


def test_the_gate_costs_one_query_per_request_and_the_session_remembers(world, client_as) -> None:
    publish(world)
    user = world.users["employee"]
    client = client_as(user)
    client.post(f"/b/{world.a.body.slug}/privacy/acknowledge/")
    client.get("/account/tokens/")
    assert client.session[SEEN] > 0
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/account/tokens/").status_code == 200
    gate = [q["sql"] for q in queries if "privacy_" in q["sql"]]
    assert len(gate) == 1


def test_the_gates_sql_agrees_with_the_orm(world) -> None:
    user, other, manager = world.users["employee"], UserFactory(), world.users["manager"]
    PersonFactory(body=world.b.body, unit=world.b.root, user=user)
    PersonFactory(body=world.b.body, unit=world.b.root, user=other)

    def read(who, body) -> None:
        version = current(body)
        NoticeAcknowledgement.objects.create(user=who, version=version)

    steps = [
        lambda: None,
        lambda: publish(world),
        lambda: publish(world, body=world.b.body),
        lambda: read(user, world.a.body),
        lambda: read(other, world.b.body),
        lambda: read(user, world.b.body),
        lambda: publish(world, "# Versione 2\n\nTesto nuovo."),
    ]
    for step in steps:
        step()
        for who in (user, other, manager):
            latest, slug = selectors.pending_notice(who.pk, -1)
            expected = selectors.pending_notice_reference(who.pk)
            assert (slug in expected) if expected else slug is None, who
            # Nothing newer than what the session last saw: nothing is asked.
            assert selectors.pending_notice(who.pk, latest) == (latest, None)
