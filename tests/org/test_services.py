"""The organisation's writes: the unit tree kept consistent, the adhesion workflow's order."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agilepa.org import services
from agilepa.org.models import Membership, MembershipStatus, OrgUnit
from tests.factories import BodyFactory, NetworkFactory, make_unit

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
APPLIED = datetime.date(2026, 1, 10)


def pdf(content: bytes = PDF, name: str = "protocol.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


# Units --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_unit_records_its_ancestors_in_its_path_and_its_depth() -> None:
    body = BodyFactory()
    root = services.create_unit(body, "ENTE", "Ente")
    area = services.create_unit(body, "A1", "Area", parent=root)
    office = services.create_unit(body, "U1", "Ufficio", parent=area)
    assert (root.path, root.depth) == (f"/{root.pk}/", 0)
    assert office.path == f"/{root.pk}/{area.pk}/{office.pk}/"
    assert office.depth == 2


@pytest.mark.django_db
def test_a_unit_cannot_hang_under_a_unit_of_another_body() -> None:
    other_root = make_unit(BodyFactory(), "ENTE")
    with pytest.raises(ValidationError) as error:
        services.create_unit(BodyFactory(), "A1", "Area", parent=other_root)
    assert "parent" in error.value.error_dict


def test_moving_a_unit_carries_its_whole_subtree_with_new_paths_and_depths(world) -> None:
    a = world.a
    services.move_unit(a.area, a.other_area)
    area, service = OrgUnit.objects.get(pk=a.area.pk), OrgUnit.objects.get(pk=a.service.pk)
    assert area.parent_id == a.other_area.pk
    assert area.path == f"{a.other_area.path}{area.pk}/"
    assert service.path == f"{area.path}{service.pk}/"
    assert (area.depth, service.depth) == (2, 3)
    assert OrgUnit.objects.get(pk=a.other_area.pk).path == a.other_area.path


def test_moving_a_unit_to_the_top_level_makes_it_a_root(world) -> None:
    services.move_unit(world.a.service, None)
    service = OrgUnit.objects.get(pk=world.a.service.pk)
    assert (service.parent_id, service.path, service.depth) == (None, f"/{service.pk}/", 0)


@pytest.mark.parametrize("target", ["itself", "its child", "its grandchild"])
def test_moving_a_unit_into_its_own_subtree_is_refused_and_changes_nothing(
    world, target: str
) -> None:
    a = world.a
    new_parent = {"itself": a.root, "its child": a.area, "its grandchild": a.service}[target]
    before = list(OrgUnit.objects.filter(body=a.body).values_list("pk", "parent", "path", "depth"))
    with pytest.raises(ValidationError) as error:
        services.move_unit(a.root, new_parent)
    assert "inside its subtree" in error.value.message_dict["parent"][0]
    after = list(OrgUnit.objects.filter(body=a.body).values_list("pk", "parent", "path", "depth"))
    assert after == before


def test_a_unit_cannot_move_under_a_unit_of_another_body(world) -> None:
    with pytest.raises(ValidationError) as error:
        services.move_unit(world.a.area, world.b.root)
    assert "another body" in error.value.message_dict["parent"][0]


# The adhesion workflow ----------------------------------------------------------------------


def test_the_adhesion_workflow_runs_from_application_to_leaving(world, media) -> None:
    m = services.apply_for_membership(world.network, world.a.body, APPLIED)
    assert m.status == MembershipStatus.APPLIED
    m = services.record_signed_protocol(m, datetime.date(2026, 2, 1), pdf())
    assert (m.status, m.protocol_signed_on) == (MembershipStatus.SIGNED, datetime.date(2026, 2, 1))
    assert m.protocol.read().startswith(b"%PDF-")
    m = services.activate_membership(m, datetime.date(2026, 2, 5))
    assert (m.status, m.activated_on) == (MembershipStatus.ACTIVE, datetime.date(2026, 2, 5))
    m = services.leave_network(m, datetime.date(2026, 6, 30))
    assert (m.status, m.left_on) == (MembershipStatus.LEFT, datetime.date(2026, 6, 30))


def test_a_body_that_left_may_apply_again_and_starts_afresh(world) -> None:
    m = services.apply_for_membership(world.network, world.a.body, APPLIED)
    services.leave_network(m, datetime.date(2026, 3, 1))
    again = services.apply_for_membership(world.network, world.a.body, datetime.date(2026, 9, 1))
    assert again.pk == m.pk
    assert (again.status, again.applied_on) == (MembershipStatus.APPLIED, datetime.date(2026, 9, 1))
    assert again.left_on is None


def test_a_current_member_cannot_apply_again(world) -> None:
    services.apply_for_membership(world.network, world.a.body, APPLIED)
    with pytest.raises(ValidationError, match="cannot become"):
        services.apply_for_membership(world.network, world.a.body, APPLIED)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (MembershipStatus.APPLIED, "activate"),
        (MembershipStatus.ACTIVE, "activate"),
        (MembershipStatus.LEFT, "activate"),
        (MembershipStatus.LEFT, "leave"),
    ],
)
def test_a_step_out_of_order_is_refused_with_a_message_naming_both_statuses(
    world, status: str, step: str
) -> None:
    m = Membership.objects.create(
        network=world.network, body=world.a.body, applied_on=APPLIED, status=status
    )
    action, target = {
        "activate": (services.activate_membership, MembershipStatus.ACTIVE),
        "leave": (services.leave_network, MembershipStatus.LEFT),
    }[step]
    with pytest.raises(ValidationError) as error:
        action(m, datetime.date(2026, 3, 1))
    message = error.value.messages[0]
    assert str(MembershipStatus(status).label) in message
    assert str(target.label) in message
    assert Membership.objects.get(pk=m.pk).status == status


def test_a_protocol_is_recorded_only_for_an_application(world, media) -> None:
    m = Membership.objects.create(
        network=world.network,
        body=world.a.body,
        applied_on=APPLIED,
        status=MembershipStatus.ACTIVE,
    )
    with pytest.raises(ValidationError, match="cannot become"):
        services.record_signed_protocol(m, datetime.date(2026, 2, 1), pdf())


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 a spreadsheet", "not a PDF"),
        (b"", "at most 10 MB"),
    ],
)
def test_a_protocol_that_is_not_a_pdf_is_refused(world, media, content: bytes, reason: str) -> None:
    m = services.apply_for_membership(world.network, world.a.body, APPLIED)
    with pytest.raises(ValidationError) as error:
        services.record_signed_protocol(m, datetime.date(2026, 2, 1), pdf(content))
    assert reason in error.value.message_dict["protocol"][0]
    assert Membership.objects.get(pk=m.pk).status == MembershipStatus.APPLIED


def test_a_protocol_cannot_be_signed_before_the_application(world, media) -> None:
    m = services.apply_for_membership(world.network, world.a.body, APPLIED)
    with pytest.raises(ValidationError) as error:
        services.record_signed_protocol(m, datetime.date(2026, 1, 9), pdf())
    assert "protocol_signed_on" in error.value.message_dict


@pytest.mark.django_db
def test_a_body_can_belong_to_several_networks() -> None:
    body = BodyFactory()
    for network in (NetworkFactory(), NetworkFactory()):
        services.apply_for_membership(network, body, APPLIED)
    assert Membership.objects.filter(body=body).count() == 2
