"""Reads of a body's organisation, always scoped by an `Access` (see core/access.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from agilepa.core.access import Access, PermissionDeniedForRole, Role, networks_for_user
from agilepa.core.models import RoleKind, User
from agilepa.core.policies import manages_unit_or_hr
from agilepa.org.models import (
    Body,
    Membership,
    MembershipStatus,
    Network,
    OfficeSite,
    OrgUnit,
    Person,
)


def subtree_q(paths: tuple[str, ...], prefix: str = "") -> Q:
    """Units (or rows with a unit, via `prefix`) inside any of the subtrees rooted at `paths`."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def people_for(access: Access) -> QuerySet[Person]:
    """People of the body the user may see by name: HR all, a manager their subtrees, an
    employee themselves, an observer nobody."""
    people = Person.objects.filter(body=access.body)
    if access.is_hr:
        return people
    q = Q(pk__in=[])
    if access.is_manager:
        q |= subtree_q(access.managed_paths, prefix="unit__")
    if access.person_id is not None:
        q |= Q(pk=access.person_id)
    return people.filter(q)


def can_list_people(access: Access) -> bool:
    return access.is_hr or access.is_manager


def get_person(access: Access, pk: int) -> Person:
    """404 for a person of another body; 403 for one of this body beyond the user's roles."""
    person = get_object_or_404(
        Person.objects.select_related("unit", "office_site", "user"), body=access.body, pk=pk
    )
    if not people_for(access).filter(pk=pk).exists():
        raise PermissionDeniedForRole
    return person


def units_for(access: Access) -> QuerySet[OrgUnit]:
    """The unit tree is visible to every role in the body (names and head counts are not
    personal data); heads' names are shown only to those who see named people."""
    return OrgUnit.objects.filter(body=access.body)


def get_unit(access: Access, pk: int) -> OrgUnit:
    return get_object_or_404(units_for(access).select_related("parent", "head"), pk=pk)


def unit_headcounts(access: Access) -> dict[int, int]:
    """Active people per unit (direct members), for the tree and the body overview."""
    rows = (
        Person.objects.filter(body=access.body, is_active=True)
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    return {row["unit_id"]: row["n"] for row in rows}


def sites_for(access: Access) -> QuerySet[OfficeSite]:
    return OfficeSite.objects.filter(body=access.body)


def body_summary(access: Access) -> dict[str, int]:
    people = Person.objects.filter(body=access.body)
    return {
        "active_people": people.filter(is_active=True).count(),
        "ended_people": people.filter(is_active=False).count(),
        "part_time": people.filter(is_active=True, contract="part_time").count(),
        "units": OrgUnit.objects.filter(body=access.body).count(),
        "sites": OfficeSite.objects.filter(body=access.body).count(),
    }


def memberships_of(network: Network) -> QuerySet[Membership]:
    return network.memberships.select_related("body").annotate(
        active_people=Count("body__people", filter=Q(body__people__is_active=True))
    )


__all__ = [
    "Role",
    "body_summary",
    "can_list_people",
    "get_person",
    "get_unit",
    "memberships_of",
    "people_for",
    "sites_for",
    "unit_headcounts",
    "units_for",
]


# Pages of the organisation (network overview, unit tree, people list) ---------------------------


def bodies_administered_by(user: User) -> QuerySet[Body]:
    """Bodies whose HR data the user administers: as `resolve_access` grants HR (an HR role in
    the body, or platform admin), in one query for a page that lists many bodies."""
    if not user.is_authenticated or not user.is_active:
        return Body.objects.none()
    if user.is_superuser:
        return Body.objects.all()
    return Body.objects.filter(
        role_assignments__user=user, role_assignments__kind=RoleKind.HR_ADMIN
    ).distinct()


def bodies_that_may_apply(user: User, network: Network) -> QuerySet[Body]:
    """Bodies the user administers that may apply to `network`: not members, or members that
    have left (the workflow lets them start again)."""
    current = network.memberships.exclude(status=MembershipStatus.LEFT).values("body_id")
    return bodies_administered_by(user).exclude(pk__in=current)


def get_network(user: User, slug: str) -> Network:
    """A network the user may open (coordinator, platform admin, a role in a member body);
    any other network is a 404, as if it did not exist."""
    return get_object_or_404(networks_for_user(user).select_related("coordinator"), slug=slug)


def get_membership(network: Network, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("body", "network"), network=network, pk=pk
    )


def membership_status_counts(network: Network) -> dict[str, int]:
    """How many members are in each status of the adhesion workflow, every status present."""
    counts = dict.fromkeys(MembershipStatus.values, 0)
    rows = network.memberships.values("status").annotate(n=Count("pk"))
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def memberships_of_body(access: Access) -> QuerySet[Membership]:
    return Membership.objects.filter(body=access.body).select_related("network")


@dataclass(frozen=True)
class UnitNode:
    """A unit with its active head counts: its own people, and those of its whole subtree."""

    unit: OrgUnit
    direct: int
    total: int
    children: tuple[UnitNode, ...]


def unit_tree(access: Access, root: OrgUnit | None = None) -> list[UnitNode]:
    """The body's units as a tree (or the subtree of `root`), siblings ordered by code.

    Two queries whatever the size of the body: the units, ordered by path, and the head counts
    per unit; the tree and the subtree totals are built here."""
    units = units_for(access).order_by("path")
    if root is not None:
        units = units.filter(path__startswith=root.path)
    if access.sees_named_people:
        units = units.select_related("head")
    counts = unit_headcounts(access)
    rows = list(units)
    children: dict[int | None, list[OrgUnit]] = {}
    ids = {u.pk for u in rows}
    for unit in rows:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)

    def build(unit: OrgUnit) -> UnitNode:
        kids = tuple(
            build(child)
            for child in sorted(children.get(unit.pk, []), key=lambda u: (u.code, u.name))
        )
        direct = counts.get(unit.pk, 0)
        return UnitNode(unit, direct, direct + sum(k.total for k in kids), kids)

    return [build(u) for u in sorted(children.get(None, []), key=lambda u: (u.code, u.name))]


