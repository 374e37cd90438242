"""Every route x every role x a foreign body: no read, no write, the right status code.

404 for a foreign body's objects (indistinguishable from absent ones); 403 for objects of the
user's own body beyond their role. Routes are discovered, not listed by hand: a new route fails
here until its expectations are declared below.
"""

from __future__ import annotations

import functools
import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from agilepa.api import api
from agilepa.org.models import ImportBatch, Membership, OrgUnit, Person
from tests.core.page_checks import english_words
from tests.core.test_pages_render import QUOTES_ENGLISH
from tests.factories import make_tax_code
from tests.routes import BODY_ROLES, ROLES, site_routes
from tests.tenancy.extensions import EXTENSIONS

# Routes that hold no body's, network's or other user's data.
UNSCOPED = {
    "home",
    "healthz",
    "readyz",  # operational checks, no personal data
    "favicon",
    # The installable app's manifest and service worker: the same for everyone, no data; the
    # worker keeps only its owner's pages (tests/core/test_installable_app.py); the page it
    # shows offline, rendered for nobody.
    "manifest",
    "service_worker",
    "offline",
    "accessibility",
    "tokens",
    "logout_everywhere",  # the caller's own sessions
    "org:municipality_options",  # the public ISTAT list
    "login",
    "logout",
    "set_language",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # Login through a provider and the second factor: the user's own login, no body data.
    "identity:start",
    "identity:callback",
    "identity:verify",
    "identity:setup",
    "identity:recovery_codes",
    "identity:reset",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
}

HR = {"hr_admin", "platform_admin"}
LISTERS = HR | {"manager"}
NETWORK_VIEWERS = BODY_ROLES | {"coordinator"}

# Own-body expectations for site routes: (method, roles allowed). Others with a role in the
# body get 403; users without one get 404. Network routes: users who cannot see the network 404.
SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "org:body": ("get", BODY_ROLES),
    "org:units": ("get", BODY_ROLES),
    "org:unit": ("get", BODY_ROLES),
    "org:unit_move": ("get", HR),
    "org:people": ("get", LISTERS),
    "org:person": ("get", HR),  # the outsider: beyond the manager's subtree
    "org:import": ("get", HR),
    "org:import_preview": ("get", HR),
    "org:import_confirm": ("post", HR),
    "org:network": ("get", NETWORK_VIEWERS),
    # Activating an applied membership is refused by the workflow, but only after the role
    # check: the coordinator gets past it (a message), members of the body do not.
    "org:membership_action": ("post", {"coordinator", "platform_admin"}),
    "org:membership_protocol": ("get", {"coordinator", "platform_admin", "hr_admin"}),
    "roles": ("get", HR),
    "role_revoke": ("post", HR),
    "person_invite": ("post", HR),
    "org:home": ("get", {"employee", "manager"}),  # one's own home: people only
}
# Routes about another user's object (their token): 404 for everyone but its owner.
SITE_OTHER_USER = {"token_revoke"}
NETWORK_ROUTES = {"org:network", "org:membership_action", "org:membership_protocol"}

# Own-body expectations for API routes: "METHOD path" -> roles allowed.
API_EXPECT: dict[str, set[str]] = {
    "GET /api/v1/bodies/{body}": BODY_ROLES,
    "GET /api/v1/bodies/{body}/sites": BODY_ROLES,
    "GET /api/v1/bodies/{body}/units": BODY_ROLES,
    "POST /api/v1/bodies/{body}/units": HR,
    "GET /api/v1/bodies/{body}/units/{unit_id}": BODY_ROLES,
    "PATCH /api/v1/bodies/{body}/units/{unit_id}": HR,
    "GET /api/v1/bodies/{body}/people": LISTERS,
    "POST /api/v1/bodies/{body}/people": HR,
    "GET /api/v1/bodies/{body}/people/{person_id}": HR,
    "PATCH /api/v1/bodies/{body}/people/{person_id}": HR,
    "POST /api/v1/bodies/{body}/people/{person_id}/end": HR,
    "GET /api/v1/networks/{network}": NETWORK_VIEWERS,
    "POST /api/v1/networks/{network}/memberships/{membership_id}/sign": HR,
    "POST /api/v1/networks/{network}/memberships/{membership_id}/activate": {
        "coordinator",
        "platform_admin",
    },
    "GET /api/v1/bodies/{body}/roles": HR,
    "POST /api/v1/bodies/{body}/imports": HR,
    "POST /api/v1/bodies/{body}/imports/{batch_id}/confirm": HR,
    "POST /api/v1/bodies/{body}/roles": HR,
    "DELETE /api/v1/bodies/{body}/roles/{role_id}": HR,
    "GET /api/v1/bodies/{body}/me/home": {"employee", "manager"},
    "PUT /api/v1/bodies/{body}/me/home": {"employee", "manager"},
    "POST /api/v1/bodies/{body}/people/{person_id}/login": HR,
    "POST /api/v1/networks/{network}/memberships/{membership_id}/leave": {
        "coordinator",
        "platform_admin",
        "hr_admin",
    },
}
API_UNSCOPED = {
    "GET /api/v1/me",
    "GET /api/v1/tokens",
    "POST /api/v1/tokens",
    "GET /api/v1/bodies",
    "GET /api/v1/networks",
    "GET /api/v1/municipalities",
}
API_OTHER_USER = {"DELETE /api/v1/tokens/{token_id}"}


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def api_call(client: Client, method: str, template: str, ids) -> object:
    """Call an API route with a valid payload, so that the handler (and its access check) is
    reached: an invalid payload would be refused before, whatever the body."""
    url = ids.fill(template)
    key = f"{method} {template}"
    if key in API_CUSTOM_CALLS:
        return API_CUSTOM_CALLS[key](client, url, ids)
    if key == "POST /api/v1/networks/{network}/memberships/{membership_id}/sign":
        return client.post(
            url,
            {
                "on": "2026-02-01",
                "protocol": SimpleUploadedFile("protocol.pdf", PDF, content_type="application/pdf"),
            },
        )
    payload = API_PAYLOADS.get(key, {})
    if callable(payload):
        payload = payload(ids)
    return client.generic(method, url, data=json.dumps(payload), content_type="application/json")


