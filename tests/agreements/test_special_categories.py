"""Special categories of personal data (art. 9 GDPR) on an agreement: the priority categories
of L. 81/2017 art. 18 c. 3-bis and the L. 68/1999 status. Only the person, HR and the manager
deciding the request see them; every read by HR or a manager is in the audit trail; nobody
else finds them, or a label that reveals them, in a page, the API, a document, an export or
the planner's outputs."""

from __future__ import annotations

import io
import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from agilepa.agreements.models import AgreementStatus, PresenceDerogation
from agilepa.audit.models import AuditEntry
from tests.factories import (
    PersonFactory,
    UserFactory,
    api_token_for,
    make_agreement,
    make_planned_month,
)

S = AgreementStatus
READ = "agreement.special_read"
# The values and every label that would reveal them, in English and in Italian.
REVEALING = re.compile(
    r"disabled_child|severe_disability|caregiver|disabled_l68|L\. ?68|68/1999|L\. ?104"
    r"|L\. ?205|disabilit|disabil|child with|figli|fragil|priority by law|priorità per legge",
    re.IGNORECASE,
)


@pytest.fixture
def people(body_a):
    """Users for every viewer: the person (employee) and, besides the world's roles, a
    colleague in the same unit, the head of another area and an employee of that area."""
    a = body_a.a
    colleague_user = UserFactory(email="colleague@a.it")
    a.colleague.user = colleague_user
    a.colleague.save(update_fields=["user"])
    other_head = PersonFactory(body=a.body, unit=a.other_area, user=UserFactory(email="oh@a.it"))
    a.other_area.head = other_head
    a.other_area.save(update_fields=["head"])
    a.outsider.user = UserFactory(email="outsider@a.it")
    a.outsider.save(update_fields=["user"])
    users = dict(body_a.users)
    users["colleague"] = colleague_user
    users["unrelated_manager"] = other_head.user
    users["other_unit_employee"] = a.outsider.user
    return body_a, users


def special_agreement(world, status: str, **overrides):
    return make_agreement(
        world.a.employee_person,
        status=status,
        priorities=["disabled_child", "caregiver"],
        disabled_l68=True,
        **{"notice_days": 90, **overrides},
    )


def text_of(response) -> str:
    """What a reader finds in a response: a page, JSON, a PDF's text, a workbook's cells."""
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in kind:
        done = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
        )
        return done.stdout.decode()
    if "json" in kind:
        return json.dumps(without_special_keys(json.loads(content)))
    if "spreadsheet" in kind:
        book = load_workbook(io.BytesIO(content), read_only=True)
        cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
        return " ".join(c for c in cells if c != "None")
    return content.decode()


def without_special_keys(data):
    """The API's data with its special-category fields taken out once they are checked null:
    their names are the schema's, not a value."""
    if isinstance(data, list):
        return [without_special_keys(item) for item in data]
    if isinstance(data, dict):
        for key in ("priorities", "disabled_l68"):
            assert data.get(key) is None, f"{key}: {data[key]!r}"
        return {
            k: without_special_keys(v)
            for k, v in data.items()
            if k not in {"priorities", "disabled_l68"}
        }
    return data


def assert_nothing_revealed(response) -> None:
    if response.status_code != 200:
        assert response.status_code in {302, 403, 404}, response.status_code
        return
    found = REVEALING.search(text_of(response))
    assert found is None, f"{response.request['PATH_INFO']} shows {found.group(0)!r}"


OTHERS = ["colleague", "unrelated_manager", "observer", "coordinator", "other_unit_employee"]


def pages_of(world, agreement) -> list[str]:
    slug = world.a.body.slug
    b = f"/b/{slug}"
    return [
        f"{b}/agreements/{agreement.pk}/",
        f"{b}/agreements/{agreement.pk}/edit/",
        f"{b}/agreements/{agreement.pk}/derogation/",
        f"{b}/agreements/",
        f"{b}/agreements/mine/",
        f"{b}/agreements/inbox/",
        f"{b}/agreements/dashboard/",
        f"{b}/agreements/contract-change/",
        f"{b}/agreements/communications/",
        f"{b}/agreements/communications/export.csv",
        f"{b}/agreements/communications/export.xlsx",
        f"{b}/people/{agreement.person_id}/",
        f"{b}/my-month/",
        f"{b}/planning/",
        f"/networks/{world.network.slug}/",
        f"/networks/{world.network.slug}/indicators/",
        f"/b/{slug}/indicators/",
    ]