def unit_ancestors(access: Access, unit: OrgUnit) -> list[OrgUnit]:
    """The units above `unit`, from the top of the tree down, read from its path."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    return list(units_for(access).filter(pk__in=ids).order_by("depth"))


def can_list_people_in(access: Access, unit: OrgUnit) -> bool:
    """HR lists anyone; a manager lists the people of units inside the subtrees they manage."""
    return manages_unit_or_hr(access, unit)


class PeopleStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    ALL = "all"


PEOPLE_ORDERINGS: dict[str, tuple[str, ...]] = {
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    "matricola": ("employee_number", "pk"),
    "-matricola": ("-employee_number", "-pk"),
}


@dataclass(frozen=True)
class PeopleQuery:
    """What the people list asks for: a search text and filters, all optional."""

    text: str = ""
    unit: OrgUnit | None = None
    contract: str = ""
    job_category: str = ""
    status: PeopleStatus = PeopleStatus.ACTIVE
    site: OfficeSite | None = None
    sort: str = "name"


def search_people(access: Access, query: PeopleQuery) -> QuerySet[Person]:
    """The people the user may list, searched and filtered.

    Every word of the text must match one of name, surname, matricola, codice fiscale or
    e-mail, so "rossi mario" finds Mario Rossi; a unit filter takes its whole subtree."""
    people = people_for(access).select_related("unit", "office_site")
    for word in query.text.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(employee_number__icontains=word)
            | Q(tax_code__icontains=word)
            | Q(email__icontains=word)
        )
    if query.unit is not None:
        people = people.filter(unit__path__startswith=query.unit.path)
    if query.contract:
        people = people.filter(contract=query.contract)
    if query.job_category:
        people = people.filter(job_category=query.job_category)
    if query.status == PeopleStatus.ACTIVE:
        people = people.filter(is_active=True)
    elif query.status == PeopleStatus.ENDED:
        people = people.filter(is_active=False)
    if query.site is not None:
        people = people.filter(office_site=query.site)
    return people.order_by(*PEOPLE_ORDERINGS.get(query.sort, PEOPLE_ORDERINGS["name"]))


def job_categories_for(access: Access) -> list[str]:
    return list(
        people_for(access)
        .exclude(job_category="")
        .order_by("job_category")
        .values_list("job_category", flat=True)
        .distinct()
    )


def units_listable_by(access: Access) -> QuerySet[OrgUnit]:
    """Units a user may filter the people list by: all for HR, a manager's subtrees."""
    units = units_for(access).order_by("path")
    return units if access.is_hr else units.filter(subtree_q(access.managed_paths))
