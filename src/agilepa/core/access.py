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

from agilepa.core import rows
from agilepa.core.models import RoleKind, User
from agilepa.org.models import Body
from agilepa.org.models import Network as Network  # re-exported: core/policies.py names it


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


# The user's roles in every body: their active persons, the units those persons head, and their
# role assignments (a network coordinator's has no body and never matches a body).
_USER_ROLES = (
    "SELECT p.body_id AS body_id, 'person' AS kind, p.id AS pid, NULL AS path"
    " FROM org_person p WHERE p.user_id = %s AND p.is_active"
    " UNION ALL SELECT p.body_id, 'head', NULL, u.path FROM org_orgunit u"
    " JOIN org_person p ON u.head_id = p.id WHERE p.user_id = %s AND p.is_active"
    " UNION ALL SELECT r.body_id, r.kind, NULL, u.path FROM core_roleassignment r"
    " LEFT JOIN org_orgunit u ON u.id = r.unit_id WHERE r.user_id = %s"
)
# (Composed of the constants above only: no value ever enters these strings.)
ROLES_SQL = f"SELECT kind, pid, path FROM ({_USER_ROLES}) r WHERE r.body_id = %s"  # noqa: S608
# The body of a slug with the user's roles there, one row per role (one row of NULLs for none).
BODY_AND_ROLES_SQL = (
    f"SELECT {rows.select_list(Body, 'b')}, r.kind, r.pid, r.path"  # noqa: S608
    f" FROM org_body b LEFT JOIN ({_USER_ROLES}) r ON r.body_id = b.id WHERE b.slug = %s"
)


def _access(user: User, body: Body, rows: list[tuple[str, int | None, str | None]]):
    roles: set[Role] = set()
    if user.is_superuser:
        roles.add(Role.PLATFORM_ADMIN)
    person_id: int | None = None
    managed_paths: list[str] = []
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


def resolve_access(user: User, body: Body) -> Access | None:
    """The user's access to `body`, or None when they have no role there: from the user's
    person in the body, the units they head, and their role assignments there (one query)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if not token_allows(user, body.pk):
        return None
    with connection.cursor() as cursor:
        cursor.execute(ROLES_SQL, [user.pk] * 3 + [body.pk])
        return _access(user, body, cursor.fetchall())


def get_access_or_404(user: User, body_slug: str) -> Access:
    """The access of the user to the body of a slug; 404 for a body that does not exist and for
    one where the user has no role alike. One query, the body and the roles together: every
    request of a body's pages and API starts here."""
    access = None
    if user.is_authenticated and user.is_active:
        with connection.cursor() as cursor:
            cursor.execute(BODY_AND_ROLES_SQL, [user.pk] * 3 + [body_slug])
            found = cursor.fetchall()
        if found:
            body = rows.instance(Body, found[0])
            if token_allows(user, body.pk):
                roles = [tuple(row[-3:]) for row in found if row[-3]]
                access = _access(user, body, roles)
    if access is None:
        raise Http404("No such body")
    return access


def token_allows(user: User, body_id: int) -> bool:
    """False when the caller came with an API token limited to another body."""
    limit = getattr(user, "token_body_id", None)
    return limit is None or limit == body_id


def bodies_for_user(user: User) -> QuerySet[Body]:
    """Every body where the user holds a role: what the header's body switcher lists (only the
    token's body for an API token limited to one)."""
    if not user.is_authenticated:
        return Body.objects.none()
    limit = getattr(user, "token_body_id", None)
    if limit is not None:
        return _bodies_with_a_role(user).filter(pk=limit)
    if user.is_superuser:
        return Body.objects.all()
    return _bodies_with_a_role(user)


def _bodies_with_a_role(user: User) -> QuerySet[Body]:
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
    """Networks the user coordinates; none through an API token limited to one body."""
    if getattr(user, "token_body_id", None) is not None:
        return Network.objects.none()
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
    if getattr(user, "token_body_id", None) is not None:
        return Network.objects.filter(memberships__body__in=body_ids).distinct()
    return Network.objects.filter(
        Q(memberships__body__in=body_ids)
        | Q(role_assignments__user=user, role_assignments__kind=RoleKind.NETWORK_COORDINATOR)
    ).distinct()


def can_coordinate(user: User, network: Network) -> bool:
    return coordinated_networks(user).filter(pk=network.pk).exists()
