"""The community's world: a network where bodies A and B are active members, its four tables,
and a third body C that applied but is not active yet. Uploaded files go to a temporary
MEDIA_ROOT."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from agilepa.community.models import Table
from agilepa.core.access import Access, resolve_access
from agilepa.core.models import RoleKind
from agilepa.org.models import Body, Membership, MembershipStatus, Network
from tests.factories import BodyFactory, NetworkFactory, UserFactory, grant


@dataclass
class Community:
    network: Network
    tables: dict[str, Table]
    hr_a: Access
    hr_b: Access
    hr_c: Access
    employee_a: Access
    observer_a: Access
    body_c: Body


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def member(network: Network, body: Body, status: str = MembershipStatus.ACTIVE) -> Membership:
    return Membership.objects.create(
        network=network, body=body, applied_on="2026-01-10", status=status
    )


@pytest.fixture
def community(world) -> Community:
    network = NetworkFactory(coordinator=world.a.body, name="Rete ER", slug="rete-er")
    member(network, world.a.body)
    member(network, world.b.body)
    body_c = BodyFactory(name="Comune C", ipa_code="c_c", slug="c_c")
    member(network, body_c, MembershipStatus.APPLIED)
    hr_b = grant(UserFactory(email="hr@b.it"), RoleKind.HR_ADMIN, body=world.b.body)
    hr_c = grant(UserFactory(email="hr@c.it"), RoleKind.HR_ADMIN, body=body_c)
    tables = {t.slug: t for t in network.tables.all()}
    return Community(
        network=network,
        tables=tables,
        hr_a=resolve_access(world.users["hr_admin"], world.a.body),
        hr_b=resolve_access(hr_b.user, world.b.body),
        hr_c=resolve_access(hr_c.user, body_c),
        employee_a=resolve_access(world.users["employee"], world.a.body),
        observer_a=resolve_access(world.users["observer"], world.a.body),
        body_c=body_c,
    )
