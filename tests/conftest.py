"""Shared fixtures: two bodies with a small unit tree and a user for every role.

`world` builds, for body A (the user's own) and body B (a foreign one), the tree
Ente → Area → Servizio, people in each unit, and users: employee, manager (head of Area),
hr_admin, observer, network coordinator, platform admin, and a user with no role.
"""

from __future__ import annotations

import copy
import gc
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from django.conf import settings as django_settings
from django.core.servers.basehttp import WSGIServer
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, settings

from agilepa.core.models import ApiToken, RoleKind, User
from agilepa.org.models import (
    Body,
    ImportBatch,
    Membership,
    MembershipStatus,
    Network,
    OrgUnit,
    Person,
)
from tests.clients import ApiClient
from tests.dbsetup import (  # noqa: F401
    _cheaper_teardown,
    django_db_modify_db_settings,
    django_db_setup,
)
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import (
    BodyFactory,
    NetworkFactory,
    PersonFactory,
    UserFactory,
    grant,
    make_unit,
)
from tests.routes import Ids

# The suite runs two workers (and CI a second database) on a 2-core machine: how fast
# hypothesis draws its inputs, or how long one example takes, is not what any test checks.
settings.register_profile("agilepa", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("agilepa")


def pytest_collection_finish(session: pytest.Session) -> None:
    """The garbage collector tuned for a test process, as the web worker is (agilepa/wsgi.py):
    what is loaded by now (Django, the apps, the test modules) is frozen out of its full passes,
    and the youngest generation is collected every 50,000 allocations rather than 700. A test
    builds and drops thousands of model instances, and the collector walked them again and
    again: tests/indicators, tenancy, org and agreements ran 12-13% faster with this, on both
    databases. Only cyclic garbage waits longer: memory, not behaviour."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


# The live server (end-to-end and race tests) listens with Django's backlog of 10 pending
# connections; the race test's 32 concurrent clients can overflow it on a busy machine and
# see a connection reset. A real server's backlog (gunicorn's is 2048) is far larger.
WSGIServer.request_queue_size = 128


@dataclass
class BodyWorld:
    body: Body
    root: OrgUnit
    area: OrgUnit
    service: OrgUnit
    other_area: OrgUnit
    employee_person: Person
    manager_person: Person
    colleague: Person  # in the manager's subtree, not the employee
    outsider: Person  # in another area: beyond the manager


@dataclass
class World:
    a: BodyWorld
    b: BodyWorld
    network: Network
    users: dict[str, User]


def build_body(prefix: str) -> BodyWorld:
    body = BodyFactory(
        name=f"Comune {prefix}", ipa_code=f"c_{prefix.lower()}", slug=f"c_{prefix.lower()}"
    )
    root = make_unit(body, "ENTE", f"Comune {prefix}")
    area = make_unit(body, "AREA1", "Area Servizi al cittadino", parent=root)
    service = make_unit(body, "SERV1", "Servizio Anagrafe", parent=area)
    other_area = make_unit(body, "AREA2", "Area Risorse", parent=root)
    manager_person = PersonFactory(body=body, unit=area)
    area.head = manager_person
    area.save(update_fields=["head"])
    return BodyWorld(
        body=body,
        root=root,
        area=area,
        service=service,
        other_area=other_area,
        employee_person=PersonFactory(body=body, unit=service),
        manager_person=manager_person,
        colleague=PersonFactory(body=body, unit=service),
        outsider=PersonFactory(body=body, unit=other_area),
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """PBKDF2 at its production cost would dominate the suite's time."""
    settings.PASSWORD_HASHERS = SUITE_SETTINGS["PASSWORD_HASHERS"]


@pytest.fixture(autouse=True)
def english_unless_asked(settings) -> None:
    """Tests read messages in English (the source language); the Italian default is tested
    explicitly by the tests that ask for Italian (Accept-Language, the browser's locale)."""
    settings.LANGUAGE_CODE = SUITE_SETTINGS["LANGUAGE_CODE"]


T = TypeVar("T")


# What the autouse fixtures above set for each test, for data built once per module too.
SUITE_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "LANGUAGE_CODE": "en",
}