def api_paths_of(world, agreement) -> list[str]:
    base = f"/api/v1/bodies/{world.a.body.slug}/agreements"
    return [
        base,
        f"{base}?person_id={agreement.person_id}",
        f"{base}/{agreement.pk}",
        f"{base}/{agreement.pk}/transitions",
        f"{base}/{agreement.pk}/document",
        f"{base}/{agreement.pk}/derogation",
    ]


def document_url(world, agreement) -> str:
    from django.urls import reverse

    return reverse(
        "agreements:document", kwargs={"body": world.a.body.slug, "agreement_id": agreement.pk}
    )


def test_the_attacked_addresses_exist(people, client_as, api_as) -> None:
    """A wrong address answers 404 and would let the attacks below pass without attacking."""
    world, users = people
    agreement = special_agreement(world, S.SUBMITTED)
    PresenceDerogation.objects.create(
        agreement=agreement, days_per_month=12, reason="Terapia", review_on=date(2099, 12, 31)
    )
    hr, coordinator = client_as(users["hr_admin"]), client_as(users["coordinator"])
    for url in [*pages_of(world, agreement), document_url(world, agreement)]:
        viewer = coordinator if url.startswith("/networks/") else hr
        assert viewer.get(url).status_code in {200, 302}, url  # a submitted request: no edit
    for path in api_paths_of(world, agreement):
        assert api_as(users["hr_admin"], token=True).get(path).status_code == 200, path


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ACTIVE])
@pytest.mark.parametrize("role", OTHERS)
def test_no_other_viewer_finds_the_special_categories_in_a_page(
    people, role, status, client_as
) -> None:
    world, users = people
    agreement = special_agreement(world, status)
    PresenceDerogation.objects.create(
        agreement=agreement, days_per_month=12, reason="Terapia", review_on=date(2099, 12, 31)
    )
    client = client_as(users[role])
    urls = [*pages_of(world, agreement), document_url(world, agreement)]
    for url in urls:
        assert_nothing_revealed(client.get(url))
    assert not AuditEntry.objects.filter(action=READ).exists()


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ACTIVE])
@pytest.mark.parametrize("role", OTHERS)
def test_no_other_viewer_finds_the_special_categories_in_the_api(
    people, role, status, api_as
) -> None:
    world, users = people
    agreement = special_agreement(world, status)
    for path in api_paths_of(world, agreement):
        assert_nothing_revealed(api_as(users[role], token=True).get(path))
    assert not AuditEntry.objects.filter(action=READ).exists()


def test_a_manager_above_the_person_no_longer_reads_them_once_the_request_is_decided(
    people,
    client_as,
    api_as,
) -> None:
    world, users = people
    agreement = special_agreement(world, S.ACTIVE)
    client = client_as(users["manager"])
    page = client.get(f"/b/{world.a.body.slug}/agreements/{agreement.pk}/")
    assert page.status_code == 200
    assert world.a.employee_person.full_name in page.content.decode()
    assert_nothing_revealed(page)
    assert_nothing_revealed(client.get(document_url(world, agreement)))
    base = f"/api/v1/bodies/{world.a.body.slug}/agreements"
    one = api_as(users["manager"], token=True).get(f"{base}/{agreement.pk}")
    assert one.status_code == 200
    assert one.json()["priorities"] is None
    assert one.json()["disabled_l68"] is None
    listed = api_as(users["manager"], token=True).get(base).json()["items"]
    assert [row["id"] for row in listed] == [agreement.pk]
    assert listed[0]["priorities"] is None and listed[0]["disabled_l68"] is None
    assert not AuditEntry.objects.filter(action=READ).exists()


def test_a_manager_does_not_read_them_on_a_draft_not_yet_theirs_to_decide(
    people, client_as
) -> None:
    world, users = people
    agreement = special_agreement(world, S.DRAFT)
    page = client_as(users["manager"]).get(f"/b/{world.a.body.slug}/agreements/{agreement.pk}/")
    assert page.status_code == 200
    assert_nothing_revealed(page)


