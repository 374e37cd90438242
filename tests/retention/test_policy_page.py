"""HR sets the body's retention periods on /b/<body>/retention/, beside the defaults and their
sources; a period for people shorter than the default needs a confirmation."""

from __future__ import annotations

import pytest
from django.test import Client

from agilepa.audit.models import AuditEntry
from agilepa.retention.models import RetentionPolicy

pytestmark = pytest.mark.django_db


def url(world) -> str:
    return f"/b/{world.a.body.slug}/retention/"


def test_hr_sees_the_defaults_with_their_sources(world, client_as) -> None:
    page = client_as("hr_admin").get(url(world))
    assert page.status_code == 200
    text = page.content.decode()
    assert "2948" in text and "art. 5.1.c" in text
    assert 'data-rule="people"' in text and 'data-rule="login_failures"' in text
    assert "to verify" in text  # the five years are not verified against the law yet
    policy = RetentionPolicy.objects.get(body=world.a.body)
    assert (policy.person_years, policy.import_days) == (5, 7)


def test_hr_lengthens_the_period_and_the_change_is_recorded(world, client_as) -> None:
    response = client_as("hr_admin").post(url(world), {"person_years": "8", "import_days": "3"})
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(body=world.a.body)
    assert (policy.person_years, policy.import_days, policy.short_period_confirmed) == (
        8,
        3,
        False,
    )
    entry = AuditEntry.objects.get(action="retention.policy")
    assert entry.actor_id == world.users["hr_admin"].pk
    assert entry.changes == {"import_days": [7, 3], "person_years": [5, 8]}


def test_a_period_shorter_than_the_default_is_refused_without_confirmation(
    world, client_as
) -> None:
    response = client_as("hr_admin").post(url(world), {"person_years": "0", "import_days": "7"})
    assert response.status_code == 200
    assert "shorter than the 5 years" in response.content.decode()
    assert not RetentionPolicy.objects.filter(body=world.a.body, person_years=0).exists()


def test_a_confirmed_short_period_is_saved_and_shown_as_such(world, client_as) -> None:
    client = client_as("hr_admin")
    client.post(url(world), {"person_years": "0", "import_days": "7", "confirmed": "on"})
    policy = RetentionPolicy.objects.get(body=world.a.body)
    assert (policy.person_years, policy.short_period_confirmed) == (0, True)
    assert 'id="short-period"' in client.get(url(world)).content.decode()


@pytest.mark.parametrize(("years", "days"), [("11", "7"), ("5", "0"), ("5", "31"), ("-1", "7")])
def test_periods_out_of_bounds_are_refused(world, years: str, days: str, client_as) -> None:
    response = client_as("hr_admin").post(url(world), {"person_years": years, "import_days": days})
    assert response.status_code == 200
    assert RetentionPolicy.objects.get(body=world.a.body).person_years == 5


@pytest.mark.parametrize("role", ["employee", "manager", "observer"])
def test_other_roles_of_the_body_get_403(world, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    assert client.get(url(world)).status_code == 403
    assert client.post(url(world), {"person_years": "0", "import_days": "1"}).status_code == 403
    assert not RetentionPolicy.objects.exists()
