"""A person requests lavoro agile: live checks, draft, submission."""

from __future__ import annotations

from datetime import date, timedelta

from agilepa.agreements.models import Agreement, AgreementStatus


def terms(**overrides) -> dict:
    start = date.today() + timedelta(days=30)
    data = {
        "start_date": start.isoformat(),
        "end_date": "",
        "pattern": "fixed_weekdays",
        "weekdays": ["0", "3"],
        "monthly_quota": "0",
        "places": ["home"],
        "other_place": "",
        "reachability_start": "09:30",
        "reachability_end": "13:30",
        "disconnection_start": "20:00",
        "disconnection_end": "07:30",
        "objectives": "Istruttorie delle pratiche di residenza",
        "equipment": "Notebook dell'ente",
        "notice_days": "30",
        "withdrawal_terms": "",
    }
    data.update(overrides)
    return data


def test_the_wizard_starts_from_the_regulation_windows(body_a, client_of) -> None:
    response = client_of("employee").get(f"/b/{body_a.a.body.slug}/agreements/new/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="20:00"' in html and 'value="09:30"' in html
    assert "at most 2 remote days a week" in html


def test_the_live_check_lists_each_violation_with_its_source(body_a, client_of) -> None:
    client = client_of("employee")
    url = f"/b/{body_a.a.body.slug}/agreements/check/"
    person = body_a.a.employee_person.pk
    bad = client.post(url, {**terms(weekdays=["0", "1", "2"]), "person": person})
    html = bad.content.decode()
    assert "3 remote days a week: the Regolamento allows at most 2." in html
    assert "Regolamento, version 1" in html
    assert "DM Ministro PA 8 ottobre 2021" in html
    short = client.post(url, {**terms(disconnection_start="23:00"), "person": person})
    assert "CCNL Funzioni Locali 2019-2021 art. 66" in short.content.decode()
    good = client.post(url, {**terms(), "person": person})
    assert "The terms satisfy the law" in good.content.decode()
    assert not Agreement.objects.exists()  # checking saves nothing


def test_submitting_valid_terms_sends_the_request(body_a, client_of) -> None:
    client = client_of("employee")
    response = client.post(f"/b/{body_a.a.body.slug}/agreements/new/", {**terms(), "submit": "1"})
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/agreements/{agreement.pk}/")
    assert agreement.status == AgreementStatus.SUBMITTED
    assert agreement.person == body_a.a.employee_person
    assert agreement.weekdays == [0, 3]


def test_submitting_invalid_terms_shows_the_rules_and_keeps_a_draft(body_a, client_of) -> None:
    client = client_of("employee")
    response = client.post(
        f"/b/{body_a.a.body.slug}/agreements/new/",
        {**terms(places=["other"], weekdays=["0"]), "submit": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The Regolamento does not allow lavoro agile at this place" in html
    assert "Describe the other place where you will work." in html
    assert Agreement.objects.get().status == AgreementStatus.DRAFT


def test_an_observer_cannot_request(body_a, client_of) -> None:
    response = client_of("observer").get(f"/b/{body_a.a.body.slug}/agreements/new/")
    assert response.status_code == 403


def test_hr_requests_on_behalf_of_a_person(body_a, client_of) -> None:
    person = body_a.a.colleague
    client = client_of("hr_admin")
    page = client.get(f"/b/{body_a.a.body.slug}/agreements/new/?person={person.pk}")
    assert person.full_name in page.content.decode()
    client.post(f"/b/{body_a.a.body.slug}/agreements/new/", {**terms(), "person": person.pk})
    assert Agreement.objects.get().person == person


def test_hr_cannot_request_for_a_person_of_another_body(body_a, client_of) -> None:
    foreign = body_a.b.colleague
    response = client_of("hr_admin").get(
        f"/b/{body_a.a.body.slug}/agreements/new/?person={foreign.pk}"
    )
    assert response.status_code == 404
