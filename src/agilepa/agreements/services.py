"""Writes of regulations and agreements: validated by the legal checker, in a transaction,
every change of status recorded and notified.

The lifecycle of an agreement:

    draft ─submit→ submitted ─approve→ approved ─countersign→ countersigned ─activate→ active
                        └─reject→ rejected                                   active ⇄ suspended
    active/suspended/countersigned ─withdraw→ withdrawn;  active/suspended ─(end date)→ expired
    any ended agreement ─renew→ a new draft linked to it
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.agreements import communications, rules
from agilepa.agreements.models import (
    AGREEMENT_TERMS,
    LIVE_STATUSES,
    TOPIC_PREREQUISITE,
    Activity,
    Agreement,
    AgreementStatus,
    AgreementTransition,
    CommunicationEvent,
    DerogationStatus,
    MinistryCommunication,
    PresenceDerogation,
    Regulation,
    SafetyNotice,
    TrainingCompletion,
    WorkstationCheck,
)
from agilepa.audit import services as audit
from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.policies import manages_unit
from agilepa.org.models import OrgUnit, Person

S = AgreementStatus


class TransitionRefused(ValidationError):
    """A change of status the lifecycle or the law does not allow; carries the violations."""

    def __init__(self, message: str, violations: list[rules.Violation] | None = None) -> None:
        self.violations = violations or []
        super().__init__(message)


# --- reading the rules for one agreement --------------------------------------------------


def regulation_in_force(body_id: int, on: date) -> Regulation | None:
    """The latest version effective on `on`: a new version applies to agreements after it."""
    return (
        Regulation.objects.filter(body_id=body_id, effective_from__lte=on, is_draft=False)
        .order_by("-effective_from", "-version")
        .first()
    )


def worker_facts(agreement: Agreement) -> rules.WorkerFacts:
    return worker_facts_of([agreement])[0]


def worker_facts_of(agreements: list[Agreement]) -> list[rules.WorkerFacts]:
    """The `WorkerFacts` of each agreement, in the order given, in one query however many they
    are (HR's list of agreements across a change of contract checks them all): the activities
    the catalogue of each one's Regolamento excludes for its person's unit or any unit above
    it. The agreements come with `person__unit` read; unsaved ones are welcome (a draft)."""
    ancestors = [
        [int(x) for x in a.person.unit.path.strip("/").split("/") if x] for a in agreements
    ]
    excluded: dict[tuple[int, int], set[str]] = defaultdict(set)
    regulation_ids = {a.regulation_id for a in agreements if a.regulation_id is not None}
    if regulation_ids:
        for regulation_id, unit_id, name in Activity.objects.filter(
            regulation_id__in=regulation_ids,
            unit_id__in={u for path in ancestors for u in path},
            remotable=False,
        ).values_list("regulation_id", "unit_id", "name"):
            excluded[(regulation_id, unit_id)].add(name)
    out = []
    for agreement, path in zip(agreements, ancestors, strict=True):
        person = agreement.person
        out.append(
            rules.WorkerFacts(
                is_active=person.is_active,
                hire_date=person.hire_date,
                ended_on=person.ended_on,
                part_time_percent=person.part_time_percent,
                disabled_l68=agreement.disabled_l68,
                unit_activities_not_remotable=frozenset(
                    name
                    for unit_id in path
                    for name in excluded.get((agreement.regulation_id or 0, unit_id), ())
                ),
            )
        )
    return out


def granted_derogations_of(agreements: list[Agreement]) -> dict[int, int]:
    """Agreement id: remote days a month of its granted derogation, for `Agreement.terms`
    of many agreements in one query."""
    return dict(
        PresenceDerogation.objects.filter(
            agreement_id__in=[a.pk for a in agreements if a.pk is not None],
            status=DerogationStatus.GRANTED,
        ).values_list("agreement_id", "days_per_month")
    )


def overlapping_count(agreement: Agreement) -> int:
    if agreement.start_date is None:
        return 0
    others = Agreement.objects.filter(person_id=agreement.person_id, status__in=LIVE_STATUSES)
    if agreement.pk:
        others = others.exclude(pk=agreement.pk)
    if agreement.end_date is not None:
        others = others.filter(start_date__lte=agreement.end_date)
    # Another agreement overlaps unless it ended (or will end) before this one starts.
    return others.exclude(
        Q(withdrawal_effective_on__lt=agreement.start_date)
        | Q(withdrawal_effective_on__isnull=True, end_date__lt=agreement.start_date)
    ).count()


def check(agreement: Agreement) -> list[rules.Violation]:
    """Every violation of the agreement's terms: the one checker of forms, API and planner."""
    if agreement.start_date is not None:
        regulation = regulation_in_force(agreement.body_id, agreement.start_date)
        if agreement.status == S.DRAFT or agreement.regulation_id is None:
            agreement.regulation = regulation
    return rules.check_agreement(
        agreement.terms(),
        agreement.regulation.terms() if agreement.regulation else None,
        worker_facts(agreement),
        overlapping=overlapping_count(agreement),
    )


@dataclass(frozen=True)
class Compliance:
    """What the checker finds in a request before the decision: the rules its terms break and
    the prerequisites its person still lacks."""

    violations: tuple[rules.Violation, ...]
    missing: tuple[rules.Violation, ...]

    @property
    def problems(self) -> int:
        return len(self.violations) + len(self.missing)


def compliance_of(agreements: list[Agreement]) -> dict[int, Compliance]:
    """`check` and `missing_prerequisites` of many submitted agreements (the manager's inbox)
    in a number of queries that does not grow with them: one a Regolamento version, then one
    each for the derogations, the activities excluded by unit, the overlapping agreements and
    the prerequisites. The agreements come with `person__unit` and `regulation` selected."""
    if not agreements:
        return {}
    granted = granted_derogations_of(agreements)
    regulations = {a.regulation_id: a.regulation for a in agreements if a.regulation}
    regulation_terms = {pk: r.terms() for pk, r in regulations.items()}
    workers = dict(zip((a.pk for a in agreements), worker_facts_of(agreements), strict=True))
    live_of: dict[int, list[Agreement]] = defaultdict(list)
    for other in Agreement.objects.filter(
        person_id__in={a.person_id for a in agreements}, status__in=LIVE_STATUSES
    ).only("pk", "person_id", "start_date", "end_date", "withdrawal_effective_on"):
        live_of[other.person_id].append(other)
    states: dict[int, dict[int, dict[rules.Prerequisite, rules.PrerequisiteState]]] = {
        pk: prerequisite_states_of(
            [a.person_id for a in agreements if a.regulation_id == pk], regulation
        )
        for pk, regulation in regulations.items()
    }
    out = {}
    for agreement in agreements:
        overlapping = sum(
            1 for other in live_of[agreement.person_id] if _overlaps(other, agreement)
        )
        violations = rules.check_agreement(
            agreement.terms(granted),
            regulation_terms.get(agreement.regulation_id or 0),
            workers[agreement.pk],
            overlapping=overlapping,
        )
        missing = (
            missing_prerequisites(
                agreement, states=states[agreement.regulation_id][agreement.person_id]
            )
            if agreement.regulation_id
            else []
        )
        out[agreement.pk] = Compliance(tuple(violations), tuple(missing))
    return out


def _overlaps(other: Agreement, agreement: Agreement) -> bool:
    """`overlapping_count`'s rule for one other agreement, in Python."""
    if other.pk == agreement.pk or agreement.start_date is None or other.start_date is None:
        return False
    if agreement.end_date is not None and other.start_date > agreement.end_date:
        return False
    last = other.withdrawal_effective_on or other.end_date
    return last is None or last >= agreement.start_date


def prerequisite_states(
    person: Person, regulation: Regulation
) -> dict[rules.Prerequisite, rules.PrerequisiteState]:
    """What the body holds of each prerequisite for `person`, at its latest."""
    return prerequisite_states_of([person.pk], regulation)[person.pk]


def prerequisite_states_of(
    person_ids: list[int], regulation: Regulation
) -> dict[int, dict[rules.Prerequisite, rules.PrerequisiteState]]:
    """`prerequisite_states` of many people in three queries (HR's dashboard lists hundreds)."""
    checks: dict[int, list[WorkstationCheck]] = {pk: [] for pk in person_ids}
    for check in WorkstationCheck.objects.filter(person_id__in=person_ids).order_by(
        "-checked_on", "-pk"
    ):
        checks[check.person_id].append(check)
    notices: dict[int, SafetyNotice] = {}
    for notice in SafetyNotice.objects.filter(person_id__in=person_ids).order_by("delivered_on"):
        notices[notice.person_id] = notice  # the latest wins
    completions: dict[int, list[TrainingCompletion]] = {pk: [] for pk in person_ids}
    for completion in (
        TrainingCompletion.objects.filter(person_id__in=person_ids)
        .select_related("course")
        .order_by("completed_on")
    ):
        completions[completion.person_id].append(completion)
    return {
        pk: _states(regulation, checks[pk], notices.get(pk), completions[pk]) for pk in person_ids
    }


def _states(
    regulation: Regulation,
    checks: list[WorkstationCheck],
    notice: SafetyNotice | None,
    completions: list[TrainingCompletion],
) -> dict[rules.Prerequisite, rules.PrerequisiteState]:
    states: dict[rules.Prerequisite, rules.PrerequisiteState] = {}
    # The latest check decides: a failure after a pass means the workstation is no longer safe.
    passed = checks[0] if checks and checks[0].passed else None
    if passed is not None:
        states[rules.Prerequisite.IT_CHECK] = rules.PrerequisiteState(
            rules.Prerequisite.IT_CHECK,
            passed.checked_on,
            rules.add_months(passed.checked_on, regulation.it_check_validity_months),
        )
    elif checks:
        states[rules.Prerequisite.IT_CHECK] = rules.PrerequisiteState(
            rules.Prerequisite.IT_CHECK,
            None,
            None,
            _("The latest check (%(d)s) failed: %(items)s.")
            % {
                "d": formats.day(checks[0].checked_on),
                "items": ", ".join(checks[0].failed_items()),
            },
        )
    if notice is not None:
        # Art. 22: the informativa is given at least once a year.
        states[rules.Prerequisite.SAFETY_NOTICE] = rules.PrerequisiteState(
            rules.Prerequisite.SAFETY_NOTICE,
            notice.delivered_on,
            rules.add_months(notice.delivered_on, 12),
        )
    for completion in completions:
        kind = TOPIC_PREREQUISITE.get(completion.course.topic)
        if kind is None:
            continue
        months = completion.course.validity_months
        expires = rules.add_months(completion.completed_on, months) if months else None
        current = states.get(kind)
        if current is None or (
            current.expires_on is not None and (expires is None or expires > current.expires_on)
        ):
            states[kind] = rules.PrerequisiteState(kind, completion.completed_on, expires)
    return states


def missing_prerequisites(
    agreement: Agreement,
    on: date | None = None,
    states: dict[rules.Prerequisite, rules.PrerequisiteState] | None = None,
) -> list[rules.Violation]:
    """What the agreement's person lacks to start; `states` when the caller read them in bulk."""
    regulation = agreement.regulation
    if regulation is None:
        return []
    today = timezone.localdate()
    on = on or max(today, agreement.start_date or today)
    return rules.check_prerequisites(
        frozenset(rules.Prerequisite(p) for p in regulation.required_prerequisites),
        states if states is not None else prerequisite_states(agreement.person, regulation),
        on,
        rules.regulation_source(regulation.version),
        today=min(today, on),
    )


# --- permissions --------------------------------------------------------------------------


def is_own(access: Access, agreement: Agreement) -> bool:
    return access.person_id is not None and agreement.person_id == access.person_id


def manages(access: Access, agreement: Agreement) -> bool:
    """A manager decides on the agreements of their subtree, never on their own."""
    if not access.is_manager or is_own(access, agreement):
        return False
    return manages_unit(access, agreement.person.unit)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedForRole


# --- the lifecycle ------------------------------------------------------------------------


EDITABLE_FIELDS = AGREEMENT_TERMS


def unsaved_draft(body_id: int, person: Person, regulation: Regulation | None) -> Agreement:
    """A new agreement whose windows, first place and notice come from the Regolamento."""
    agreement = Agreement(body_id=body_id, person=person, regulation=regulation)
    if regulation is not None:
        agreement.reachability_start = regulation.reachability_start
        agreement.reachability_end = regulation.reachability_end
        agreement.disconnection_start = regulation.disconnection_start
        agreement.disconnection_end = regulation.disconnection_end
        agreement.places = list(regulation.allowed_places[:1])
        agreement.notice_days = regulation.notice_days
    return agreement


def new_draft(access: Access, person: Person, **terms: Any) -> Agreement:
    """A draft for `person`: the person themselves, or HR on their behalf. Terms not given
    start from the Regolamento in force (its windows, places and notice)."""
    _require(access.person_id == person.pk or access.is_hr)
    if person.body_id != access.body.pk:
        raise PermissionDeniedForRole
    start = terms.get("start_date") or timezone.localdate()
    agreement = unsaved_draft(access.body.pk, person, regulation_in_force(access.body.pk, start))
    _apply_terms(agreement, terms)
    with transaction.atomic():
        agreement.save()
        _record(agreement, "", S.DRAFT, access.user_id, "")
    return agreement


def update_draft(access: Access, agreement: Agreement, **terms: Any) -> Agreement:
    _require(is_own(access, agreement) or access.is_hr)
    if agreement.status != S.DRAFT:
        raise TransitionRefused(_("Only a draft can be changed."))
    before = audit.snapshot(agreement, EDITABLE_FIELDS)
    _apply_terms(agreement, terms)
    if agreement.start_date is not None:
        agreement.regulation = regulation_in_force(agreement.body_id, agreement.start_date)
    with transaction.atomic():
        agreement.save()
        _audit(agreement, "agreement.update", before, audit.snapshot(agreement, EDITABLE_FIELDS))
    return agreement


# Art. 9 GDPR: the priority categories, the L. 68 status and the reasons given (a suspension's,
# a withdrawal's: often a health situation) are recorded as changed, never their content.
SPECIAL_FIELDS = ("priorities", "disabled_l68", "reason")


def _audit(
    agreement: Agreement, action: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    audit.record(
        action,
        body=agreement.body_id,
        obj=agreement,
        label=f"#{agreement.pk}",
        person=agreement.person_id,
        changes=audit.diff(before, after, special=SPECIAL_FIELDS),
    )


def _apply_terms(agreement: Agreement, terms: dict[str, Any]) -> None:
    for name, value in terms.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"not an editable term: {name}")
        setattr(agreement, name, value)
    agreement.weekdays = sorted({int(d) for d in agreement.weekdays})
    agreement.places = sorted(set(agreement.places))


def submit(access: Access, agreement: Agreement, today: date | None = None) -> Agreement:
    _require(is_own(access, agreement) or access.is_hr)
    today = today or timezone.localdate()
    violations = check(agreement)
    regulation = agreement.regulation
    if (
        regulation is not None
        and agreement.start_date is not None
        and (agreement.start_date - today).days < regulation.request_notice_days
    ):
        violations.append(
            rules.Violation(
                "request_too_late",
                "start_date",
                _("Requests are submitted at least %(n)d days before the start date.")
                % {"n": regulation.request_notice_days},
                rules.regulation_source(regulation.version),
            )
        )
    return _move(access, agreement, {S.DRAFT}, S.SUBMITTED, "", violations)


def approve(access: Access, agreement: Agreement) -> Agreement:
    _require(manages(access, agreement) or (access.is_hr and not is_own(access, agreement)))
    return _move(access, agreement, {S.SUBMITTED}, S.APPROVED, "", check(agreement))


def reject(access: Access, agreement: Agreement, reason: str) -> Agreement:
    _require(manages(access, agreement) or (access.is_hr and not is_own(access, agreement)))
    if not reason.strip():
        raise TransitionRefused(_("Say why the request is rejected."))
    agreement.rejection_reason = reason.strip()
    return _move(access, agreement, {S.SUBMITTED}, S.REJECTED, reason.strip())


def countersign(access: Access, agreement: Agreement, today: date | None = None) -> Agreement:
    """HR countersigns; the agreement becomes active at once when its start date has come and
    every prerequisite is in order, otherwise on the day both hold (see `run_daily`)."""
    _require(access.is_hr)
    today = today or timezone.localdate()
    with transaction.atomic():
        _move(access, agreement, {S.APPROVED}, S.COUNTERSIGNED, "", check(agreement))
        _communicate_start(agreement, today)
    if agreement.start_date <= today and not missing_prerequisites(agreement, today):
        activate(access, agreement, today)
    return agreement


def activate(access: Access | None, agreement: Agreement, today: date | None = None) -> Agreement:
    if access is not None:
        _require(access.is_hr)
    today = today or timezone.localdate()
    if agreement.start_date > today:
        raise TransitionRefused(
            _("The agreement starts %(on_day)s.")
            % {"on_day": formats.with_article("il", agreement.start_date)}
        )
    missing = missing_prerequisites(agreement, today)
    return _move(access, agreement, {S.COUNTERSIGNED, S.SUSPENDED}, S.ACTIVE, "", missing)


def suspend(access: Access, agreement: Agreement, reason: str) -> Agreement:
    _require(access.is_hr or manages(access, agreement))
    if not reason.strip():
        raise TransitionRefused(_("Say why the agreement is suspended."))
    return _move(access, agreement, {S.ACTIVE}, S.SUSPENDED, reason.strip())


def resume(access: Access, agreement: Agreement, today: date | None = None) -> Agreement:
    _require(access.is_hr or manages(access, agreement))
    missing = missing_prerequisites(agreement, today or timezone.localdate())
    return _move(access, agreement, {S.SUSPENDED}, S.ACTIVE, "", missing)


@dataclass(frozen=True)
class WithdrawalQuote:
    notice_days: int
    last_day: date


def withdrawal_quote(agreement: Agreement, given_on: date, justified: bool) -> WithdrawalQuote:
    """The earliest last day of the agreement if withdrawal is notified on `given_on`."""
    if justified:
        return WithdrawalQuote(0, given_on)
    if agreement.end_date is not None:
        return WithdrawalQuote(0, agreement.end_date)
    base = rules.baseline_for(given_on)
    regulation = agreement.regulation.terms() if agreement.regulation else None
    notice = max(
        agreement.notice_days, rules.required_notice_days(base, regulation, agreement.disabled_l68)
    )
    return WithdrawalQuote(notice, rules.withdrawal_effective_on(given_on, notice))


def withdraw(
    access: Access,
    agreement: Agreement,
    reason: str,
    justified: bool = False,
    last_day: date | None = None,
    today: date | None = None,
) -> Agreement:
    """Either party withdraws (L. 81/2017 art. 19 c. 2): the person, or HR for the body."""
    _require(is_own(access, agreement) or access.is_hr)
    today = today or timezone.localdate()
    if justified and not reason.strip():
        raise TransitionRefused(_("Give the justified reason (giustificato motivo)."))
    quote = withdrawal_quote(agreement, today, justified)
    violations = rules.withdrawal_violations(
        end=agreement.end_date,
        given_on=today,
        requested_last_day=last_day,
        justified=justified,
        required_notice=quote.notice_days,
    )
    if violations:
        raise TransitionRefused(violations[0].message, violations)
    agreement.withdrawal_reason = reason.strip()
    agreement.withdrawal_justified = justified
    agreement.withdrawal_notified_on = today
    agreement.withdrawal_effective_on = max(last_day or quote.last_day, quote.last_day)
    if agreement.end_date is not None:
        # A fixed-term agreement cannot outlive its term by being withdrawn.
        agreement.withdrawal_effective_on = min(
            agreement.withdrawal_effective_on, agreement.end_date
        )
    if agreement.start_date and agreement.withdrawal_effective_on < agreement.start_date:
        agreement.withdrawal_effective_on = agreement.start_date - timedelta(days=1)
    note = reason.strip() or _("notice of %(n)d days") % {"n": quote.notice_days}
    with transaction.atomic():
        _move(access, agreement, {S.COUNTERSIGNED, S.ACTIVE, S.SUSPENDED}, S.WITHDRAWN, note)
        # The withdrawal changes the period's end: communicated within 5 days of its notice.
        communications.record_event(
            agreement, CommunicationEvent.END, today, agreement.withdrawal_effective_on
        )
    return agreement


def _communicate_start(agreement: Agreement, today: date) -> None:
    """A countersigned agreement makes its communication due: the start of the period, or,
    for a renewal that continues the previous period without a gap, its extension."""
    previous = agreement.previous
    last = (previous.withdrawal_effective_on or previous.end_date) if previous else None
    if last is not None and agreement.start_date == last + timedelta(days=1):
        communications.record_event(agreement, CommunicationEvent.EXTENSION, today)
    else:
        communications.record_event(agreement, CommunicationEvent.START, agreement.start_date)


def change_end_date(
    access: Access, agreement: Agreement, end_date: date | None, today: date | None = None
) -> Agreement:
    """HR changes the end of a signed agreement (shortens it, extends it, or makes it
    open-ended): re-checked like a new one, and communicated to the Ministry within 5 days."""
    _require(access.is_hr)
    today = today or timezone.localdate()
    if agreement.status not in {S.COUNTERSIGNED, S.ACTIVE, S.SUSPENDED}:
        raise TransitionRefused(_("Only a signed agreement in force can change its end."))
    if end_date is not None and end_date < today:
        raise TransitionRefused(_("The new end cannot be in the past."))
    old_end = agreement.end_date
    agreement.end_date = end_date
    violations = check(agreement)
    if violations:
        agreement.end_date = old_end
        raise TransitionRefused(
            _("The agreement does not satisfy %(n)d rule(s).") % {"n": len(violations)},
            violations,
        )
    extended = end_date is None or (old_end is not None and end_date > old_end)
    with transaction.atomic():
        agreement.save(update_fields=["end_date", "updated_at"])
        _audit(agreement, "agreement.end_date", {"end_date": old_end}, {"end_date": end_date})
        AgreementTransition.objects.create(
            agreement=agreement,
            from_status=agreement.status,
            to_status=agreement.status,
            actor_id=access.user_id,
            reason=_("end changed from %(old)s to %(new)s")
            % {
                "old": formats.day(old_end) if old_end else _("open-ended"),
                "new": formats.day(end_date) if end_date else _("open-ended"),
            },
        )
        communications.record_event(
            agreement,
            CommunicationEvent.EXTENSION if extended else CommunicationEvent.CHANGE,
            today,
        )
    return agreement


def renew(access: Access, agreement: Agreement) -> Agreement:
    """A new draft with the same terms, linked to the old agreement, starting the day after it
    ends (or after the request notice, for one that already ended)."""
    _require(is_own(access, agreement) or access.is_hr)
    if agreement.status not in {S.ACTIVE, S.EXPIRED, S.WITHDRAWN, S.SUSPENDED}:
        raise TransitionRefused(_("Only an active or ended agreement can be renewed."))
    if Agreement.objects.filter(previous=agreement).exists():
        raise TransitionRefused(_("This agreement was already renewed."))
    last = agreement.withdrawal_effective_on or agreement.end_date
    start = last + timedelta(days=1) if last else timezone.localdate()
    start = max(start, timezone.localdate())
    terms = {name: getattr(agreement, name) for name in EDITABLE_FIELDS}
    if agreement.end_date and agreement.start_date:
        terms["end_date"] = start + (agreement.end_date - agreement.start_date)
    terms["start_date"] = start
    person = agreement.person
    draft = new_draft_unchecked(access, person, terms)
    draft.previous = agreement
    draft.save(update_fields=["previous"])
    return draft


def new_draft_unchecked(access: Access, person: Person, terms: dict[str, Any]) -> Agreement:
    agreement = Agreement(
        body=access.body,
        person=person,
        regulation=regulation_in_force(access.body.pk, terms["start_date"]),
    )
    _apply_terms(agreement, terms)
    with transaction.atomic():
        agreement.save()
        _record(agreement, "", S.DRAFT, access.user_id, "")
    return agreement


def _move(
    access: Access | None,
    agreement: Agreement,
    allowed_from: set[str],
    to: str,
    reason: str,
    violations: list[rules.Violation] | None = None,
) -> Agreement:
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.status not in allowed_from:
            raise TransitionRefused(
                _("An agreement in status “%(s)s” cannot become “%(t)s”.")
                % {"s": locked.get_status_display(), "t": S(to).label}
            )
        if violations:
            raise TransitionRefused(
                _("The agreement does not satisfy %(n)d rule(s).") % {"n": len(violations)},
                violations,
            )
        from_status = locked.status
        agreement.status = to
        now = timezone.now()
        actor = access.user_id if access else None
        if to == S.SUBMITTED:
            agreement.submitted_at = now
        elif to == S.APPROVED:
            agreement.approved_by_id, agreement.approved_at = actor, now
        elif to == S.COUNTERSIGNED:
            agreement.countersigned_by_id, agreement.countersigned_at = actor, now
        agreement.save()
        _record(agreement, from_status, to, actor, reason)
    return agreement


def _record(
    agreement: Agreement, from_status: str, to: str, actor: int | None, reason: str
) -> None:
    transition = AgreementTransition.objects.create(
        agreement=agreement, from_status=from_status, to_status=to, actor_id=actor, reason=reason
    )
    if from_status:
        before = {"status": from_status, "reason": ""}
        _audit(agreement, f"agreement.{to}", before, {"status": to, "reason": reason})
    else:  # a new draft: its terms
        after = {"status": to, **audit.snapshot(agreement, EDITABLE_FIELDS)}
        _audit(agreement, "agreement.create", {}, after)
    if from_status:
        from agilepa.agreements.notifications import notify_transition

        transaction.on_commit(lambda: notify_transition.enqueue(transition.pk))


# --- the daily run ------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyReport:
    activated: int
    expired: int
    reminded: int
    waiting: int  # countersigned, start date come, a prerequisite missing
    communications_reminded: int = 0


REMINDER_DAYS = (30, 7)


def run_daily(today: date | None = None) -> DailyReport:
    """Activate what may start, expire what ended, remind before expiry. Idempotent: run it
    every morning (`python -m agilepa agreements-daily`)."""
    from agilepa.agreements.notifications import remind_communication, remind_expiry

    today = today or timezone.localdate()
    activated = waiting = 0
    for agreement in Agreement.objects.filter(status=S.COUNTERSIGNED, start_date__lte=today):
        if missing_prerequisites(agreement, today):
            waiting += 1
            continue
        activate(None, agreement, today)
        activated += 1
    expired = 0
    ending = Agreement.objects.filter(
        status__in=[S.ACTIVE, S.SUSPENDED, S.COUNTERSIGNED], end_date__lt=today
    )
    for agreement in ending:
        _move(None, agreement, {S.ACTIVE, S.SUSPENDED, S.COUNTERSIGNED}, S.EXPIRED, "")
        expired += 1
    reminded = 0
    for days in REMINDER_DAYS:
        due = Agreement.objects.filter(
            status=S.ACTIVE, end_date=today + timedelta(days=days)
        ).exclude(reminded_on=today)
        for agreement in due:
            Agreement.objects.filter(pk=agreement.pk).update(reminded_on=today)
            remind_expiry.enqueue(agreement.pk, days)
            reminded += 1
    # The Ministry's communications: 2 days before the term, on its last day, and each day
    # late; `reminded_on` makes a second run of the same morning send nothing.
    communications_reminded = 0
    for communication in communications.due_for_reminder(today):
        MinistryCommunication.objects.filter(pk=communication.pk).update(reminded_on=today)
        remind_communication.enqueue(communication.pk, today.isoformat())
        communications_reminded += 1
    return DailyReport(activated, expired, reminded, waiting, communications_reminded)


# --- regulations --------------------------------------------------------------------------


def save_regulation(
    access: Access,
    regulation: Regulation,
    remotable: list[str] | None = None,
    not_remotable: list[str] | None = None,
) -> Regulation:
    """Save a new version of the Regolamento: refused, with the article, when it is looser
    than the law or the contract. `remotable` and `not_remotable` replace the body-wide
    catalogue of activities when given."""
    _require(access.is_hr)
    regulation.body = access.body
    violations = rules.check_regulation(regulation.terms())
    if violations:
        raise ValidationError(
            {v.field or "__all__": f"{v.message} ({v.source})" for v in violations}
        )
    with transaction.atomic():
        if regulation.pk is None:
            last = (
                Regulation.objects.select_for_update()
                .filter(body=access.body)
                .order_by("-version")
                .first()
            )
            regulation.version = (last.version + 1) if last else 1
            regulation.created_by_id = access.user_id
        elif regulation.agreements.exclude(status=S.DRAFT).exists():
            raise ValidationError(
                _("Agreements were signed under this version: adopt a new version instead.")
            )
        regulation.full_clean(exclude=["body", "version"])
        regulation.save()
        if remotable is not None or not_remotable is not None:
            entries = [(line, True) for line in remotable or []]
            entries += [(line, False) for line in not_remotable or []]
            activities = [_activity(access, regulation, line, can) for line, can in entries]
            regulation.activities.all().delete()
            Activity.objects.bulk_create(activities)
    return regulation


def _activity(access: Access, regulation: Regulation, line: str, remotable: bool) -> Activity:
    """One line of the catalogue: "name" for the whole body, "UNIT CODE: name" for one unit
    and its subtree (the code as in the unit tree and the HR import)."""
    code, sep, name = line.partition(":")
    unit = None
    if sep and code.strip() and " " not in code.strip():
        unit = OrgUnit.objects.filter(body=access.body, code__iexact=code.strip()).first()
        if unit is None:
            raise ValidationError(
                {
                    "remotable" if remotable else "not_remotable": _(
                        "No unit with code %(code)s: write “code: activity”, or the activity "
                        "alone for the whole body."
                    )
                    % {"code": code.strip()}
                }
            )
    else:
        name = line
    return Activity(regulation=regulation, unit=unit, name=name.strip(), remotable=remotable)


def catalogue_lines(regulation: Regulation, remotable: bool) -> str:
    """The catalogue as the Regolamento form edits it, one "CODE: activity" per line."""
    return "\n".join(
        f"{a.unit.code}: {a.name}" if a.unit_id else a.name
        for a in regulation.activities.filter(remotable=remotable).select_related("unit")
    )
