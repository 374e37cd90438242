"""Who may do what with an objective, and how it stands: the reads that both the services
(writes) and the selectors (reads) ask, kept apart so that neither imports the other's module
to get them."""

from __future__ import annotations

from datetime import date

from agilepa.core.access import Access
from agilepa.core.policies import manages_unit as core_manages_unit
from agilepa.objectives import progress as rules
from agilepa.objectives.models import Objective, ObjectivesPolicy, State
from agilepa.org.models import Body, OrgUnit


def policy_for(body: Body) -> ObjectivesPolicy:
    """The body's policy, or the defaults (unsaved) when the body has not set one."""
    return ObjectivesPolicy.objects.filter(body=body).first() or ObjectivesPolicy(body=body)


def manages_unit(access: Access, unit: OrgUnit | None) -> bool:
    """HR manages every unit (and the body's own objectives); a manager the units of the
    subtrees they head."""
    if access.is_hr:
        return True
    return unit is not None and core_manages_unit(access, unit)


def can_manage(access: Access, objective: Objective) -> bool:
    """Who may change an objective, its key results and targets: HR, and the managers of its
    unit (for a person's objective, the unit the person was in)."""
    return manages_unit(access, objective.unit)


def can_check_in(access: Access, objective: Objective) -> bool:
    if objective.state != State.ACTIVE:
        return False
    return objective.owner_id == access.person_id or can_manage(access, objective)


def objective_status(objective: Objective, policy: ObjectivesPolicy, today: date) -> str | None:
    start, end = objective.bounds
    return rules.status(
        objective.progress,
        rules.expected_progress(start, end, today),
        objective.last_confidence or None,
        policy.status_rules,
    )


def checkin_due(objective: Objective, policy: ObjectivesPolicy, today: date) -> bool:
    """A running, active objective whose last check-in (or, before the first, its period's
    start) is `checkin_every_days` days old or more."""
    start, end = objective.bounds
    if objective.state != State.ACTIVE or not start <= today <= end:
        return False
    since = objective.last_checkin_on or start
    return (today - since).days >= policy.checkin_every_days
