"""Writes about users and roles: invitations, role grants and revocations."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from agilepa.audit import services as audit
from agilepa.core.access import Access
from agilepa.core.models import RoleAssignment, RoleKind, User
from agilepa.core.tokens import revoke_tokens_relying_on
from agilepa.org.models import OrgUnit, Person

BODY_ROLE_KINDS = {RoleKind.HR_ADMIN, RoleKind.OBSERVER, RoleKind.MANAGER}


def get_or_invite_user(
    email: str, first_name: str = "", last_name: str = "", base_url: str = "", body_name: str = ""
) -> tuple[User, bool]:
    """The login for `email`; a new one gets a random password and an invitation e-mail with
    a link to choose a password (a password-reset link, valid for PASSWORD_RESET_TIMEOUT)."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            {"email": _("%(email)s is not a valid e-mail address.") % {"email": email}}
        ) from exc
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email, secrets.token_urlsafe(32), first_name=first_name, last_name=last_name
    )
    link = base_url + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": link, "body_name": body_name}
    send_mail(
        _("Your Agile PA account"),
        render_to_string("core/invitation_email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    return user, True


@transaction.atomic
def grant_role(
    access: Access, email: str, kind: str, unit: OrgUnit | None = None, base_url: str = ""
) -> RoleAssignment:
    """An HR admin gives a role in their body (HR admin, observer, or manager of a unit)."""
    if kind not in BODY_ROLE_KINDS:
        raise ValidationError({"kind": _("This role cannot be given here.")})
    if kind == RoleKind.MANAGER:
        if unit is None or unit.body_id != access.body.pk:
            raise ValidationError({"unit": _("A manager role needs a unit of this body.")})
    else:
        unit = None
    user, _created = get_or_invite_user(email, base_url=base_url, body_name=access.body.name)
    if RoleAssignment.objects.filter(user=user, kind=kind, body=access.body, unit=unit).exists():
        raise ValidationError(
            {"email": _("%(email)s already has this role.") % {"email": user.email}}
        )
    assignment = RoleAssignment.objects.create(user=user, kind=kind, body=access.body, unit=unit)
    record_role("role.grant", assignment, {}, audit.snapshot(assignment, ROLE_FIELDS))
    return assignment


ROLE_FIELDS = ("user", "kind", "body", "unit", "network")


def record_role(
    action: str,
    assignment: RoleAssignment,
    before: dict[str, object],
    after: dict[str, object],
    user: User | None = None,
    via: str | None = None,
) -> None:
    """A grant or revocation in the trail: revoking deletes the row, the entry stays."""
    person = None
    if assignment.body_id:
        person = (
            Person.objects.filter(body_id=assignment.body_id, user_id=assignment.user_id)
            .values_list("pk", flat=True)
            .first()
        )
    email = User.objects.filter(pk=assignment.user_id).values_list("email", flat=True).first()
    audit.record(
        action,
        body=assignment.body_id,
        obj=assignment,
        label=f"{assignment.get_kind_display()}: {email or assignment.user_id}",
        person=person,
        changes=audit.diff(before, after),
        user=user,
        via=via,
    )


@transaction.atomic
def revoke_role(access: Access, assignment: RoleAssignment) -> None:
    if assignment.body_id != access.body.pk:
        raise ValidationError(_("This role belongs to another body."))
    if assignment.user_id == access.user_id and assignment.kind == RoleKind.HR_ADMIN:
        raise ValidationError(
            _("You cannot remove your own HR administrator role: ask another HR administrator.")
        )
    record_role("role.revoke", assignment, audit.snapshot(assignment, ROLE_FIELDS), {})
    assignment.delete()
    revoke_tokens_relying_on(assignment.user_id, assignment.body_id)


@transaction.atomic
def link_login(access: Access, person: Person, base_url: str = "") -> User:
    """Give a person a login (their e-mail), so they can see their own data."""
    if person.body_id != access.body.pk:
        raise ValidationError(_("This person belongs to another body."))
    if person.user_id:
        raise ValidationError(_("%(name)s already has a login.") % {"name": person.full_name})
    if not person.email:
        raise ValidationError(
            {
                "email": _("%(name)s has no e-mail address: add one first.")
                % {"name": person.full_name}
            }
        )
    user, _created = get_or_invite_user(
        person.email,
        person.first_name,
        person.last_name,
        base_url=base_url,
        body_name=access.body.name,
    )
    if Person.objects.filter(body=person.body, user=user).exists():
        raise ValidationError(_("This login is already linked to another person of the body."))
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    audit.record(
        "person.login",
        body=person.body_id,
        obj=person,
        label=person.full_name,
        person=person,
        changes=audit.diff({"user": None}, {"user": user.pk}),
    )
    return user
