"""Who is who: a provider's claims matched to an existing active person of a body it serves.

A login never creates a person. It may create the person's *login* (a User without a usable
password) the first time an existing person arrives through their body's provider, as HR's
"give a login" would. An e-mail the provider does not assert as verified is never matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from agilepa.audit import services as audit
from agilepa.core.models import RoleAssignment, RoleKind, User
from agilepa.org.models import Body, MembershipStatus, Person
from agilepa.org.validators import normalize_tax_code

from .models import IdentityEvent, IdentityEventKind, IdentityProvider

FISCAL_PREFIX = "TINIT-"
MAPPABLE_ROLES = {RoleKind.HR_ADMIN, RoleKind.OBSERVER, RoleKind.MANAGER}


class NoMatch(Exception):
    """No active person of a served body answers these claims."""

    def __init__(self, reason: str, bodies: list[Body], ended: list[Person] | None = None):
        super().__init__(reason)
        self.reason = reason
        self.bodies = bodies
        self.ended = ended or []


@dataclass
class Match:
    user: User
    people: list[Person] = field(default_factory=list)


def tax_code_from_claims(claims: dict) -> str:
    """The codice fiscale of SPID/CIE's `fiscalNumber` ("TINIT-RSSMRA80A01H501U"), or of a
    body directory's plain claim."""
    raw = str(claims.get("fiscalNumber") or claims.get("fiscal_number") or "").strip()
    if raw.upper().startswith(FISCAL_PREFIX):
        raw = raw[len(FISCAL_PREFIX) :]
    return normalize_tax_code(raw)


def verified_email(claims: dict) -> str:
    """The e-mail only when the provider says it verified it (`email_verified` true)."""
    if claims.get("email_verified") is not True:
        return ""
    return str(claims.get("email") or "").strip().lower()


def served_bodies(provider: IdentityProvider) -> QuerySet[Body]:
    condition = Q(identity_providers=provider)
    if provider.network_id:
        condition |= Q(
            memberships__network_id=provider.network_id,
            memberships__status=MembershipStatus.ACTIVE,
        ) | Q(coordinated_networks=provider.network_id)
    return Body.objects.filter(condition).distinct()


def providers_for_body(body: Body) -> QuerySet[IdentityProvider]:
    condition = Q(bodies=body) | Q(
        network__memberships__body=body, network__memberships__status=MembershipStatus.ACTIVE
    )
    condition |= Q(network__coordinator=body)
    return IdentityProvider.objects.filter(condition, is_active=True).distinct()


def _is_current(person: Person, today: date) -> bool:
    return person.is_active and (person.ended_on is None or person.ended_on > today)


@transaction.atomic
def match_login(provider: IdentityProvider, claims: dict) -> Match:
    """The login of the person these claims name, in a body the provider serves."""
    bodies = list(served_bodies(provider))
    condition = Q()
    tax_code = tax_code_from_claims(claims) if provider.match_by_tax_code else ""
    email = verified_email(claims) if provider.match_by_email else ""
    if tax_code:
        condition |= Q(tax_code=tax_code)
    if email:
        condition |= Q(email__iexact=email)
    if not condition:
        raise NoMatch("no_claims", bodies)
    found = list(
        Person.objects.filter(condition, body__in=bodies).select_related("body", "user", "unit")
    )
    today = timezone.localdate()
    current = [p for p in found if _is_current(p, today)]
    if not current:
        raise NoMatch("ended" if found else "unknown", bodies, ended=found)
    users = {p.user for p in current if p.user is not None}
    if len(users) > 1:
        raise NoMatch("ambiguous", bodies)
    user = users.pop() if users else _login_for(current[0], email)
    if user is None or not user.is_active:
        raise NoMatch("no_login", bodies)
    for person in current:
        if (
            person.user_id is None
            and not Person.objects.filter(body=person.body, user=user).exists()
        ):
            person.user = user
            person.save(update_fields=["user", "updated_at"])
    _map_groups(provider, claims, user, current)
    return Match(user=user, people=current)


def _login_for(person: Person, email: str) -> User | None:
    """The login a person without one gets: their HR-registered e-mail, else the verified one."""
    address = (person.email or email).strip().lower()
    if not address:
        return None
    user = User.objects.filter(email=address).first()
    if user is None:
        user = User.objects.create_user(
            address, first_name=person.first_name, last_name=person.last_name
        )
    return user


def _map_groups(provider: IdentityProvider, claims: dict, user: User, people: list[Person]) -> None:
    """Roles from the provider's groups, only where the body chose a mapping; roles are only
    added, never removed (HR's grants stay HR's)."""
    if not provider.group_claim or not provider.group_roles:
        return
    groups = claims.get(provider.group_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    kinds = {provider.group_roles.get(g) for g in groups} & {k.value for k in MAPPABLE_ROLES}
    for person in people:
        for kind in kinds:
            unit = person.unit if kind == RoleKind.MANAGER else None
            assignment, created = RoleAssignment.objects.get_or_create(
                user=user, kind=kind, body=person.body, unit=unit, network=None
            )
            if created:
                from agilepa.core.services import ROLE_FIELDS, record_role

                after = audit.snapshot(assignment, ROLE_FIELDS)
                record_role("role.grant", assignment, {}, after, user=user, via="sso")


def asserted_second_factor(provider: IdentityProvider, claims: dict) -> str:
    """The amr/acr value by which the provider says a second factor was used, or ''."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    values = [*amr, claims.get("acr") or ""]
    for value in values:
        if value and value in provider.second_factor_set:
            return value
    return ""


# The audit trail's names for the identity events (docs/audit.md).
AUDIT_ACTIONS = {
    IdentityEventKind.LOGIN: "sso.login",
    IdentityEventKind.REFUSED: "sso.refused",
    IdentityEventKind.SECOND_FACTOR_ENROLLED: "2fa.enrolled",
    IdentityEventKind.SECOND_FACTOR_RESET: "2fa.reset",
    IdentityEventKind.RECOVERY_CODE_USED: "2fa.recovery_used",
}


def record(kind: str, *, actor=None, subject=None, provider=None, detail: str = "") -> None:
    """The identity app's own line, and the same event in the audit trail."""
    IdentityEvent.objects.create(
        kind=kind, actor=actor, subject=subject, provider=provider, detail=detail[:300]
    )
    changes = {"provider": provider.slug} if provider is not None else {}
    if detail:
        changes["detail"] = detail[:300]
    audit_event(AUDIT_ACTIONS[kind], actor=actor, subject=subject, changes=changes)


def audit_event(action: str, *, actor=None, subject=None, changes: dict | None = None) -> None:
    """A login or second-factor event in the audit trail (the platform's chain: a login is
    nobody's body's), naming whose login it was, never a code or a secret."""
    audit.record(
        action,
        user=actor,
        obj=subject,
        label=getattr(subject, "email", "") or "",
        object_type="core.user",
        changes=changes or {},
    )


__all__ = [
    "IdentityEventKind",
    "Match",
    "NoMatch",
    "asserted_second_factor",
    "match_login",
    "providers_for_body",
    "record",
    "served_bodies",
    "tax_code_from_claims",
    "verified_email",
]