def once_per_module(django_db_blocker, build: Callable[[], T], **overrides: object) -> Iterator[T]:
    """Data a whole module reads, built once inside a transaction rolled back at the module's end.

    Each test of the module still runs in its own savepoint (pytest-django's `db`), so what one
    test writes is gone before the next; the tests see the same rows a per-test fixture would
    give them. Only for modules whose tests all run in a transaction (no `transaction=True`) and
    build no second world of their own. Hand each test `copy.deepcopy` of the objects, as
    Django's `setUpTestData` does, so a test that changes one in memory does not change it for
    the next. The suite's settings (and `overrides`) hold for the whole module."""
    changed = override_settings(**{**SUITE_SETTINGS, **overrides})
    changed.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            changed.disable()
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        changed.disable()


# Fixtures that make a test transactional (pytest-django's own rule): such a test cannot run
# inside a module's transaction.
TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _runs_in_a_transaction(item: pytest.Item) -> bool:
    from pytest_django.plugin import validate_django_db

    if TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())):
        return False
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return True
    transaction_, reset_sequences, _databases, serialized_rollback, _apps = validate_django_db(
        marker
    )
    return not (transaction_ or reset_sequences or serialized_rollback)


def _world_is_shared(module_items: list[pytest.Item]) -> bool:
    """The module's world can be built once when every test of the module asks for the suite's
    `world` by name and runs in a transaction: each test then sees the rows it would have built
    itself, no more (a test without the world would see the world's rows), and what it writes
    is rolled back at its end (a transactional test would commit over the module's
    transaction)."""
    for item in module_items:
        fixtures = getattr(item, "_fixtureinfo", None)
        definitions = fixtures.name2fixturedefs.get("world") if fixtures else None
        # The module's own `world` (some modules define theirs) is not this one.
        if not definitions or definitions[-1].func.__module__ != __name__:
            return False
        if not _runs_in_a_transaction(item):
            return False
    return bool(module_items)


_ITEMS_BY_MODULE = pytest.StashKey[dict[Any, list[pytest.Item]]]()


def _items_by_module(session: pytest.Session) -> dict[Any, list[pytest.Item]]:
    """The run's tests grouped by module, once a run (each module looked through all of them)."""
    if _ITEMS_BY_MODULE not in session.stash:
        grouped: dict[Any, list[pytest.Item]] = {}
        for item in session.items:
            grouped.setdefault(getattr(item, "module", None), []).append(item)
        session.stash[_ITEMS_BY_MODULE] = grouped
    return session.stash[_ITEMS_BY_MODULE]


@pytest.fixture(scope="module", autouse=True)
def _module_world(request: pytest.FixtureRequest) -> Iterator[World | None]:
    """The `world`, built once for a module whose every test asks for it and runs in a
    transaction (`_world_is_shared`), as `once_per_module` does; `None` for other modules,
    whose tests build their own. Building it costs about 40 ms of CPU on SQLite (two bodies,
    their units with their audit entries, seven users), and many modules ask for it in every
    test."""
    module_items = _items_by_module(request.session).get(request.module, [])
    if not _world_is_shared(module_items):
        yield None
        return
    request.getfixturevalue("django_db_setup")
    yield from once_per_module(
        request.getfixturevalue("django_db_blocker"), lambda: module_world(request.module)
    )


@pytest.fixture
def world(request: pytest.FixtureRequest, db: None, _module_world: World | None) -> World:
    """Two bodies, a network and a user for every role (see `build_world`), with what the
    test's module adds (`module_world`). A copy of the module's world when it is shared (the
    rows are the same; the copy keeps what one test changes in memory from the next), a new
    one otherwise."""
    if _module_world is not None:
        return copy.deepcopy(_module_world)
    return module_world(request.module)


def module_world(module: Any) -> World:
    """The suite's world, then the module's `extend_world(world)` if it has one: the rows all
    its tests read (the PIAO report's people, say), built once with the world when the world
    is shared, so that no test pays for them again."""
    world = build_world()
    extend = getattr(module, "extend_world", None)
    if extend is not None:
        extend(world)
    return world


