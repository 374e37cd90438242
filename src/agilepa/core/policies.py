"""The access policies: the few named questions every page, API route and the navigation ask.

A policy is a predicate over an `Access` (core/access.py). A view declares the one it needs with
`body_view(policy)` (core/decorators.py), an API route with `api_access(request, body, policy)`,
and the navigation (core/navigation.py) offers a page exactly when the page's own policy holds:
the menu cannot drift from what the pages allow, because both ask the same function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from agilepa.core.access import (
    Access,
    Network,
    PermissionDeniedForRole,
    Role,
    can_coordinate,
    get_access_or_404,
    networks_for_user,
)
from agilepa.core.models import User

Policy = Callable[[Access], bool]


class Unit(Protocol):
    """An organisational unit, by its materialised path ("/1/4/"); the core reads no more of it."""

    @property
    def path(self) -> str: ...


def anyone(access: Access) -> bool:
    """Every role in the body: the body's shared pages (organisation, coworking, events...)."""
    return True


def is_hr(access: Access) -> bool:
    """The HR office (and the platform admin): the body's administration."""
    return access.is_hr


def is_person(access: Access) -> bool:
    """A person of the body (an employee record): the pages about one's own work."""
    return access.person_id is not None


def manages_or_hr(access: Access) -> bool:
    """A manager (of some unit) or HR: the pages about a unit's people and plans."""
    return access.is_hr or access.is_manager


def observes_aggregates(access: Access) -> bool:
    """HR, a manager or an observer (CUG/RSU): the aggregate figures, never a named person."""
    return access.is_hr or access.is_manager or access.has_any(Role.OBSERVER)


def hr_or_observer(access: Access) -> bool:
    """HR or an observer: the body-wide reports managers do not read (the maturity
    self-assessment)."""
    return access.is_hr or access.has_any(Role.OBSERVER)


def manages_unit(access: Access, unit_or_path: Unit | str) -> bool:
    """True when the unit lies in a subtree the user heads (as manager): its path starts with
    one of theirs. HR is not a manager of every unit here: ask `manages_unit_or_hr`."""
    path = unit_or_path if isinstance(unit_or_path, str) else unit_or_path.path
    return any(path.startswith(managed) for managed in access.managed_paths)


def manages_unit_or_hr(access: Access, unit_or_path: Unit | str) -> bool:
    """HR acts on any unit; a manager on the units of their subtrees."""
    return access.is_hr or manages_unit(access, unit_or_path)


def require_manages_unit(access: Access, unit_or_path: Unit | str) -> None:
    """403 unless the user is HR or manages the unit (`manages_unit_or_hr`)."""
    if not manages_unit_or_hr(access, unit_or_path):
        raise PermissionDeniedForRole


def coordinated_network(user: User, slug: str) -> Network:
    """A network the user coordinates, for the coordinator's pages and routes alike: 404 for a
    network the user may not open at all (as if it did not exist), 403 for one they may open
    (their body is a member) but do not coordinate."""
    network = get_object_or_404(networks_for_user(user).select_related("coordinator"), slug=slug)
    if not can_coordinate(user, network):
        raise PermissionDenied("Only the network's coordinator may do this.")
    return network


def api_access(request: HttpRequest, body: str, *policies: Policy | Role) -> Access:
    """The API edge of `body_view`: the caller's access to the body of the URL, 404 without a
    role there; 403 (PermissionDeniedForRole, problem+json) when `policies` are given and none
    holds. A Role holds when the user has it."""
    access = get_access_or_404(request.user, body)  # type: ignore[arg-type]
    if policies and not allows(access, policies):
        raise PermissionDeniedForRole
    return access


def allows(access: Access, policies: tuple[Policy | Role, ...]) -> bool:
    """Whether any of `policies` holds for `access` (a Role: the user has it)."""
    return any(
        access.has_any(rule) if isinstance(rule, Role) else rule(access) for rule in policies
    )