@pytest.mark.parametrize("role", ["hr_admin", "platform_admin", "manager"])
def test_hr_and_the_deciding_manager_read_them_and_the_read_is_recorded(
    people, role, client_as
) -> None:
    world, users = people
    agreement = special_agreement(world, S.SUBMITTED)
    page = client_as(users[role]).get(f"/b/{world.a.body.slug}/agreements/{agreement.pk}/")
    text = page.content.decode()
    assert "child with disability (L. 104/1992 art. 3 c. 3)" in text
    assert "caregiver (L. 205/2017 art. 1 c. 255)" in text
    assert "Worker with disability (L. 68/1999)" in text
    entry = AuditEntry.objects.get(action=READ)
    assert entry.actor_id == users[role].pk
    assert entry.person_id == world.a.employee_person.pk
    assert entry.object_id == str(agreement.pk)
    assert entry.changes == {"fields": ["disabled_l68", "priorities"]}
    assert "caregiver" not in str(entry.changes)


@pytest.mark.parametrize("role", ["hr_admin", "manager"])
def test_the_api_gives_them_to_hr_and_the_deciding_manager_recorded(people, role, api_as) -> None:
    world, users = people
    agreement = special_agreement(world, S.SUBMITTED)
    base = f"/api/v1/bodies/{world.a.body.slug}/agreements"
    one = api_as(users[role], token=True).get(f"{base}/{agreement.pk}").json()
    assert one["priorities"] == ["disabled_child", "caregiver"]
    assert one["disabled_l68"] is True
    assert AuditEntry.objects.filter(action=READ, object_id=str(agreement.pk)).count() == 1
    # A list is never the way to them, not even for HR.
    listed = api_as(users[role], token=True).get(base).json()["items"]
    assert all(row["priorities"] is None and row["disabled_l68"] is None for row in listed)
    assert AuditEntry.objects.filter(action=READ).count() == 1


