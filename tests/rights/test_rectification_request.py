"""A person asks for a correction from their data page; it reaches HR as an open task, by
e-mail too; HR closes it with a note, and the person sees the outcome."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.test import Client

from agilepa.audit.models import AuditEntry
from agilepa.rights.models import RequestKind, RequestStatus, SubjectRequest, one_month_after

pytestmark = pytest.mark.django_db


def ask(employee: Client, django_capture_on_commit_callbacks) -> SubjectRequest:
    with django_capture_on_commit_callbacks(execute=True):
        response = employee.post(
            "/b/c_a/me/data/rectification/",
            {"field": "e-mail", "correction": "anna.rossi@comune.it"},
        )
    assert response.status_code == 302
    return SubjectRequest.objects.get()


def test_a_rectification_request_becomes_an_open_task_for_hr(
    world, django_capture_on_commit_callbacks, client_as
) -> None:
    found = ask(client_as("employee"), django_capture_on_commit_callbacks)
    assert found.kind == RequestKind.RECTIFICATION and found.status == RequestStatus.OPEN
    assert found.person == world.a.employee_person and found.body == world.a.body
    assert (found.field, found.correction) == ("e-mail", "anna.rossi@comune.it")
    page = client_as("hr_admin").get("/b/c_a/rights/").content.decode()
    assert "anna.rossi@comune.it" in page and world.a.employee_person.full_name in page
    assert AuditEntry.objects.filter(action="rights.request", person=found.person).exists()


def test_hr_admins_get_one_e_mail_of_a_new_request(
    world, django_capture_on_commit_callbacks, client_as
) -> None:
    found = ask(client_as("employee"), django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["hr@a.it"]
    assert world.a.employee_person.full_name in message.subject
    assert "/b/c_a/rights/" in message.body
    # The content of the request stays on the page, behind the login.
    assert "anna.rossi@comune.it" not in message.body
    from agilepa.rights.notifications import notify_hr

    notify_hr.call(found.pk)  # a retry: no second e-mail
    assert len(mail.outbox) == 1


def test_an_empty_request_is_refused_with_the_field_named(world, client_as) -> None:
    response = client_as("employee").post(
        "/b/c_a/me/data/rectification/", {"field": "", "correction": ""}
    )
    assert response.status_code == 422
    assert not SubjectRequest.objects.exists()


def test_hr_filters_by_status_and_closes_a_request_with_a_note_the_person_sees(
    world, django_capture_on_commit_callbacks, client_as
) -> None:
    found = ask(client_as("employee"), django_capture_on_commit_callbacks)
    hr = client_as("hr_admin")
    response = hr.post(f"/b/c_a/rights/{found.pk}/", {"status": "done", "note": "Corrected."})
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.status == RequestStatus.DONE and found.note == "Corrected."
    assert found.handled_by == world.users["hr_admin"]
    assert "anna.rossi" not in hr.get("/b/c_a/rights/?status=open").content.decode()
    assert "anna.rossi" in hr.get("/b/c_a/rights/?status=done").content.decode()
    mine = client_as("employee").get("/b/c_a/me/data/").content.decode()
    assert "Corrected." in mine and "Done" in mine
    closed = AuditEntry.objects.get(action="rights.request.close")
    assert closed.changes["status"] == ["open", "done"]


def test_a_refusal_needs_its_reason_and_a_closed_request_stays_closed(
    world, django_capture_on_commit_callbacks, client_as
) -> None:
    found = ask(client_as("employee"), django_capture_on_commit_callbacks)
    hr = client_as("hr_admin")
    hr.post(f"/b/c_a/rights/{found.pk}/", {"status": "refused", "note": ""})
    found.refresh_from_db()
    assert found.status == RequestStatus.OPEN
    hr.post(f"/b/c_a/rights/{found.pk}/", {"status": "refused", "note": "The address is right."})
    hr.post(f"/b/c_a/rights/{found.pk}/", {"status": "done", "note": "again"})
    found.refresh_from_db()
    assert (found.status, found.note) == (RequestStatus.REFUSED, "The address is right.")


def test_the_answer_is_due_one_month_after_receipt() -> None:
    assert one_month_after(date(2026, 3, 10)) == date(2026, 4, 10)
    assert one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert one_month_after(date(2028, 1, 31)) == date(2028, 2, 29)
    assert one_month_after(date(2026, 12, 15)) == date(2027, 1, 15)