API_PAYLOADS: dict[str, object] = {
    "POST /api/v1/bodies/{body}/units": {"code": "NEWUNIT", "name": "Nuova unità"},
    "PATCH /api/v1/bodies/{body}/units/{unit_id}": {"name": "Servizio rinominato"},
    "POST /api/v1/bodies/{body}/people": lambda ids: {
        "employee_number": "NEW001",
        "first_name": "Anna",
        "last_name": "Nuova",
        "tax_code": make_tax_code(99999),
        "unit_id": ids.values["unit_id"],
    },
    "PATCH /api/v1/bodies/{body}/people/{person_id}": {"first_name": "Rinominata"},
    "POST /api/v1/tokens": {"name": "matrix"},
    "PUT /api/v1/bodies/{body}/me/home": {"municipality": None},
    "POST /api/v1/bodies/{body}/roles": {"email": "new.observer@example.it", "kind": "observer"},
}


# What later apps declare (tests/tenancy/extensions.py): their routes' expectations, payloads
# and the rows of the foreign body their writes could touch.
API_CUSTOM_CALLS: dict[str, object] = {}
# API routes that need no login at all (an invitation's token is their credential): each app
# tests them on its own; here they are only declared.
API_PUBLIC: set[str] = set()
# Routes whose very existence is personal data (a derogation's reason, art. 9 GDPR): other
# roles of the body get 404 there, as a foreign body would, not 403.
SITE_HIDDEN: set[str] = set()
API_HIDDEN: set[str] = set()
for _ext in EXTENSIONS:
    SITE_HIDDEN |= getattr(_ext, "SITE_HIDDEN", set())
    API_HIDDEN |= getattr(_ext, "API_HIDDEN", set())
    UNSCOPED |= getattr(_ext, "UNSCOPED", set())
    API_PUBLIC |= getattr(_ext, "API_PUBLIC", set())
    SITE_EXPECT.update(_ext.SITE_EXPECT)
    API_EXPECT.update(_ext.API_EXPECT)
    API_PAYLOADS.update(_ext.API_PAYLOADS)
    API_CUSTOM_CALLS.update(getattr(_ext, "API_CUSTOM_CALLS", {}))


@functools.cache
def api_routes() -> list[tuple[str, str]]:
    """Every operation of the OpenAPI document, built once a run (the document is the same for
    every test, and building it took an eighth of the matrix's time)."""
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def foreign_digest(world) -> str:
    """Everything of body b that a write could touch."""
    rows = [
        list(Person.objects.filter(body=world.b.body).order_by("pk").values_list()),
        list(OrgUnit.objects.filter(body=world.b.body).order_by("pk").values_list()),
        list(Membership.objects.filter(body=world.b.body).order_by("pk").values_list()),
        list(ImportBatch.objects.filter(body=world.b.body).order_by("pk").values_list()),
    ]
    for ext in EXTENSIONS:
        rows += ext.foreign_rows(world.b.body)
    return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()


def test_every_site_route_is_declared_in_the_matrix() -> None:
    declared = UNSCOPED | set(SITE_EXPECT) | SITE_OTHER_USER
    undeclared = [n for _, n in site_routes() if n not in declared]
    assert not undeclared, f"declare the tenancy expectations of {undeclared}"


def test_every_api_route_is_declared_in_the_matrix() -> None:
    declared = set(API_EXPECT) | API_UNSCOPED | API_OTHER_USER | API_PUBLIC
    undeclared = [f"{m} {p}" for m, p in api_routes() if f"{m} {p}" not in declared]
    assert not undeclared, f"declare the tenancy expectations of {undeclared}"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "platform_admin"])
def test_no_role_of_one_body_reads_or_writes_a_foreign_body_through_the_site(
    matrix, role: str, client_as
) -> None:
    world, _own, foreign = matrix
    client = client_as(world.users[role])
    before = foreign_digest(world)
    for template, name in site_routes():
        if name in UNSCOPED or (name in SITE_OTHER_USER and role == "nobody"):
            continue
        url = "/" + foreign.fill(template)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404, f"{role} {method.upper()} {url} ({name})"
    assert foreign_digest(world) == before


