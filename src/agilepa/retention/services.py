"""HR's edits of the body's retention policy."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agilepa.audit import services as audit
from agilepa.core.access import Access, Role
from agilepa.retention import policy
from agilepa.retention.models import RetentionPolicy

FIELDS = ("person_years", "import_days", "short_period_confirmed")


def policy_for(access: Access) -> RetentionPolicy:
    """The body's policy, created with the defaults when the body has none yet."""
    access.require(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
    found, _created = RetentionPolicy.objects.get_or_create(body=access.body)
    return found


@transaction.atomic
def save_policy(
    access: Access, *, person_years: int, import_days: int, confirmed: bool = False
) -> RetentionPolicy:
    """Set the body's periods. A period for people shorter than the default needs HR's
    confirmation that the body can do without the records it would lose."""
    access.require(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
    errors = {}
    if not 0 <= person_years <= policy.MAX_PERSON_YEARS:
        errors["person_years"] = _("Choose between 0 and %(max)s years.") % {
            "max": policy.MAX_PERSON_YEARS
        }
    elif person_years < policy.CONFIRM_BELOW_YEARS and not confirmed:
        errors["confirmed"] = _(
            "%(years)s years is shorter than the %(default)s years in which former employees"
            " can bring pay claims: confirm that the body keeps what it needs elsewhere."
        ) % {"years": person_years, "default": policy.DEFAULT_PERSON_YEARS}
    if not policy.MIN_IMPORT_DAYS <= import_days <= policy.MAX_IMPORT_DAYS:
        errors["import_days"] = _("Choose between %(min)s and %(max)s days.") % {
            "min": policy.MIN_IMPORT_DAYS,
            "max": policy.MAX_IMPORT_DAYS,
        }
    if errors:
        raise ValidationError(errors)
    current = RetentionPolicy.objects.select_for_update().get_or_create(body=access.body)[0]
    before = audit.snapshot(current, FIELDS)
    current.person_years = person_years
    current.import_days = import_days
    current.short_period_confirmed = person_years < policy.CONFIRM_BELOW_YEARS
    current.updated_by_id = access.user_id
    current.save()
    audit.record(
        "retention.policy",
        body=access.body,
        obj=current,
        changes=audit.diff(before, audit.snapshot(current, FIELDS)),
    )
    return current