def build_world() -> World:
    a = build_body("A")
    b = build_body("B")
    network = NetworkFactory(coordinator=a.body)
    users = {
        "employee": UserFactory(email="employee@a.it"),
        "manager": UserFactory(email="manager@a.it"),
        "hr_admin": UserFactory(email="hr@a.it"),
        "observer": UserFactory(email="observer@a.it"),
        "coordinator": UserFactory(email="coordinator@a.it"),
        "platform_admin": UserFactory(email="admin@agilepa.it", is_superuser=True, is_staff=True),
        "nobody": UserFactory(email="nobody@example.it"),
    }
    a.employee_person.user = users["employee"]
    a.employee_person.save(update_fields=["user"])
    a.manager_person.user = users["manager"]
    a.manager_person.save(update_fields=["user"])
    grant(users["hr_admin"], RoleKind.HR_ADMIN, body=a.body)
    grant(users["observer"], RoleKind.OBSERVER, body=a.body)
    grant(users["coordinator"], RoleKind.NETWORK_COORDINATOR, network=network)
    return World(a=a, b=b, network=network, users=users)


def _user(request: pytest.FixtureRequest, role_or_user: str | User) -> User:
    """The user a test named: a role of the `world` (built only when a role is named), or the
    User itself."""
    if isinstance(role_or_user, User):
        return role_or_user
    world: World = request.getfixturevalue("world")
    return world.users[role_or_user]


@pytest.fixture
def client_as(request: pytest.FixtureRequest) -> Callable[..., Client]:
    """`client_as("hr_admin")` (a role of the `world`) or `client_as(user)`: a test Client with
    that user's session, as after a login; each call gives a new Client. Keyword arguments are
    the Client's default headers (`HTTP_ACCEPT_LANGUAGE="it"`).

    The world is built only when a role is named, so a test with its own users does not pay for
    it. Tests of the login itself (the form, the lockout, the second factor) log in by hand."""

    def make(role_or_user: str | User, **defaults: Any) -> Client:
        client = Client(**defaults)
        client.force_login(_user(request, role_or_user))
        return client

    return make


@pytest.fixture
def api_as(request: pytest.FixtureRequest) -> Callable[..., ApiClient]:
    """`api_as(role_or_user)`: an ApiClient authenticated with that user's session, as most API
    tests are. `api_as(role_or_user, token=True)` sends a personal access token instead
    (`Authorization: Bearer`, what a script uses), and `body=` limits that token to one body
    (it implies `token=True`); `scope=` gives a read-only token. Every call gives a new client.
    The world is built only when a role is named."""

    def make(
        role_or_user: str | User,
        body: Body | None = None,
        *,
        token: bool = False,
        scope: str | None = None,
        **defaults: Any,
    ) -> ApiClient:
        user = _user(request, role_or_user)
        if token or body is not None or scope is not None:
            limits: dict[str, Any] = {"body": body}
            if scope is not None:
                limits["scope"] = scope
            raw = ApiToken.issue(user, "test", **limits)[1]
            return ApiClient(HTTP_AUTHORIZATION=f"Bearer {raw}", **defaults)
        client = ApiClient(**defaults)
        client.force_login(user)
        return client

    return make


@pytest.fixture
def matrix(world):
    """The world plus a foreign network (coordinated by body b, with only b as a member),
    memberships of both bodies in the shared network, and a token of a foreign user."""
    return build_matrix(world)


