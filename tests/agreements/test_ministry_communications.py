"""The communication to the Ministry of Labour (L. 81/2017 art. 23 c. 1, DM 149/2022, the
5-day term of L. 203/2024): each start, change, extension and end of an agreement makes one
due; HR sees it due, late or sent, records the portal's receipt, exports the due ones in the
portal's bulk format and is reminded before the term."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from agilepa.agreements import communications, rules, services
from agilepa.agreements.models import AgreementStatus, MinistryCommunication
from agilepa.core.access import PermissionDeniedForRole, resolve_access
from tests.factories import make_agreement

S = AgreementStatus


def test_the_term_is_five_calendar_days_from_the_event() -> None:
    change = date(2027, 3, 10)
    due = rules.communication_due_on(change)
    assert due == date(2027, 3, 15)
    assert rules.communication_state(due, None, date(2027, 3, 15)) == "due"
    assert rules.communication_state(due, None, date(2027, 3, 16)) == "late"
    assert rules.communication_state(due, date(2027, 3, 17), date(2027, 3, 20)) == "sent"
    # Across the end of February: calendar days, whatever the month.
    assert rules.communication_due_on(date(2028, 2, 26)) == date(2028, 3, 2)


def test_the_sources_say_which_reference_is_verified() -> None:
    law, term, decree = rules.COMMUNICATION_SOURCES
    assert law.text == "L. 81/2017 art. 23 c. 1" and law.verified
    assert term.text.startswith("L. 13 dicembre 2024 n. 203") and not term.verified
    assert decree.verified


@pytest.fixture
def setup(body_a, django_capture_on_commit_callbacks):
    world = body_a
    access = {role: resolve_access(world.users[role], world.a.body) for role in world.users}
    return world, access


def test_a_change_is_due_on_the_fifth_day_and_late_on_the_sixth(setup) -> None:
    world, access = setup
    agreement = make_agreement(world.a.employee_person, status=S.ACTIVE, end_date=date(2099, 6, 30))
    changed_on = date(2026, 12, 2)
    services.change_end_date(access["hr_admin"], agreement, date(2099, 3, 31), today=changed_on)
    [communication] = MinistryCommunication.objects.filter(agreement=agreement)
    assert communication.event == "change"
    assert communication.due_on == date(2026, 12, 7)
    assert communication.state(date(2026, 12, 7)) == "due"
    assert communication.state(date(2026, 12, 8)) == "late"
    assert communication.period_end == date(2099, 3, 31)
    later = services.change_end_date(access["hr_admin"], agreement, None, today=changed_on)
    assert later.end_date is None
    assert MinistryCommunication.objects.filter(agreement=agreement).last().event == "extension"


def test_only_hr_changes_the_end_of_a_signed_agreement(setup) -> None:
    world, access = setup
    agreement = make_agreement(world.a.employee_person, status=S.ACTIVE)
    with pytest.raises(PermissionDeniedForRole):
        services.change_end_date(access["manager"], agreement, date(2099, 1, 1))
    assert not MinistryCommunication.objects.exists()


def test_countersigning_withdrawing_and_renewing_make_their_communications(setup) -> None:
    world, access = setup
    agreement = make_agreement(world.a.employee_person, status=S.APPROVED)
    services.countersign(access["hr_admin"], agreement, today=date(2026, 2, 20))
    start = MinistryCommunication.objects.get(agreement=agreement)
    assert (start.event, start.event_date, start.due_on) == (
        "start",
        date(2026, 3, 1),
        date(2026, 3, 6),
    )
    services.activate(access["hr_admin"], agreement, today=date(2026, 3, 1))
    services.withdraw(access["hr_admin"], agreement, "Riorganizzazione", today=date(2026, 4, 1))
    end = MinistryCommunication.objects.filter(agreement=agreement, event="end").get()
    assert end.event_date == date(2026, 4, 1)
    assert end.period_end == agreement.withdrawal_effective_on


def test_a_renewal_without_a_gap_is_an_extension(setup) -> None:
    world, access = setup
    old = make_agreement(
        world.a.employee_person,
        status=S.EXPIRED,
        start_date=date(2026, 3, 1),
        end_date=date(2026, 8, 31),
    )
    renewal = make_agreement(
        world.a.employee_person,
        status=S.APPROVED,
        start_date=date(2026, 9, 1),
        end_date=date(2027, 2, 28),
        previous=old,
    )
    services.countersign(access["hr_admin"], renewal, today=date(2026, 8, 20))
    communication = MinistryCommunication.objects.get(agreement=renewal)
    assert (communication.event, communication.event_date) == ("extension", date(2026, 8, 20))


def test_remote_work_agreements_are_communicated_too(setup) -> None:
    world, access = setup
    from tests.factories import make_regulation

    make_regulation(world.a.body, office_hours_start=time(8), office_hours_end=time(14), version=2)
    agreement = make_agreement(
        world.a.employee_person,
        status=S.APPROVED,
        kind="remote",
        work_hours_start=time(8),
        work_hours_end=time(14),
        fixed_place="Via Roma 1, Bologna",
    )
    services.countersign(access["hr_admin"], agreement, today=date(2026, 2, 20))
    assert MinistryCommunication.objects.get(agreement=agreement).event == "start"


@pytest.fixture
def three(setup):
    """A late, a due and a sent communication, seen on 10 March 2026."""
    world, access = setup
    agreements = [
        make_agreement(p, status=S.ACTIVE)
        for p in (world.a.employee_person, world.a.colleague, world.a.outsider)
    ]
    late = communications.record_event(agreements[0], "start", date(2026, 3, 1))
    due = communications.record_event(agreements[1], "start", date(2026, 3, 8))
    sent = communications.record_event(agreements[2], "start", date(2026, 3, 1))
    sent.sent_on, sent.receipt_number = date(2026, 3, 3), "LA-2026-0001"
    sent.save()
    return world, access, late, due, sent


def test_hr_sees_what_is_due_late_and_sent_and_records_the_receipt(three, client) -> None:
    world, access, late, due, sent = three
    board = communications.board(access["hr_admin"], today=date(2026, 3, 10))
    assert (board.late, board.due, board.sent) == ([late], [due], [sent])
    client.force_login(world.users["hr_admin"])
    url = f"/b/{world.a.body.slug}/agreements/communications/"
    html = client.get(url).content.decode()
    assert f'data-communication="{late.pk}"' in html and "LA-2026-0001" in html
    assert "to verify" in html
    response = client.post(f"{url}{late.pk}/sent/", {"receipt_number": "LA-2026-0002"})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.receipt_number == "LA-2026-0002" and late.sent_on is not None
    empty = client.post(f"{url}{due.pk}/sent/", {"receipt_number": " "})
    assert "Copy the receipt number" in client.get(empty["Location"]).content.decode()
    employee = Client()
    employee.force_login(world.users["employee"])
    assert employee.get(url).status_code == 403


def test_the_export_lists_the_due_communications_in_the_portal_columns(three, client) -> None:
    world, _access, late, due, _sent = three
    client.force_login(world.users["hr_admin"])
    base = f"/b/{world.a.body.slug}/agreements/communications/"
    text = client.get(base + "export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [c.header for c in communications.COLUMNS]
    assert [r[2] for r in rows[1:]] == [
        late.agreement.person.tax_code,
        due.agreement.person.tax_code,
    ]
    assert rows[1][0] == "INIZIO" and rows[1][13] == "01/03/2026"
    book = load_workbook(io.BytesIO(client.get(base + "export.xlsx").content))
    assert book["Comunicazioni"].max_row == 3
    notes = [row[2] for row in book["Note"].iter_rows(min_row=2, values_only=True)]
    assert set(notes) == {"to verify"}
    assert client.get(base + "export.pdf").status_code == 404


def test_hr_is_reminded_two_days_before_the_term_on_its_last_day_and_when_late(setup) -> None:
    world, _access = setup
    agreement = make_agreement(world.a.employee_person, status=S.ACTIVE)
    communication = communications.record_event(agreement, "start", date(2026, 3, 2))
    assert communication.due_on == date(2026, 3, 7)
    for day, expected in (
        (date(2026, 3, 4), 0),
        (date(2026, 3, 5), 1),
        (date(2026, 3, 6), 0),
        (date(2026, 3, 7), 1),
        (date(2026, 3, 8), 1),
    ):
        mail.outbox.clear()
        report = services.run_daily(day)
        assert report.communications_reminded == expected, day
        assert len(mail.outbox) == expected, day
    assert mail.outbox[0].to == ["hr@a.it"]
    assert "07/03/2026" in mail.outbox[0].subject
    assert services.run_daily(date(2026, 3, 8)).communications_reminded == 0  # once a day


def test_the_export_keeps_a_name_that_looks_like_a_formula_as_text(three, client) -> None:
    world, _access, late, _due, _sent = three
    late.agreement.person.__class__.objects.filter(pk=late.agreement.person_id).update(
        last_name='=HYPERLINK("http://evil.example","x")'
    )
    client.force_login(world.users["hr_admin"])
    base = f"/b/{world.a.body.slug}/agreements/communications/"
    text = client.get(base + "export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    book = load_workbook(io.BytesIO(client.get(base + "export.xlsx").content))
    cells = [c for row in book["Comunicazioni"].iter_rows() for c in row if c.value]
    surname = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert surname.data_type == "s"
