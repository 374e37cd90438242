"""Logins, failed logins and logouts are in the audit trail, with how the user came in: the
password form, or a provider (SSO), which then marks every write of that session."""

from __future__ import annotations

import json

from django.test import Client

from agilepa.audit.models import PLATFORM_CHAIN, AuditEntry, Via
from tests.factories import PASSWORD

LOGIN = "/account/login/"
PROVIDER_BACKEND = "agilepa.identity.backends.ProviderBackend"


def mark() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def since(start: int, action: str):
    return AuditEntry.objects.filter(pk__gt=start, action=action)


def test_a_password_login_is_recorded_with_its_user_and_the_password_way(world) -> None:
    user = world.users["employee"]
    start = mark()
    response = Client().post(
        LOGIN, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302
    entry = since(start, "login.success").get()
    assert entry.actor == user
    assert entry.actor_label == user.email
    assert entry.via == Via.PASSWORD
    assert entry.chain == PLATFORM_CHAIN
    assert entry.ip == "192.0.2.7"
    assert entry.request_id


def test_a_failed_login_is_recorded_with_the_email_attempted_and_never_the_password(
    world,
) -> None:
    start = mark()
    response = Client().post(LOGIN, {"username": "Employee@A.it", "password": "not-the-password"})
    assert response.status_code in (200, 422)
    entry = since(start, "login.failure").get()
    assert entry.object_label == "employee@a.it"
    assert entry.actor is None
    assert entry.via == Via.ANONYMOUS
    assert "not-the-password" not in json.dumps(entry.changes)
    assert not since(start, "login.success").exists()


def test_a_failed_login_stays_in_the_trail_after_the_next_success(world) -> None:
    user = world.users["employee"]
    client = Client()
    start = mark()
    client.post(LOGIN, {"username": user.email, "password": "wrong"})
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert since(start, "login.failure").count() == 1
    assert since(start, "login.success").count() == 1


def test_a_logout_is_recorded_with_its_user(world) -> None:
    user = world.users["employee"]
    client = Client()
    client.force_login(user)
    start = mark()
    response = client.post("/account/logout/")
    assert response.status_code in (200, 302)
    entry = since(start, "logout").get()
    assert entry.actor == user


def test_a_login_through_a_provider_is_recorded_as_sso_and_so_are_the_session_writes(
    world,
) -> None:
    user = world.users["hr_admin"]
    client = Client()
    start = mark()
    client.force_login(user, backend=PROVIDER_BACKEND)
    login = since(start, "login.success").get()
    assert login.via == Via.SSO
    assert login.actor == user

    start = mark()
    response = client.post(
        f"/api/v1/bodies/{world.a.body.slug}/roles",
        data=json.dumps({"email": "sso.granted@a.it", "kind": "observer"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    grant = since(start, "role.grant").get()
    assert grant.via == Via.SSO
    assert grant.actor == user


def test_a_password_session_writes_are_recorded_as_password(world) -> None:
    user = world.users["hr_admin"]
    client = Client()
    client.force_login(user)  # the password backend, without the second factor's wait
    start = mark()
    response = client.post(
        f"/api/v1/bodies/{world.a.body.slug}/roles",
        data=json.dumps({"email": "pw.granted@a.it", "kind": "observer"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert since(start, "role.grant").get().via == Via.PASSWORD
