"""The one tenancy mechanism: what a user may see and do in one body.

Every view and API route that touches a body's data resolves an `Access` for (user, body) with
`resolve_access`, and every queryset of that body's data goes through a selector that takes the
`Access`. A user with no role in the body gets no `Access` at all, and the caller answers 404:
a foreign body is indistinguishable from one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from agilepa.core.models import RoleKind, User
from agilepa.org.models import Body, Network


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    HR_ADMIN = "hr_admin"
    OBSERVER = "observer"
    PLATFORM_ADMIN = "platform_admin"


class PermissionDeniedForRole(Exception):
    """The object is in the user's body but beyond what their roles allow (answered 403)."""


@dataclass(frozen=True)
class Access:
    user_id: int
    body: Body
    roles: frozenset[Role]
    person_id: int | None = None
    managed_paths: tuple[str, ...] = field(default=())

    @property
    def is_hr(self) -> bool:
        return bool(self.roles & {Role.HR_ADMIN, Role.PLATFORM_ADMIN})

    @property
    def is_manager(self) -> bool:
        return Role.MANAGER in self.roles

    @property
    def sees_named_people(self) -> bool:
        """Observers (CUG/RSU) see aggregates only, never a named person."""
        return bool(self.roles - {Role.OBSERVER})

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    def require(self, *roles: Role) -> None:
        if not self.has_any(*roles):
            raise PermissionDeniedForRole


# The person of the user in the body, the units they head, and their role assignments there.
ROLES_SQL = (
    "SELECT 'person', p.id, NULL FROM org_person p"
    " WHERE p.body_id = %s AND p.user_id = %s AND p.is_active"
    " UNION ALL SELECT 'head', NULL, u.path FROM org_orgunit u"
    " JOIN org_person p ON u.head_id = p.id"
    " WHERE p.body_id = %s AND p.user_id = %s AND p.is_active"
    " UNION ALL SELECT r.kind, NULL, u.path FROM core_roleassignment r"
    " LEFT JOIN org_orgunit u ON u.id = r.unit_id WHERE r.user_id = %s AND r.body_id = %s"
)


def resolve_access(user: User, body: Body) -> Access | None:
    """The user's access to `body`, or None when they have no role there.

    One query (it runs on every request of a body's pages and API): the user's person in the
    body, the units they head, and their role assignments there."""
    if not user.is_authenticated or not user.is_active:
        return None
    roles: set[Role] = set()
    if user.is_superuser:
        roles.add(Role.PLATFORM_ADMIN)
    person_id: int | None = None
    managed_paths: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(ROLES_SQL, [body.pk, user.pk] * 2 + [user.pk, body.pk])
        rows = cursor.fetchall()
    for kind, pk, path in rows:
        if kind == "person":
            person_id = pk if person_id is None else min(person_id, pk)
            roles.add(Role.EMPLOYEE)
        elif kind == "head":
            managed_paths.append(path)
        elif kind == RoleKind.HR_ADMIN:
            roles.add(Role.HR_ADMIN)
        elif kind == RoleKind.OBSERVER:
            roles.add(Role.OBSERVER)
        elif kind == RoleKind.MANAGER and path is not None:
            managed_paths.append(path)
    if managed_paths:
        roles.add(Role.MANAGER)
    if not roles:
        return None
    return Access(
        user_id=user.pk,
        body=body,
        roles=frozenset(roles),
        person_id=person_id,
        managed_paths=tuple(sorted(set(managed_paths))),
    )


def get_access_or_404(user: User, body_slug: str) -> Access:
    body = next(iter(Body.objects.raw("SELECT * FROM org_body WHERE slug = %s", [body_slug])), None)
    access = resolve_access(user, body) if body is not None else None
    if access is None:
        raise Http404("No such body")
    return access


def bodies_for_user(user: User) -> QuerySet[Body]:
    """Every body where the user holds a role: what the header's body switcher lists."""
    if not user.is_authenticated:
        return Body.objects.none()
    if user.is_superuser:
        return Body.objects.all()
    return Body.objects.filter(
        Q(people__user=user, people__is_active=True)
        | Q(
            role_assignments__user=user,
            role_assignments__kind__in=[
                RoleKind.HR_ADMIN,
                RoleKind.OBSERVER,
                RoleKind.MANAGER,
            ],
        )
    ).distinct()


def coordinated_networks(user: User) -> QuerySet[Network]:
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(
        role_assignments__user=user, role_assignments__kind=RoleKind.NETWORK_COORDINATOR
    ).distinct()


def networks_for_user(user: User) -> QuerySet[Network]:
    """Networks a user may open: those they coordinate and those their bodies belong to."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    body_ids = bodies_for_user(user).values("pk")
    return Network.objects.filter(
        Q(memberships__body__in=body_ids)
        | Q(role_assignments__user=user, role_assignments__kind=RoleKind.NETWORK_COORDINATOR)
    ).distinct()


def can_coordinate(user: User, network: Network) -> bool:
    return coordinated_networks(user).filter(pk=network.pk).exists()
