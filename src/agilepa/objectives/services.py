"""Writes of objectives: objectives with their key results, check-ins, the roll-up of progress
up the tree, the body's policy, and the activity log. Each write is validated and atomic; a
refusal is a ValidationError naming the field and what to do."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.objectives import progress as rules
from agilepa.objectives.models import (
    MAX_KEY_RESULTS,
    ActivityEntry,
    CheckIn,
    Confidence,
    KeyResult,
    KeyResultKind,
    KeyResultValue,
    Level,
    Milestone,
    Objective,
    ObjectivesPolicy,
    Period,
    State,
)
from agilepa.objectives.policies import can_check_in, can_manage, manages_unit, policy_for
from agilepa.objectives.selectors import objectives_for
from agilepa.org.models import Body, OrgUnit, Person

LEVEL_RANK = {Level.BODY: 0, Level.UNIT: 1, Level.PERSON: 2}
MAX_MILESTONES = 20
# How far back a person may write or correct the activity log of a day.
ACTIVITY_DAYS_BACK = 31


# --- objectives and key results ------------------------------------------------------------


@dataclass
class KeyResultInput:
    title: str
    kind: str
    baseline: Decimal = Decimal(0)
    target: Decimal = Decimal(1)
    unit_of_measure: str = ""
    direction: str = rules.Direction.INCREASE
    weight: int = 1
    milestones: list[str] = field(default_factory=list)
    id: int | None = None


@dataclass
class ObjectiveInput:
    code: str
    title: str
    level: str
    year: int
    period: str
    owner_id: int
    unit_id: int | None = None
    description: str = ""
    parent_id: int | None = None
    weight: int = 1
    performance_code: str = ""
    shared: bool = True


def _fail(field_name: str, message: str) -> None:
    raise ValidationError({field_name: message})


def check_key_result(kr: KeyResultInput, label: str) -> list[str]:
    """Problems of one key result, each a sentence starting with `label`."""
    problems = []
    if not kr.title.strip():
        problems.append(_("%(kr)s: give it a title.") % {"kr": label})
    if kr.kind not in KeyResultKind.values:
        problems.append(_("%(kr)s: choose its kind.") % {"kr": label})
    if not 1 <= kr.weight <= 100:
        problems.append(_("%(kr)s: the weight is a whole number from 1 to 100.") % {"kr": label})
    if kr.kind in (rules.Kind.NUMERIC, rules.Kind.PERCENTAGE):
        if kr.direction == rules.Direction.INCREASE and kr.target < kr.baseline:
            problems.append(
                _(
                    "%(kr)s: an increasing metric needs a target at or above the baseline; "
                    "choose “decrease” for a metric that should go down."
                )
                % {"kr": label}
            )
        if kr.direction == rules.Direction.DECREASE and kr.target > kr.baseline:
            problems.append(
                _("%(kr)s: a decreasing metric needs a target at or below the baseline.")
                % {"kr": label}
            )
    if kr.kind == rules.Kind.PERCENTAGE and not (0 <= kr.baseline <= 100 and 0 <= kr.target <= 100):
        problems.append(_("%(kr)s: a percentage is between 0 and 100.") % {"kr": label})
    if kr.kind == rules.Kind.MILESTONES:
        titles = [m.strip() for m in kr.milestones if m.strip()]
        if not titles:
            problems.append(_("%(kr)s: list at least one milestone.") % {"kr": label})
        if len(titles) > MAX_MILESTONES:
            problems.append(
                _("%(kr)s: at most %(n)d milestones.") % {"kr": label, "n": MAX_MILESTONES}
            )
    return problems


def _resolve_tree(access: Access, data: ObjectiveInput, objective: Objective | None):
    """The owner, unit and parent of an objective, checked against the body, the user's reach
    and the tree. Returns (owner, unit, parent)."""
    body = access.body
    if data.level not in Level.values:
        _fail("level", _("Choose the level: body, unit or person."))
    if data.period not in Period.values:
        _fail("period", _("Choose the period: the year, a semester or a quarter."))
    owner = Person.objects.filter(body=body, pk=data.owner_id, is_active=True).first()
    if owner is None:
        _fail("owner", _("Choose the owner among the body's active people."))
    unit: OrgUnit | None = None
    if data.level == Level.BODY:
        if not access.is_hr:
            raise PermissionDeniedForRole
    elif data.level == Level.UNIT:
        unit = OrgUnit.objects.filter(body=body, pk=data.unit_id).first()
        if unit is None:
            _fail("unit", _("Choose the unit of the objective."))
    else:
        unit = owner.unit
    if data.level != Level.BODY and not manages_unit(access, unit):
        raise PermissionDeniedForRole
    parent = None
    if data.parent_id is not None:
        parent = objectives_for(access).filter(pk=data.parent_id).select_related("unit").first()
        if parent is None:
            _fail("parent", _("The objective it contributes to does not exist."))
        _check_parent(data, unit, parent, objective)
    return owner, unit, parent


def _check_parent(
    data: ObjectiveInput, unit: OrgUnit | None, parent: Objective, objective: Objective | None
) -> None:
    if parent.state == State.CANCELLED:
        _fail("parent", _("It cannot contribute to a cancelled objective."))
    if parent.year != data.year or not rules.period_within(data.period, parent.period):
        _fail(
            "parent",
            _(
                "It can contribute only to an objective of the same year whose period "
                "contains its own."
            ),
        )
    if LEVEL_RANK[parent.level] > LEVEL_RANK[data.level]:
        _fail("parent", _("A body objective cannot contribute to a unit's or a person's."))
    if parent.level == Level.PERSON and data.level == Level.PERSON:
        _fail("parent", _("A person's objective contributes to a unit's or the body's."))
    if parent.unit is not None and (unit is None or not unit.path.startswith(parent.unit.path)):
        _fail(
            "parent",
            _("It can contribute only to objectives of its own unit or of the units above it."),
        )
    if objective is not None:
        node: Objective | None = parent
        while node is not None:
            if node.pk == objective.pk:
                _fail(
                    "parent", _("An objective cannot contribute to itself or to its own children.")
                )
            node = node.parent


def _check_input(access: Access, data: ObjectiveInput, krs: list[KeyResultInput], pk: int | None):
    errors: dict[str, list[str]] = defaultdict(list)
    data.code = data.code.strip()
    data.title = data.title.strip()
    if not data.code:
        errors["code"].append(_("Give the objective a code, e.g. OB-2027-01."))
    elif (
        Objective.objects.filter(body=access.body, year=data.year, code__iexact=data.code)
        .exclude(pk=pk)
        .exists()
    ):
        errors["code"].append(
            _("The code %(code)s is already used in %(year)d.")
            % {"code": data.code, "year": data.year}
        )
    if not data.title:
        errors["title"].append(_("Give the objective a title."))
    if not 2000 <= data.year <= 2100:
        errors["year"].append(_("Write the year with four digits."))
    if not 1 <= data.weight <= 100:
        errors["weight"].append(_("The weight is a whole number from 1 to 100."))
    if len(krs) > MAX_KEY_RESULTS:
        errors["key_results"].append(
            _("An objective has at most %(n)d key results.") % {"n": MAX_KEY_RESULTS}
        )
    for n, kr in enumerate(krs, start=1):
        errors["key_results"] += check_key_result(kr, _("Key result %(n)d") % {"n": n})
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_objective(
    access: Access, data: ObjectiveInput, key_results: list[KeyResultInput]
) -> Objective:
    _check_input(access, data, key_results, None)
    owner, unit, parent = _resolve_tree(access, data, None)
    objective = Objective.objects.create(
        body=access.body,
        code=data.code,
        level=data.level,
        unit=unit,
        owner=owner,
        title=data.title,
        description=data.description.strip(),
        year=data.year,
        period=data.period,
        parent=parent,
        weight=data.weight,
        performance_code=data.performance_code.strip(),
        shared=data.shared,
        created_by_id=access.user_id,
    )
    _save_key_results(objective, key_results)
    recompute(objective)
    return objective


@transaction.atomic
def update_objective(
    access: Access, objective: Objective, data: ObjectiveInput, key_results: list[KeyResultInput]
) -> Objective:
    if not can_manage(access, objective):
        raise PermissionDeniedForRole
    _check_input(access, data, key_results, objective.pk)
    owner, unit, parent = _resolve_tree(access, data, objective)
    old_parent_id = objective.parent_id
    for name, value in (
        ("code", data.code),
        ("level", data.level),
        ("unit", unit),
        ("owner", owner),
        ("title", data.title),
        ("description", data.description.strip()),
        ("year", data.year),
        ("period", data.period),
        ("parent", parent),
        ("weight", data.weight),
        ("performance_code", data.performance_code.strip()),
        ("shared", data.shared),
    ):
        setattr(objective, name, value)
    objective.save()
    _save_key_results(objective, key_results)
    recompute(objective)
    if old_parent_id and old_parent_id != objective.parent_id:
        recompute(Objective.objects.get(pk=old_parent_id))
    return objective


def _save_key_results(objective: Objective, key_results: list[KeyResultInput]) -> None:
    """Key results given with an id are updated (their current value kept), others created;
    those no longer listed are removed."""
    existing = {kr.pk: kr for kr in objective.key_results.all()}
    keep = []
    for position, given in enumerate(key_results):
        kr = existing.get(given.id) if given.id is not None else None
        if kr is None:
            kr = KeyResult(objective=objective)
        kr.title = given.title.strip()
        kr.kind = given.kind
        kr.unit_of_measure = given.unit_of_measure.strip()
        kr.weight = given.weight
        kr.position = position
        kr.direction = given.direction
        if given.kind == rules.Kind.BOOLEAN or given.kind == rules.Kind.MILESTONES:
            kr.baseline, kr.target, kr.direction = Decimal(0), Decimal(1), rules.Direction.INCREASE
        else:
            kr.baseline, kr.target = given.baseline, given.target
        kr.save()
        keep.append(kr.pk)
        if given.kind == rules.Kind.MILESTONES:
            _save_milestones(kr, [m.strip() for m in given.milestones if m.strip()])
        else:
            kr.milestones.all().delete()
    objective.key_results.exclude(pk__in=keep).delete()


def _save_milestones(kr: KeyResult, titles: list[str]) -> None:
    done = {m.title: m.done for m in kr.milestones.all()}
    kr.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(key_result=kr, title=t[:200], done=done.get(t, False), position=n)
        for n, t in enumerate(titles)
    )


@transaction.atomic
def set_state(access: Access, objective: Objective, state: str) -> Objective:
    """Close (the period's work is over) or cancel an objective, or make it active again.
    A cancelled objective leaves its parent's progress and the measures."""
    if not can_manage(access, objective):
        raise PermissionDeniedForRole
    if state not in State.values:
        _fail("state", _("Choose active, closed or cancelled."))
    objective.state = state
    objective.save(update_fields=["state", "updated_at"])
    if objective.parent_id:
        recompute(objective.parent)
    return objective


# --- progress ------------------------------------------------------------------------------


def own_progress(
    objective: Objective, key_results: list[KeyResult] | None = None
) -> Decimal | None:
    """The objective's progress from its key results and its live children's progress.
    `key_results`: the objective's, with their milestones, when the caller holds them as
    just saved (a check-in)."""
    if key_results is None:
        key_results = list(objective.key_results.prefetch_related("milestones"))
    krs = [kr.facts() for kr in key_results]
    children = [
        (child.progress, child.weight)
        for child in objective.children.exclude(state=State.CANCELLED).only("progress", "weight")
    ]
    return rules.objective_progress(krs, children)


def recompute(
    objective: Objective, *, roll_up: bool = True, key_results: list[KeyResult] | None = None
) -> None:
    """Store the progress of `objective` and of every objective above it: a change anywhere
    rolls up to the root (`roll_up=False`: of `objective` alone, for a caller that records
    many check-ins and then recomputes the tree above them once). `key_results`: those of
    `objective`, as `own_progress` takes them."""
    node: Objective | None = objective
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        value = own_progress(node, key_results if node is objective else None)
        if value is not None:
            value = value.quantize(Decimal("0.000001"))
        Objective.objects.filter(pk=node.pk).update(progress=value)
        node.progress = value
        if not roll_up or not node.parent_id:
            break
        node = Objective.objects.filter(pk=node.parent_id).first()


def recompute_body(body: Body) -> int:
    """Recompute every objective of a body from the leaves up, in one pass over the tree
    (after an import). Returns how many were computed."""
    objectives = list(Objective.objects.filter(body=body).exclude(state=State.CANCELLED))
    ids = {o.pk for o in objectives}
    own: dict[int, list[rules.KeyResultFacts]] = {o.pk: [] for o in objectives}
    for kr in KeyResult.objects.filter(objective_id__in=ids).prefetch_related("milestones"):
        own[kr.objective_id].append(kr.facts(list(kr.milestones.all())))
    children: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for o in objectives:
        if o.parent_id in ids:
            children[o.parent_id].append((o.pk, o.weight))
    result = rules.rolled_up(own, children)
    for o in objectives:
        value = result.get(o.pk)
        o.progress = None if value is None else value.quantize(Decimal("0.000001"))
    Objective.objects.bulk_update(objectives, ["progress"], batch_size=500)
    return len(objectives)


# --- check-ins -----------------------------------------------------------------------------


@transaction.atomic
def record_checkin(
    access: Access,
    objective: Objective,
    *,
    values: dict[int, Decimal | None],
    milestones_done: set[int],
    comment: str,
    confidence: str,
    today: date | None = None,
    roll_up: bool = True,
) -> CheckIn:
    """The owner (or who manages the objective) records where each key result stands, a
    comment and their confidence. The key results take the new values, the progress rolls up
    the tree, and the check-in keeps the values of the day for the history. `roll_up=False`
    leaves the objectives above to the caller (see `recompute`)."""
    if not can_check_in(access, objective):
        raise PermissionDeniedForRole
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = defaultdict(list)
    if not comment.strip():
        errors["comment"].append(_("Say in a few words what changed since the last check-in."))
    if confidence not in Confidence.values:
        errors["confidence"].append(_("Choose how confident you are: high, medium or low."))
    key_results = list(objective.key_results.prefetch_related("milestones"))
    unknown = set(values) - {kr.pk for kr in key_results}
    if unknown:
        errors["values"].append(_("A value was given for a key result of another objective."))
    for kr in key_results:
        value = values.get(kr.pk)
        if value is None:
            continue
        if kr.kind == rules.Kind.PERCENTAGE and not 0 <= value <= 100:
            errors["values"].append(
                _("%(kr)s: a percentage is between 0 and 100.") % {"kr": kr.title}
            )
        if kr.kind == rules.Kind.BOOLEAN and value not in (0, 1):
            errors["values"].append(_("%(kr)s: answer yes or no.") % {"kr": kr.title})
        if abs(value) >= Decimal("1e10"):
            errors["values"].append(_("%(kr)s: the value is too large.") % {"kr": kr.title})
    if errors:
        raise ValidationError(dict(errors))
    checkin = CheckIn.objects.create(
        objective=objective,
        author_id=access.user_id,
        date=today,
        comment=comment.strip(),
        confidence=confidence,
    )
    recorded = []
    for kr in key_results:
        if kr.kind == rules.Kind.MILESTONES:
            milestones = list(kr.milestones.all())
            for m in milestones:
                m.done = m.pk in milestones_done
            Milestone.objects.bulk_update(milestones, ["done"])
            value: Decimal | None = Decimal(sum(1 for m in milestones if m.done))
        else:
            value = values.get(kr.pk, kr.current)
        kr.current = value
        kr.save(update_fields=["current"])
        recorded.append(KeyResultValue(checkin=checkin, key_result=kr, value=value))
    KeyResultValue.objects.bulk_create(recorded)
    Objective.objects.filter(pk=objective.pk).update(
        last_checkin_on=today, last_confidence=confidence
    )
    objective.last_checkin_on, objective.last_confidence = today, confidence
    recompute(objective, roll_up=roll_up, key_results=key_results)
    checkin.progress = objective.progress
    checkin.save(update_fields=["progress"])
    return checkin


# --- the body's policy ---------------------------------------------------------------------


@transaction.atomic
def save_policy(access: Access, policy: ObjectivesPolicy) -> ObjectivesPolicy:
    if not access.is_hr:
        raise PermissionDeniedForRole
    policy.body = access.body
    if policy.off_track_gap < policy.at_risk_gap:
        raise ValidationError(
            {"off_track_gap": _("The off-track gap cannot be smaller than the at-risk gap.")}
        )
    policy.full_clean()
    policy.save()
    return policy


# --- the activity log ----------------------------------------------------------------------


@transaction.atomic
def save_activity(access: Access, day: date, text: str, today: date | None = None):
    """A person writes (or corrects, or empties) what they did on a day of remote work."""
    today = today or timezone.localdate()
    if access.person_id is None or Role.EMPLOYEE not in access.roles:
        raise PermissionDeniedForRole
    if not policy_for(access.body).activity_log:
        raise ValidationError(_("The body does not keep an activity log of remote days."))
    if day > today:
        raise ValidationError({"date": _("The log is written on the day or after it, not before.")})
    if day < today - timedelta(days=ACTIVITY_DAYS_BACK):
        raise ValidationError(
            {"date": _("Days older than %(n)d days cannot be changed.") % {"n": ACTIVITY_DAYS_BACK}}
        )
    text = text.strip()
    if len(text) > 1000:
        raise ValidationError({"text": _("At most 1000 characters: a few lines are enough.")})
    if not text:
        ActivityEntry.objects.filter(person_id=access.person_id, date=day).delete()
        return None
    entry, _created = ActivityEntry.objects.update_or_create(
        person_id=access.person_id, date=day, defaults={"body": access.body, "text": text}
    )
    return entry
