"""The adhesion workflow from the network page: apply → protocol signed → active → left."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from agilepa.org import services
from agilepa.org.models import Membership, MembershipStatus
from tests.factories import NetworkFactory, UserFactory, grant

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
APPLIED = datetime.date(2026, 1, 10)


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def action_url(world, membership: Membership, action: str) -> str:
    return f"/networks/{world.network.slug}/memberships/{membership.pk}/{action}/"


def protocol_url(world, membership: Membership) -> str:
    return f"/networks/{world.network.slug}/memberships/{membership.pk}/protocol.pdf"


def pdf(content: bytes = PDF, name: str = "protocollo firmato.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def applied(world) -> Membership:
    return services.apply_for_membership(world.network, world.a.body, APPLIED)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_body_goes_through_the_whole_workflow_from_the_pages(world, client_as) -> None:
    network_url = f"/networks/{world.network.slug}/"
    today = timezone.localdate()

    # The platform admin applies on behalf of body a (nobody of a sees the network before).
    admin = client_as("platform_admin")
    response = admin.post(network_url, {"body": world.a.body.pk}, follow=True)
    assert "Comune A has applied to join" in " ".join(messages_of(response))
    membership = Membership.objects.get(network=world.network, body=world.a.body)
    assert (membership.status, membership.applied_on) == (MembershipStatus.APPLIED, today)

    # The HR office of a uploads the signed protocol with its date.
    hr = client_as("hr_admin")
    assert hr.get(action_url(world, membership, "sign")).status_code == 200
    response = hr.post(
        action_url(world, membership, "sign"),
        {"protocol_signed_on": today.isoformat(), "protocol": pdf()},
        follow=True,
    )
    assert "The signed protocol of Comune A is recorded" in " ".join(messages_of(response))
    membership.refresh_from_db()
    assert (membership.status, membership.protocol_signed_on) == (MembershipStatus.SIGNED, today)

    # The coordinator reads the protocol and activates the membership.
    coordinator = client_as("coordinator")
    page = coordinator.get(network_url).content.decode()
    assert protocol_url(world, membership) in page
    assert action_url(world, membership, "activate") in page
    download = coordinator.get(protocol_url(world, membership))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    response = coordinator.post(action_url(world, membership, "activate"), follow=True)
    assert "now: Active" in " ".join(messages_of(response))
    membership.refresh_from_db()
    assert (membership.status, membership.activated_on) == (MembershipStatus.ACTIVE, today)

    # The HR office of a takes the body out of the network.
    response = hr.post(action_url(world, membership, "leave"), follow=True)
    assert "now: Left" in " ".join(messages_of(response))
    membership.refresh_from_db()
    assert (membership.status, membership.left_on) == (MembershipStatus.LEFT, today)

    # Having left, it may apply again from the same page.
    assert hr.get(network_url).context["apply_form"] is not None
    hr.post(network_url, {"body": world.a.body.pk})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_the_coordinator_activating_an_application_without_protocol_gets_a_clear_message(
    world, client_as
) -> None:
    membership = applied(world)
    response = client_as("coordinator").post(action_url(world, membership, "activate"), follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["A membership that is Applied cannot become Active."]
    assert 'class="alert alert-danger"' in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_leaving_twice_is_refused_with_a_message(world, client_as) -> None:
    membership = applied(world)
    services.leave_network(membership, APPLIED)
    response = client_as("coordinator").post(action_url(world, membership, "leave"), follow=True)
    assert messages_of(response) == ["A membership that is Left cannot become Left."]


def test_signing_an_active_membership_is_refused_on_the_form(world, client_as) -> None:
    membership = applied(world)
    Membership.objects.filter(pk=membership.pk).update(status=MembershipStatus.ACTIVE)
    response = client_as("hr_admin").post(
        action_url(world, membership, "sign"),
        {"protocol_signed_on": "2026-02-01", "protocol": pdf()},
    )
    assert response.status_code == 422
    assert "cannot become Protocol signed" in response.content.decode()


def test_a_protocol_that_is_not_a_pdf_is_rejected_on_the_form(world, client_as) -> None:
    membership = applied(world)
    response = client_as("hr_admin").post(
        action_url(world, membership, "sign"),
        {
            "protocol_signed_on": "2026-02-01",
            "protocol": pdf(b"PK\x03\x04 not a pdf", "protocollo.pdf"),
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["protocol"] == ["The signed protocol is not a PDF file."]
    assert "The signed protocol is not a PDF file." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED and not membership.protocol


def test_a_protocol_signed_before_the_application_is_rejected_on_its_date(world, client_as) -> None:
    membership = applied(world)
    response = client_as("hr_admin").post(
        action_url(world, membership, "sign"),
        {"protocol_signed_on": "2026-01-09", "protocol": pdf()},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["protocol_signed_on"] == [
        "The protocol cannot be signed before the application date."
    ]


def test_the_sign_form_needs_a_date_and_a_file(world, client_as) -> None:
    membership = applied(world)
    response = client_as("hr_admin").post(action_url(world, membership, "sign"), {})
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"protocol_signed_on", "protocol"}


@pytest.mark.parametrize(
    ("role", "action"),
    [
        ("hr_admin", "activate"),  # the coordinator activates, not the member
        ("coordinator", "sign"),  # the member body signs, not the coordinator
        ("employee", "leave"),
        ("manager", "leave"),
        ("observer", "leave"),
    ],
)
def test_a_step_beyond_the_users_role_is_forbidden(
    world, role: str, action: str, client_as
) -> None:
    membership = applied(world)
    response = client_as(role).post(action_url(world, membership, action))
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_hr_of_another_member_body_cannot_act_on_this_membership(world, client) -> None:
    membership = applied(world)
    services.apply_for_membership(world.network, world.b.body, APPLIED)
    hr_b = UserFactory()
    grant(hr_b, "hr_admin", body=world.b.body)
    client.force_login(hr_b)
    assert client.post(action_url(world, membership, "leave")).status_code == 403
    assert client.get(protocol_url(world, membership)).status_code == 403


def test_an_unknown_action_is_not_found(world, client_as) -> None:
    membership = applied(world)
    response = client_as("coordinator").post(action_url(world, membership, "delete"))
    assert response.status_code == 404


def test_a_membership_of_another_network_is_not_found_under_this_one(world, client_as) -> None:
    other = services.apply_for_membership(NetworkFactory(), world.b.body, APPLIED)
    response = client_as("coordinator").post(action_url(world, other, "leave"))
    assert response.status_code == 404


def test_activate_and_leave_answer_only_post(world, client_as) -> None:
    membership = applied(world)
    assert client_as("coordinator").get(action_url(world, membership, "leave")).status_code == 405


def test_the_protocol_before_upload_sends_back_to_the_network_with_a_message(
    world, client_as
) -> None:
    membership = applied(world)
    response = client_as("coordinator").get(protocol_url(world, membership), follow=True)
    assert response.redirect_chain[-1][0] == f"/networks/{world.network.slug}/"
    assert messages_of(response) == ["Comune A has not uploaded its signed protocol yet."]


@pytest.mark.parametrize(
    ("role", "status"), [("employee", 403), ("observer", 403), ("nobody", 404)]
)
def test_only_the_coordinator_and_the_body_hr_read_the_protocol(
    world, role: str, status: int, client_as
) -> None:
    membership = services.record_signed_protocol(applied(world), APPLIED, pdf())
    assert client_as(role).get(protocol_url(world, membership)).status_code == status


def test_the_hr_of_the_body_reads_its_own_protocol(world, client_as) -> None:
    membership = services.record_signed_protocol(applied(world), APPLIED, pdf())
    response = client_as("hr_admin").get(protocol_url(world, membership))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_body_already_in_the_network_is_not_offered_to_apply(world, client_as) -> None:
    applied(world)
    response = client_as("hr_admin").get(f"/networks/{world.network.slug}/")
    assert response.context["apply_form"] is None


def test_applying_for_a_body_the_user_does_not_administer_is_refused(world, client_as) -> None:
    applied(world)
    response = client_as("hr_admin").post(
        f"/networks/{world.network.slug}/", {"body": world.b.body.pk}
    )
    assert response.status_code == 422
    assert not Membership.objects.filter(body=world.b.body).exists()