def test_the_deciding_manager_gets_no_values_back_from_the_decision(people, api_as) -> None:
    world, users = people
    agreement = special_agreement(world, S.SUBMITTED)
    path = f"/api/v1/bodies/{world.a.body.slug}/agreements/{agreement.pk}/approve"
    client = Client()
    token = api_token_for(users["manager"])
    approved = client.post(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == S.APPROVED
    assert approved.json()["priorities"] is None
    assert_nothing_revealed(
        api_as(users["manager"], token=True).get(
            f"/api/v1/bodies/{world.a.body.slug}/agreements/{agreement.pk}"
        )
    )


def test_the_person_reads_their_own_without_an_audit_entry(people, client_as, api_as) -> None:
    world, users = people
    agreement = special_agreement(world, S.ACTIVE)
    page = client_as(users["employee"]).get(f"/b/{world.a.body.slug}/agreements/{agreement.pk}/")
    assert "Worker with disability (L. 68/1999)" in page.content.decode()
    base = f"/api/v1/bodies/{world.a.body.slug}/agreements"
    assert (
        api_as(users["employee"], token=True).get(base).json()["items"][0]["disabled_l68"] is True
    )
    assert api_as(users["employee"], token=True).get(f"{base}/{agreement.pk}").json()[
        "priorities"
    ] == [
        "disabled_child",
        "caregiver",
    ]
    assert "L. 68/1999" in text_of(client_as(users["employee"]).get(document_url(world, agreement)))
    assert not AuditEntry.objects.filter(action=READ).exists()


def test_the_document_prints_the_l68_status_for_hr_only_recorded(people, client_as) -> None:
    world, users = people
    agreement = special_agreement(world, S.ACTIVE)
    text = " ".join(
        text_of(client_as(users["hr_admin"]).get(document_url(world, agreement))).split()
    )
    assert "lavoratore disabile ai sensi della L. 68/1999" in text
    entry = AuditEntry.objects.get(action=READ)
    assert entry.changes == {"fields": ["disabled_l68"]}
    manager_copy = client_as(users["manager"]).get(document_url(world, agreement))
    assert manager_copy.status_code == 200
    assert "68/1999" not in text_of(manager_copy)


def test_the_inbox_shows_the_rank_reason_to_its_deciders_each_row_recorded(
    people, client_as
) -> None:
    world, users = people
    agreement = special_agreement(world, S.SUBMITTED)
    url = f"/b/{world.a.body.slug}/agreements/inbox/"
    html = client_as(users["manager"]).get(url).content.decode()
    assert "child with disability" in html
    assert AuditEntry.objects.get(action=READ).changes == {"fields": ["priorities"]}
    assert_nothing_revealed(client_as(users["unrelated_manager"]).get(url))
    assert AuditEntry.objects.filter(action=READ, object_id=str(agreement.pk)).count() == 1


def test_hr_editing_the_draft_reads_them_recorded(people, client_as) -> None:
    world, users = people
    agreement = special_agreement(world, S.DRAFT)
    url = f"/b/{world.a.body.slug}/agreements/{agreement.pk}/edit/"
    assert client_as(users["hr_admin"]).get(url).status_code == 200
    assert AuditEntry.objects.filter(action=READ, actor=users["hr_admin"]).count() == 1
    assert client_as(users["manager"]).get(url).status_code == 403


def test_a_read_of_the_derogation_reason_by_hr_is_in_the_audit_trail(people, api_as) -> None:
    world, users = people
    agreement = special_agreement(world, S.ACTIVE)
    PresenceDerogation.objects.create(
        agreement=agreement,
        days_per_month=12,
        reason="Terapia salvavita",
        review_on=date(2099, 12, 31),
    )
    path = f"/api/v1/bodies/{world.a.body.slug}/agreements/{agreement.pk}/derogation"
    assert api_as(users["hr_admin"], token=True).get(path).json()["reason"] == "Terapia salvavita"
    entry = AuditEntry.objects.get(action=READ)
    assert entry.changes == {"fields": ["derogation_reason"]}
    assert "Terapia" not in str(entry.changes)
    api_as(users["employee"], token=True).get(path)
    assert AuditEntry.objects.filter(action=READ).count() == 1


@pytest.fixture
def published(people):
    """March 2027 planned and published for the Area, the person with priorities and L. 68."""
    from agilepa.core.access import resolve_access
    from agilepa.planning.services import publish

    world, users = people
    special_agreement(world, S.ACTIVE, weekdays=[0, 3])
    make_agreement(world.a.colleague, status=S.ACTIVE, weekdays=[1, 4])
    plan = make_planned_month(world.a)
    plan.refresh_from_db()
    publish(resolve_access(users["hr_admin"], world.a.body), plan)
    return world, users, plan


@pytest.mark.parametrize("role", ["manager", "colleague", "hr_admin", "unrelated_manager"])
def test_the_planners_outputs_carry_no_special_category(published, role, client_as) -> None:
    world, users, plan = published
    client = client_as(users[role])
    b = f"/b/{world.a.body.slug}"
    for url in [
        f"{b}/planning/",
        f"{b}/planning/{plan.pk}/",
        f"{b}/planning/{plan.pk}/plan.xlsx",
        f"{b}/my-month/?year=2027&month=3",
    ]:
        assert_nothing_revealed(client.get(url))
    grid = client.get(f"{b}/my-month/?year=2027&month=3").content.decode()
    if role == "colleague":  # the colleague sees the person's days, and nothing more
        assert world.a.employee_person.last_name in grid


SRC = Path(__file__).resolve().parents[2] / "src" / "agilepa"
# Apps that count or plan people: none reads the special categories, so no indicator, open
# data, benchmark or plan counts priority or L. 68 people. One that starts to must release
# its figures through core/disclosure.py (threshold and complementary suppression), and this
# test is where that is decided.
COUNTING_APPS = ["indicators", "planning", "measurement", "objectives", "surveys", "spaces"]


@pytest.mark.parametrize("app", [*COUNTING_APPS, "org", "events", "awards", "community", "core"])
def test_no_indicator_or_plan_reads_the_special_categories(app) -> None:
    readers = []
    for path in (SRC / app).rglob("*"):
        if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"disabled_l68|\.priorities\b|[\"']priorities[\"']", text):
            readers.append(str(path.relative_to(SRC)))
    assert readers == []


def test_a_decision_that_answers_with_the_reason_records_the_read_and_the_write(people) -> None:
    world, users = people
    agreement = special_agreement(world, S.SUBMITTED)
    PresenceDerogation.objects.create(
        agreement=agreement, days_per_month=12, reason="Terapia", review_on=date(2099, 12, 31)
    )
    path = f"/api/v1/bodies/{world.a.body.slug}/agreements/{agreement.pk}/derogation/decide"
    token = api_token_for(users["manager"])
    start = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    decided = Client().post(
        path,
        {"grant": False},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["reason"] == "Terapia"
    actions = sorted(AuditEntry.objects.filter(pk__gt=start).values_list("action", flat=True))
    assert actions == [READ, "derogation.decide"]  # the read does not stand in for the write
