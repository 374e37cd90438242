"""A request that breaks a rule cannot be submitted: the button is disabled with the broken
rules right above it, and the server refuses it with the same list."""

from __future__ import annotations

import re

from agilepa.agreements.models import Agreement, AgreementStatus
from tests.agreements.test_request_wizard import terms

THREE_DAYS = "3 remote days a week: the Regolamento allows at most 2."


def submit_button(html: str) -> str:
    return re.search(r'<button type="submit" name="submit"[^>]*>', html).group(0)


def test_the_live_check_disables_submit_while_a_rule_is_broken(body_a, client_of) -> None:
    client = client_of("employee")
    url = f"/b/{body_a.a.body.slug}/agreements/check/"
    person = body_a.a.employee_person.pk
    broken = client.post(url, {**terms(weekdays=["0", "1", "2"]), "person": person})
    html = broken.content.decode()
    assert THREE_DAYS in html
    assert 'id="agreement-actions" hx-swap-oob="true"' in html
    assert "disabled" in submit_button(html)
    assert html.index(THREE_DAYS) < html.index('name="submit"')
    good = client.post(url, {**terms(), "person": person}).content.decode()
    assert "disabled" not in submit_button(good)


def test_the_server_refuses_a_submission_with_the_broken_rules_above_the_button(
    body_a, client_of
) -> None:
    response = client_of("employee").post(
        f"/b/{body_a.a.body.slug}/agreements/new/",
        {**terms(weekdays=["0", "1", "2"]), "submit": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    checks = html.index('id="live-check"')
    assert checks < html.index(THREE_DAYS, checks) < html.index('name="submit"')
    assert "disabled" in submit_button(html)
    assert response.context["form"].errors["weekdays"]  # and on the field, in the summary
    assert Agreement.objects.get().status == AgreementStatus.DRAFT