def build_matrix(world: World) -> tuple[World, Ids, Ids]:
    foreign_network = NetworkFactory(coordinator=world.b.body, slug="foreign-net")
    own_membership = Membership.objects.create(
        network=world.network,
        body=world.a.body,
        applied_on="2026-01-10",
        status=MembershipStatus.APPLIED,
    )
    foreign_membership = Membership.objects.create(
        network=foreign_network,
        body=world.b.body,
        applied_on="2026-01-10",
        status=MembershipStatus.APPLIED,
    )
    own_role = grant(UserFactory(email="own.observer@a.it"), RoleKind.OBSERVER, body=world.a.body)
    foreign_role = grant(UserFactory(email="their.hr@b.it"), RoleKind.HR_ADMIN, body=world.b.body)
    stranger = world.users["nobody"]
    foreign_token, _ = ApiToken.issue(stranger, "foreign")
    own = {
        "body": world.a.body.slug,
        "unit_id": world.a.service.pk,
        "person_id": world.a.outsider.pk,
        "network": world.network.slug,
        "membership_id": own_membership.pk,
        "action": "activate",
        "role_id": own_role.pk,
        "token_id": ApiToken.issue(world.users["hr_admin"], "own")[0].pk,
        "batch_id": ImportBatch.objects.create(
            body=world.a.body, kind="people", filename="own.csv", content=b"x"
        ).pk,
    }
    foreign = {
        "body": world.b.body.slug,
        "unit_id": world.b.service.pk,
        "person_id": world.b.employee_person.pk,
        "network": foreign_network.slug,
        "membership_id": foreign_membership.pk,
        "action": "activate",
        "token_id": foreign_token.pk,
        "role_id": foreign_role.pk,
        "batch_id": ImportBatch.objects.create(
            body=world.b.body, kind="people", filename="foreign.csv", content=b"x"
        ).pk,
    }
    from tests.tenancy.extensions import EXTENSIONS

    for ext in EXTENSIONS:
        for side, ids in ((own, ext.ids(world, world.a)), (foreign, ext.ids(world, world.b))):
            # Two apps naming a path parameter alike would fill one app's routes with the other's
            # id, and which one won would depend on the ids the database handed out.
            taken = sorted(k for k in set(side) & set(ids) if side[k] != ids[k])
            assert not taken, f"{ext.__name__} gives another value to {taken}"
            side.update(ids)
    return world, Ids(own), Ids(foreign)


# Chromium for the browser tests of every folder: one Playwright session per test run (a second
# one in the same thread would fail).
@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make install` (Debian package chromium)")
    from playwright.sync_api import expect, sync_playwright

    # The page's actions wait up to 15 s (the `page` fixture); its assertions (`expect`) wait as
    # long: both suites, two workers each and their browsers share two cores, and a page can
    # take more than `expect`'s default 5 s to answer a click.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(request: pytest.FixtureRequest, browser, live_server, **options: Any) -> Any:
    """A page of a new browser context on the live server, in Italian. Every test starts from a
    new context, where the service worker would install again and fetch the whole static shell
    (sw.js): the worker is blocked, except for the tests marked `service_worker`, which test what
    it does."""
    allowed = request.node.get_closest_marker("service_worker") is not None
    defaults = {
        "base_url": live_server.url,
        "locale": "it-IT",
        "service_workers": "allow" if allowed else "block",
    }
    page = browser.new_context(**defaults | options).new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def page(request: pytest.FixtureRequest, browser, live_server) -> Iterator[object]:
    page = _new_page(request, browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def page_as(request: pytest.FixtureRequest, browser, live_server) -> Iterator[Callable[..., Any]]:
    """`page_as("hr_admin")` (a role of the `world`) or `page_as(user)`: a page of a new browser
    context holding that user's session, as after a login, on the live server; each call gives a
    new context, closed when the test ends (or before, by `page.context.close()`). Keyword
    arguments are the context's options (`viewport=...`).

    The login form is not opened: its page and the home it leads to were two page loads of each
    flow, about a third of a second of the browser's CPU each. The form is opened where the login
    is what a test is about (tests/e2e/test_shell.py `log_in`, tests/identity/)."""
    pages: list[Any] = []

    def make(role_or_user: str | User, **options: Any) -> Any:
        client = Client()
        client.force_login(_user(request, role_or_user))
        name = django_settings.SESSION_COOKIE_NAME
        page = _new_page(request, browser, live_server, **options)
        pages.append(page)
        page.context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
        )
        return page

    yield make
    for page in pages:
        page.context.close()
