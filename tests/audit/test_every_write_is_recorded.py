"""Every write route of the API and of the pages leaves an audit entry in the right chain, and
the writes the issue names (roles, people, targets, plan publication, tokens) leave an entry
that says which fields changed, before and after.

Routes are discovered through the tenancy matrix (tests/tenancy): a new write route is called
here as soon as its expectations are declared there."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from agilepa.agreements.models import AgreementStatus
from agilepa.audit.chain import seal, verify
from agilepa.audit.middleware import EXEMPT_API_PREFIXES, EXEMPT_ROUTES
from agilepa.audit.models import PLATFORM_CHAIN, AuditEntry
from agilepa.core.models import ApiToken, RoleAssignment
from agilepa.org.models import Body, Person
from agilepa.planning.models import PlanStatus
from tests.factories import (
    PASSWORD,
    make_agreement,
    make_planned_month,
    make_regulation,
    make_tax_code,
)
from tests.routes import site_routes
from tests.tenancy.test_matrix import (
    API_EXPECT,
    API_OTHER_USER,
    API_PUBLIC,
    API_UNSCOPED,
    SITE_EXPECT,
    api_call,
    api_routes,
)

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Who makes each call: the first role the matrix allows, in this order.
PREFERRED = ["hr_admin", "manager", "employee", "coordinator", "observer", "platform_admin"]


def caller(allowed: set[str]) -> str:
    return next(role for role in PREFERRED if role in allowed)


def last_id() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def written_since(mark: int):
    return AuditEntry.objects.filter(pk__gt=mark)


def expected_chain(template: str, own) -> int | None:
    """The body's chain for a body's route, the platform's for the caller's own things, and
    either for a network's route (the network's coordinator or the member body)."""
    if "{body}" in template or "<slug:body>" in template:
        return Body.objects.get(slug=own.values["body"]).pk
    if "/networks/" in template or "<slug:network>" in template:
        return None
    return PLATFORM_CHAIN


def test_every_successful_api_write_leaves_an_entry_in_its_chain(matrix, client_as) -> None:
    world, own, _foreign = matrix
    clients = {role: client_as(user) for role, user in world.users.items()}
    unrecorded, succeeded = [], 0
    for method, template in api_routes():
        key = f"{method} {template}"
        if method not in WRITES or key in API_PUBLIC or template.startswith(EXEMPT_API_PREFIXES):
            continue
        if key in API_UNSCOPED or key in API_OTHER_USER:
            role = "hr_admin"  # the owner of the own side's token
        else:
            role = caller(API_EXPECT[key])
        mark = last_id()
        response = api_call(clients[role], method, template, own)
        if response.status_code >= 400:
            continue
        succeeded += 1
        entries = written_since(mark)
        chain = expected_chain(template, own)
        if chain is not None:
            entries = entries.filter(chain=chain)
        if not entries.exists():
            unrecorded.append(f"{role} {key} -> {response.status_code}")
    assert not unrecorded, f"writes that left no audit entry: {unrecorded}"
    assert succeeded >= 40, f"only {succeeded} API writes succeeded: the walk proves little"


def test_every_successful_page_write_leaves_an_entry_in_its_chain(matrix, client_as) -> None:
    world, own, _foreign = matrix
    clients = {role: client_as(user) for role, user in world.users.items()}
    unrecorded, succeeded = [], 0
    for template, name in site_routes():
        if name not in SITE_EXPECT or name in EXEMPT_ROUTES:
            continue
        method, allowed = SITE_EXPECT[name]
        if method != "post":
            continue
        role = caller(allowed)
        mark = last_id()
        response = clients[role].post("/" + own.fill(template))
        if response.status_code >= 400:
            continue
        succeeded += 1
        entries = written_since(mark)
        chain = expected_chain(template, own)
        if chain is not None:
            entries = entries.filter(chain=chain)
        if not entries.exists():
            unrecorded.append(f"{role} POST {name} -> {response.status_code}")
    assert not unrecorded, f"page writes that left no audit entry: {unrecorded}"
    assert succeeded >= 10, f"only {succeeded} page writes succeeded: the walk proves little"


def only(mark: int, action: str) -> AuditEntry:
    entries = list(written_since(mark).filter(action=action))
    assert len(entries) == 1, [e.action for e in written_since(mark)]
    return entries[0]


def call(client: Client, method: str, url: str, payload: dict | None = None):
    return client.generic(
        method, url, data=json.dumps(payload or {}), content_type="application/json"
    )


def test_a_role_granted_and_revoked_leaves_both_entries_with_the_role(matrix, client_as) -> None:
    world, _own, _foreign = matrix
    hr = client_as(world.users["hr_admin"])
    body = world.a.body
    mark = last_id()
    response = call(
        hr, "POST", f"/api/v1/bodies/{body.slug}/roles", {"email": "new@a.it", "kind": "observer"}
    )
    assert response.status_code == 201, response.content
    granted = only(mark, "role.grant")
    role = RoleAssignment.objects.get(user__email="new@a.it")
    assert granted.chain == body.pk
    assert granted.object_id == str(role.pk)
    assert granted.changes["kind"] == [None, "observer"]
    assert granted.changes["body"] == [None, body.pk]
    assert granted.actor == world.users["hr_admin"]

    mark = last_id()
    response = call(hr, "DELETE", f"/api/v1/bodies/{body.slug}/roles/{role.pk}")
    assert response.status_code == 204
    assert not RoleAssignment.objects.filter(pk=role.pk).exists()
    revoked = only(mark, "role.revoke")
    assert revoked.object_id == str(role.pk)
    assert revoked.changes["kind"] == ["observer", None]
    assert revoked.changes["user"] == [role.user_id, None]


def test_a_manager_role_names_the_person_it_was_given_to(matrix, client_as) -> None:
    world, _own, _foreign = matrix
    person = world.a.employee_person
    mark = last_id()
    response = client_as(world.users["hr_admin"]).post(
        f"/b/{world.a.body.slug}/roles/",
        {"email": world.users["employee"].email, "kind": "manager", "unit": world.a.service.pk},
    )
    assert response.status_code < 400
    entry = only(mark, "role.grant")
    assert entry.person_id == person.pk
    assert entry.changes["unit"] == [None, world.a.service.pk]


def test_hr_edits_to_a_person_are_recorded_field_by_field_for_the_person_to_see(
    matrix, client_as
) -> None:
    world, _own, _foreign = matrix
    hr = client_as(world.users["hr_admin"])
    base = f"/api/v1/bodies/{world.a.body.slug}/people"
    mark = last_id()
    payload = {
        "employee_number": "AUD001",
        "first_name": "Anna",
        "last_name": "Nuova",
        "tax_code": make_tax_code(88888),
        "unit_id": world.a.service.pk,
    }
    response = call(hr, "POST", base, payload)
    assert response.status_code == 201, response.content
    person = Person.objects.get(body=world.a.body, employee_number="AUD001")
    created = only(mark, "person.create")
    assert created.person_id == person.pk
    assert created.changes["first_name"] == [None, "Anna"]

    mark = last_id()
    response = call(hr, "PATCH", f"{base}/{person.pk}", {"first_name": "Annalisa"})
    assert response.status_code == 200, response.content
    updated = only(mark, "person.update")
    assert updated.changes == {"first_name": ["Anna", "Annalisa"]}
    assert updated.person_id == person.pk

    mark = last_id()
    response = call(hr, "POST", f"{base}/{person.pk}/end", {"ended_on": "2026-06-30"})
    assert response.status_code == 200, response.content
    ended = only(mark, "person.end")
    assert ended.changes == {"is_active": [True, False], "ended_on": [None, "2026-06-30"]}


def test_an_indicator_target_overwritten_keeps_its_old_values_in_the_trail(
    matrix, client_as
) -> None:
    world, _own, _foreign = matrix
    hr = client_as(world.users["hr_admin"])
    url = f"/api/v1/bodies/{world.a.body.slug}/indicators/targets"
    payload = {"code": "IMP_AGILE_DAYS", "plan_year": 2030}
    first = {**payload, "target_1": "10", "target_2": "20", "target_3": "30"}
    assert call(hr, "PUT", url, first).status_code == 200
    mark = last_id()
    second = {**payload, "target_1": "15", "target_2": "20", "target_3": "30"}
    response = call(hr, "PUT", url, second)
    assert response.status_code == 200, response.content
    entry = only(mark, "indicator.target")
    assert entry.changes == {"target_1": ["10.00", "15.00"]}


def test_a_token_created_and_revoked_is_recorded_without_its_value(matrix, client_as) -> None:
    world, _own, _foreign = matrix
    client = client_as(world.users["employee"])
    mark = last_id()
    response = call(client, "POST", "/api/v1/tokens", {"name": "script", "password": PASSWORD})
    assert response.status_code == 201, response.content
    raw = response.json()["token"]
    created = only(mark, "token.create")
    token = ApiToken.objects.get(name="script")
    assert created.object_id == str(token.pk)
    assert created.chain == PLATFORM_CHAIN
    assert created.changes["name"] == [None, "script"]
    assert raw not in json.dumps(created.changes) and raw not in created.object_label
    assert token.token_hash not in json.dumps(created.changes)

    mark = last_id()
    assert call(client, "DELETE", f"/api/v1/tokens/{token.pk}").status_code == 204
    revoked = only(mark, "token.revoke")
    assert revoked.changes["revoked_at"][0] is None
    assert revoked.changes["revoked_at"][1]


@pytest.fixture
def planned(world):
    """March 2027 planned for body A's Area (as tests/planning/test_plan_pages.py)."""
    make_regulation(world.a.body)
    make_agreement(world.a.employee_person, status=AgreementStatus.ACTIVE, weekdays=[0, 3])
    make_agreement(world.a.colleague, status=AgreementStatus.ACTIVE, weekdays=[1, 4])
    plan = make_planned_month(world.a)
    return world, plan


