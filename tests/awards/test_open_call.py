"""Opening a call: a body's HR office or a network's coordinators; criteria whose weights sum to
100, starting from the Pavia template; a network's call open to the members that signed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agilepa.awards import selectors, services
from agilepa.awards.models import AwardCall, OpenTo
from agilepa.awards.templates import PAVIA
from agilepa.org.models import Membership, MembershipStatus
from tests.factories import BodyFactory

DATES = {
    "applications_open": date(2026, 1, 1),
    "applications_close": date(2026, 3, 31),
    "jury_closes": date(2026, 5, 31),
}


def test_the_pavia_template_has_the_seven_criteria_and_sums_to_100() -> None:
    assert len(PAVIA) == 7
    assert sum(c.weight for c in PAVIA) == 100


def test_a_call_without_criteria_starts_from_the_pavia_template(world):
    call = services.open_call(
        world.users["hr_admin"], body=world.a.body, title="Premio", slug="premio", **DATES
    )
    assert [c.weight for c in call.criteria.all()] == [c.weight for c in PAVIA]


def test_weights_that_do_not_sum_to_100_are_refused(world):
    with pytest.raises(ValidationError, match="The weights sum to 90: they must sum to 100"):
        services.open_call(
            world.users["hr_admin"],
            body=world.a.body,
            title="Premio",
            slug="premio",
            criteria=[services.CriterionIn("A", 50), services.CriterionIn("B", 40)],
            **DATES,
        )
    assert not AwardCall.objects.exists()


def test_the_form_shows_the_weight_error_and_keeps_nothing(world, client_as):
    client = client_as("hr_admin")
    data = {
        "title": "Premio",
        "slug": "premio",
        "rules": "Regole",
        "applications_open": "2026-01-01",
        "applications_close": "2026-03-31",
        "jury_closes": "2026-05-31",
        "scale_max": "10",
        "open_to": "listed",
        "criterion_1_name": "Flessibilità",
        "criterion_1_weight": "70",
        "criterion_2_name": "Formazione",
        "criterion_2_weight": "20",
    }
    response = client.post(reverse("awards:call_new", args=["c_a"]), data)
    assert response.status_code == 422
    assert "must sum to 100" in response.content.decode()
    data["criterion_2_weight"] = "30"
    response = client.post(reverse("awards:call_new", args=["c_a"]), data)
    assert response.status_code == 302
    assert [c.weight for c in AwardCall.objects.get().criteria.all()] == [70, 30]


def test_dates_out_of_order_are_refused(world):
    with pytest.raises(ValidationError, match="The jury closes before the applications do"):
        services.open_call(
            world.users["hr_admin"],
            body=world.a.body,
            title="Premio",
            slug="premio",
            applications_open=date(2026, 1, 1),
            applications_close=date(2026, 3, 31),
            jury_closes=date(2026, 3, 1),
        )


def test_only_hr_opens_a_body_call(world, client_as):
    with pytest.raises(PermissionDenied):
        services.open_call(world.users["employee"], body=world.a.body, title="P", slug="p", **DATES)
    response = client_as("employee").post(
        "/api/v1/bodies/c_a/awards/calls",
        json.dumps({"title": "P", "slug": "p", **{k: str(v) for k, v in DATES.items()}}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_network_call_is_open_to_the_members_that_signed(world, client_as):
    signed = BodyFactory(name="Comune firmatario")
    applied = BodyFactory(name="Comune in attesa")
    for body, status in ((signed, MembershipStatus.SIGNED), (applied, MembershipStatus.APPLIED)):
        Membership.objects.create(
            network=world.network, body=body, applied_on="2026-01-01", status=status
        )
    client = client_as("coordinator")
    payload = {
        "title": "Premio della rete",
        "slug": "premio-rete",
        "open_to": "members",
        **{k: str(v) for k, v in DATES.items()},
    }
    response = client.post(
        f"/api/v1/networks/{world.network.slug}/awards/calls",
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    call = AwardCall.objects.get(slug="premio-rete")
    assert call.open_to == OpenTo.MEMBERS
    eligible = selectors.eligible_body_ids(call)
    assert signed.pk in eligible and world.a.body.pk in eligible  # the coordinating body too
    assert applied.pk not in eligible
    # A member's HR office sees the network but is not a coordinator.
    Membership.objects.create(
        network=world.network, body=world.a.body, applied_on="2026-01-01", status="active"
    )
    refused = client_as("hr_admin").post(
        f"/api/v1/networks/{world.network.slug}/awards/calls",
        json.dumps({**payload, "slug": "altro"}),
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_coordinator_manages_the_network_call_on_its_page(world, client_as):
    call = services.open_call(
        world.users["coordinator"],
        network=world.network,
        title="Premio della rete",
        slug="premio-rete",
        open_to=OpenTo.MEMBERS,
        **DATES,
    )
    client = client_as("coordinator")
    url = reverse("awards:network_call", args=[world.network.slug, call.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "add_juror", "email": "observer@a.it"})
    assert [j.user.email for j in call.jurors.all()] == ["observer@a.it"]
    assert client_as("hr_admin").get(url).status_code == 404  # not even a member
