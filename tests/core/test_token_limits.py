"""What a personal access token cannot do: outlive its expiry, a password change or a removed
role; write when read-only; open another body when limited to one; be made without the
password, by another token, or for a platform admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from agilepa.core import services
from agilepa.core.access import resolve_access
from agilepa.core.models import ApiToken, LoginFailure, RoleAssignment, RoleKind, TokenScope
from tests.factories import PASSWORD, UserFactory, api_token_for, grant

TOKENS = "/account/tokens/"


# A token made with its own limits (expiry, scope, body) under test, not api_as's.
def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Bearer " + raw}


def me(raw: str):
    return Client().get("/api/v1/me", **bearer(raw))


def form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "script",
        "days": 90,
        "scope": "read",
        "body": "",
        "password": PASSWORD,
    }
    data.update(extra)
    return data


def test_a_new_token_expires_in_90_days_by_default(world, client_as) -> None:
    response = client_as("employee").post(TOKENS, form())
    assert response.status_code == 201
    token = ApiToken.objects.get()
    assert timedelta(days=89, hours=23) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert token.scope == TokenScope.READ


def test_a_token_cannot_last_more_than_a_year(world, client_as) -> None:
    response = client_as("employee").post(TOKENS, form(days=366))
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_an_expired_token_opens_nothing(world, client_as) -> None:
    token, raw = ApiToken.issue(world.users["employee"], "script")
    assert me(raw).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = me(raw)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "Expired" in client_as("employee").get(TOKENS).content.decode()


def test_a_password_change_revokes_the_tokens(world, client_as) -> None:
    raw = api_token_for(world.users["employee"])
    client = client_as("employee")
    response = client.post(
        "/account/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Un-altra-parola-2026",
            "new_password2": "Un-altra-parola-2026",
        },
    )
    assert response.status_code == 302
    assert me(raw).status_code == 401


def test_a_password_reset_revokes_the_tokens(world) -> None:
    raw = api_token_for(world.users["employee"])
    user = world.users["employee"]
    user.set_password("Reimpostata-2026")
    user.save()
    assert me(raw).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_logging_in_does_not_revoke_the_tokens(world) -> None:
    raw = api_token_for(world.users["employee"])
    Client().post("/account/login/", {"username": "employee@a.it", "password": PASSWORD})
    assert me(raw).status_code == 200


def test_a_read_only_token_cannot_write(world) -> None:
    _token, raw = ApiToken.issue(world.users["hr_admin"], "reader", scope=TokenScope.READ)
    roles = f"/api/v1/bodies/{world.a.body.slug}/roles"
    assert Client().get(roles, **bearer(raw)).status_code == 200
    response = Client().post(
        roles,
        data={"email": "new.observer@example.it", "kind": "observer"},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "read-only" in response.json()["detail"]
    assert not RoleAssignment.objects.filter(user__email="new.observer@example.it").exists()


def test_a_token_limited_to_one_body_does_not_open_another(world, client_as) -> None:
    both = UserFactory(email="both@a.it")
    grant(both, RoleKind.HR_ADMIN, body=world.a.body)
    grant(both, RoleKind.HR_ADMIN, body=world.b.body)
    _token, raw = ApiToken.issue(both, "only A", body=world.a.body)
    assert (
        Client().get(f"/api/v1/bodies/{world.a.body.slug}/roles", **bearer(raw)).status_code == 200
    )
    response = Client().get(f"/api/v1/bodies/{world.b.body.slug}/roles", **bearer(raw))
    assert response.status_code == 404
    listed = Client().get("/api/v1/bodies", **bearer(raw)).json()
    assert [b["slug"] for b in listed] == [world.a.body.slug]
    # The session of the same user still opens both.
    assert client_as(both).get(f"/api/v1/bodies/{world.b.body.slug}/roles").status_code == 200


def test_creating_a_token_needs_the_password_and_wrong_ones_count_towards_the_lockout(
    world,
    client_as,
) -> None:
    client = client_as("employee")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = client.post(TOKENS, form(password="guess"))
        assert response.status_code == 422
        assert "password is not right" in response.content.decode()
    assert LoginFailure.objects.filter(email="employee@a.it").count() == (
        settings.LOGIN_MAX_FAILURES
    )
    assert client.post(TOKENS, form()).status_code == 422  # locked, even with the right one
    assert not ApiToken.objects.exists()


def test_the_api_needs_the_password_too_and_a_token_cannot_make_tokens(world, client_as) -> None:
    client = client_as("employee")
    refused = client.post(
        "/api/v1/tokens", {"name": "x", "password": "guess"}, content_type="application/json"
    )
    assert refused.status_code == 422
    raw = api_token_for(world.users["employee"])
    response = Client().post(
        "/api/v1/tokens",
        {"name": "x", "password": PASSWORD},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


def test_a_platform_admin_gets_no_token_and_an_old_one_opens_nothing(world, client_as) -> None:
    admin = world.users["platform_admin"]
    client = client_as(admin)
    page = client.get(TOKENS).content.decode()
    assert 'id="no-admin-tokens"' in page
    assert client.post(TOKENS, form()).status_code == 200
    response = client.post(
        "/api/v1/tokens", {"name": "x", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 422
    assert not ApiToken.objects.exists()
    raw = api_token_for(admin)  # one made before this rule
    assert me(raw).status_code == 401


@pytest.mark.parametrize("scoped", [True, False])
def test_removing_a_role_revokes_the_tokens_that_relied_on_it(world, scoped: bool) -> None:
    observer = world.users["observer"]
    body = world.a.body
    _token, raw = ApiToken.issue(observer, "cug", body=body if scoped else None)
    assignment = RoleAssignment.objects.get(user=observer, kind=RoleKind.OBSERVER, body=body)
    services.revoke_role(resolve_access(world.users["hr_admin"], body), assignment)
    assert me(raw).status_code == 401


def test_a_role_deleted_in_the_admin_console_revokes_the_tokens_too(world, client_as) -> None:
    observer = world.users["observer"]
    _token, raw = ApiToken.issue(observer, "cug", body=world.a.body)
    assignment = RoleAssignment.objects.get(user=observer, kind=RoleKind.OBSERVER)
    console = client_as("platform_admin")
    response = console.post(f"/admin/core/roleassignment/{assignment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert me(raw).status_code == 401