@pytest.mark.parametrize("role", [r for r in ROLES if r != "platform_admin"])
def test_no_role_of_one_body_reads_or_writes_a_foreign_body_through_the_api(
    matrix, role: str, client_as
) -> None:
    world, _own, foreign = matrix
    client = client_as(world.users[role])
    before = foreign_digest(world)
    for method, template in api_routes():
        key = f"{method} {template}"
        if key in API_UNSCOPED or key in API_PUBLIC:
            continue
        if key in API_OTHER_USER and role == "nobody":
            continue  # the foreign token belongs to 'nobody': it is their own
        response = api_call(client, method, template, foreign)
        assert response.status_code == 404, f"{role} {key} -> {response.status_code}"
        assert response["Content-Type"] == "application/problem+json", key
    assert foreign_digest(world) == before


# Pages quoting what the audit trail recorded as it was recorded: the route's name, the names
# and values of the fields sent: data, not the interface's words.
QUOTES_RECORDS = {"audit:body"}


@pytest.mark.parametrize("role", ROLES)
def test_own_body_site_routes_answer_by_role(matrix, role: str, client_as) -> None:
    """Each role's answer on every page of its own body; and, as the pages are in Italian, no
    English word left in those it reads (HR's pages, which are also the platform admin's, are
    walked by tests/core/test_pages_render.py: not parsed twice)."""
    world, own, _foreign = matrix
    client = client_as(world.users[role], HTTP_ACCEPT_LANGUAGE="it")
    english = []
    for template, name in site_routes():
        if name in UNSCOPED or name in SITE_OTHER_USER:
            continue
        method, allowed = SITE_EXPECT[name]
        url = "/" + own.fill(template)
        response = getattr(client, method)(url)
        status = response.status_code
        if (
            role not in {"hr_admin", "platform_admin"}
            and method == "get"
            and status == 200
            and response["Content-Type"].startswith("text/html")
            and name not in QUOTES_ENGLISH | QUOTES_RECORDS
        ):
            english += [f"{name}: “{w}”" for w in english_words(response.content.decode())]
        sees_scope = role in (NETWORK_VIEWERS if name in NETWORK_ROUTES else BODY_ROLES)
        sees_scope = sees_scope and name not in SITE_HIDDEN
        if role in allowed:
            assert status < 400 or status == 422, f"{role} {method} {url}: {status}"
        elif sees_scope:
            assert status == 403, f"{role} {method} {url}: {status}, expected 403"
        else:
            assert status == 404, f"{role} {method} {url}: {status}, expected 404"
    assert english == [], (role, english)


@pytest.mark.parametrize("role", ROLES)
def test_own_body_api_routes_answer_by_role(matrix, role: str, client_as) -> None:
    world, own, _foreign = matrix
    client = client_as(world.users[role])
    for method, template in api_routes():
        key = f"{method} {template}"
        if key in API_UNSCOPED or key in API_OTHER_USER or key in API_PUBLIC:
            continue
        allowed = API_EXPECT[key]
        status = api_call(client, method, template, own).status_code
        sees_scope = role in (NETWORK_VIEWERS if "/networks/" in template else BODY_ROLES)
        sees_scope = sees_scope and key not in API_HIDDEN
        if role in allowed:
            # Past the role check; the workflow may still refuse the change itself (422).
            assert status in (200, 201, 204, 422), f"{role} {key}: {status}"
            assert status < 500, f"{role} {key}: {status}"
        elif sees_scope:
            assert status == 403, f"{role} {key}: {status}, expected 403"
        else:
            assert status == 404, f"{role} {key}: {status}, expected 404"


def test_every_api_route_needs_authentication(matrix) -> None:
    _world, own, _foreign = matrix
    client = Client()
    for method, template in api_routes():
        if f"{method} {template}" in API_PUBLIC:
            continue
        response = api_call(client, method, template, own)
        assert response.status_code == 401, f"{method} {template}"
        assert response["Content-Type"] == "application/problem+json"


def test_every_site_page_with_data_needs_a_login(matrix) -> None:
    _world, own, _foreign = matrix
    client = Client()
    for template, name in site_routes():
        if name in UNSCOPED:
            continue
        response = client.get("/" + own.fill(template))
        assert response.status_code in (302, 405), name
        if response.status_code == 302:
            assert "/login/" in response["Location"], name


@pytest.mark.parametrize("role", ROLES)
def test_only_platform_admins_open_the_admin_console(matrix, role: str, client_as) -> None:
    world, _own, _foreign = matrix
    user = world.users[role]
    user.is_staff = True  # staff status alone must not be enough
    user.save(update_fields=["is_staff"])
    client = client_as(user)
    for url in (
        "/admin/",
        "/admin/org/person/",
        f"/admin/org/person/{world.b.colleague.pk}/change/",
    ):
        status = client.get(url).status_code
        if role == "platform_admin":
            assert status == 200, url
        else:
            assert status == 302, f"{role} {url}: {status}"