def test_a_plan_published_names_who_published_it_on_the_plan_and_in_the_trail(
    planned, client_as
) -> None:
    world, plan = planned
    manager = world.users["manager"]
    start = last_id()
    client = client_as(manager)
    response = client.post(f"/b/{world.a.body.slug}/planning/{plan.pk}/publish/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert plan.published_by == manager
    entry = only(start, "plan.publish")
    assert entry.actor == manager
    assert entry.chain == world.a.body.pk
    assert entry.changes["status"] == [PlanStatus.READY, PlanStatus.PUBLISHED]
    assert entry.changes["published_by"] == [None, manager.pk]


def test_an_hr_import_records_one_entry_per_person_created_changed_or_ended(world) -> None:
    from tests.org.test_import_people import TODAY, csv_file, do_import, person

    start = last_id()
    assert do_import(world, csv_file([person(1), person(2)])).applied
    created = written_since(start).filter(action="person.create")
    assert created.count() == 2
    first = Person.objects.get(body=world.a.body, employee_number="N00001")
    entry = created.get(person=first)
    assert entry.chain == world.a.body.pk
    assert entry.changes["last_name"] == [None, "Cognomè1"]
    assert only(start, "import.people").changes == {"created": 2, "updated": 0, "ended": 0}

    start = last_id()
    content = csv_file([person(1, cognome="Rinominata")])
    assert do_import(world, content, full_export=True).applied
    updated = only(start, "person.update")
    assert updated.person_id == first.pk
    assert updated.changes == {"last_name": ["Cognomè1", "Rinominata"]}
    second = Person.objects.get(body=world.a.body, employee_number="N00002")
    ended = written_since(start).get(action="person.end", person=second)
    assert ended.changes == {"is_active": [True, False], "ended_on": [None, TODAY.isoformat()]}
    # Every entry of the import shares its actor, time and request: one act, many people.
    assert len({(e.actor_label, e.at, e.request_id) for e in written_since(start)}) == 1
    # Written in batches beside the ORM, they seal and verify like any other entry.
    seal()
    assert all(not state.problems for state in verify([world.a.body.pk]))
    assert not AuditEntry.objects.filter(chain=world.a.body.pk, hash="").exists()


def test_special_categories_are_recorded_as_changed_never_their_content(world, client_as) -> None:
    """A derogation's reason and an agreement's priorities and L. 68 status (art. 9 GDPR)."""
    make_regulation(world.a.body)
    agreement = make_agreement(world.a.employee_person, status=AgreementStatus.ACTIVE)
    client = client_as("employee")
    base = f"/api/v1/bodies/{world.a.body.slug}/agreements/{agreement.pk}/derogation"
    reason = "Terapia oncologica del figlio"
    start = last_id()
    response = call(
        client, "POST", base, {"days_per_month": 12, "reason": reason, "review_on": "2031-01-31"}
    )
    assert response.status_code == 201, response.content
    requested = only(start, "derogation.request")
    assert requested.changes["reason"] == "changed"
    assert requested.person_id == world.a.employee_person.pk

    start = last_id()
    assert client_as("hr_admin").get(base).status_code == 200
    read = only(start, "agreement.special_read")
    assert read.actor == world.users["hr_admin"]

    draft = make_agreement(world.a.colleague)
    start = last_id()
    response = call(
        client_as("hr_admin"),
        "PATCH",
        f"/api/v1/bodies/{world.a.body.slug}/agreements/{draft.pk}",
        {"disabled_l68": True, "priorities": ["caregiver"]},
    )
    assert response.status_code == 200, response.content
    edited = only(start, "agreement.update")
    assert edited.changes["disabled_l68"] == "changed"
    assert edited.changes["priorities"] == "changed"
    everything = json.dumps([e.changes for e in AuditEntry.objects.all()])
    assert "oncologica" not in everything and "caregiver" not in everything
