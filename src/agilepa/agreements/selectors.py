"""Reads of agreements and prerequisites, always scoped by an `Access` (see core/access.py).

HR sees the body's agreements; a manager those of their subtrees; an employee their own; an
observer (CUG/RSU) none by name, only the aggregates."""

from __future__ import annotations

import operator
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import reduce

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agilepa.agreements import rules
from agilepa.agreements.models import (
    AGREEMENT_TERMS,
    Activity,
    Agreement,
    AgreementStatus,
    Regulation,
)
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.org.models import Person
from agilepa.org.selectors import subtree_q


def agreements_for(access: Access) -> QuerySet[Agreement]:
    agreements = Agreement.objects.filter(body=access.body)
    if access.is_hr:
        return agreements
    q = Q(pk__in=[])
    if access.is_manager:
        q |= subtree_q(access.managed_paths, prefix="person__unit__")
    if access.person_id is not None:
        q |= Q(person_id=access.person_id)
    return agreements.filter(q)


def get_agreement(access: Access, pk: int) -> Agreement:
    """404 for another body's agreement; 403 for one of this body beyond the user's roles."""
    agreement = get_object_or_404(
        Agreement.objects.select_related("person__unit", "regulation", "body"),
        body=access.body,
        pk=pk,
    )
    if not agreements_for(access).filter(pk=pk).exists():
        raise PermissionDeniedForRole
    return agreement


def get_agreement_or_404(access: Access, pk: int) -> Agreement:
    """As `get_agreement`, but 404 also for an agreement of this body beyond the user's roles:
    for pages whose very existence is personal data (a derogation and its reason)."""
    agreement = get_object_or_404(
        agreements_for(access).select_related("person__unit", "regulation", "body"), pk=pk
    )
    return agreement


# The rows of a page of HR's long lists (the inbox, the change of contract, the prerequisites).
PAGE_SIZE = 50


@dataclass(frozen=True)
class AcrossChange:
    agreement: Agreement
    changes: list[rules.ContractChange]

    @property
    def needs_new_signature(self) -> bool:
        return any(c.needs_new_signature for c in self.changes)


# What the checker (`services.worker_facts_of`) and the page (the name) read of a person.
WORKER_FIELDS = (
    "first_name",
    "last_name",
    "is_active",
    "hire_date",
    "ended_on",
    "part_time_percent",
    "unit__path",
)


def agreements_across_contract_change(access: Access) -> list[AcrossChange]:
    """Signed agreements in force whose life spans the start of a later national contract,
    each re-checked under it (HR): those it refuses need a new signature."""
    from agilepa.agreements import services

    if not access.is_hr:
        raise PermissionDeniedForRole
    in_force = agreements_for(access).filter(
        status__in=[
            AgreementStatus.COUNTERSIGNED,
            AgreementStatus.ACTIVE,
            AgreementStatus.SUSPENDED,
            AgreementStatus.APPROVED,
        ]
    )
    # Thousands of rows in a large body: only what the checker and the page read of each.
    in_force = in_force.select_related("person__unit").only(
        *AGREEMENT_TERMS,
        *("body", "person", "regulation", "status", "withdrawal_effective_on"),
        *(f"person__{name}" for name in WORKER_FIELDS),
    )
    # Only those whose life spans the start of some contract are checked (a few hundred of
    # Bologna's 1,836 in force): the others have no change to show, and the check decides the
    # order (those needing a signature first), so it cannot wait for the page.
    spans = reduce(
        operator.or_,
        (
            Q(start_date__lt=baseline.valid_from)
            & (Q(last_day__isnull=True) | Q(last_day__gte=baseline.valid_from))
            for baseline in rules.BASELINES
        ),
        Q(pk__in=[]),
    )
    live = list(
        in_force.annotate(last_day=Coalesce("withdrawal_effective_on", "end_date")).filter(
            spans, start_date__isnull=False
        )
    )
    # Read in bulk, a fixed number of queries however many agreements the body has: the
    # derogations, each Regolamento version's terms (a body has a few versions, its agreements
    # thousands: read once each, not joined to every agreement), the activities excluded by unit.
    granted = services.granted_derogations_of(live)
    regulation_terms = {
        regulation.pk: regulation.terms()
        for regulation in Regulation.objects.filter(pk__in={a.regulation_id for a in live})
    }
    out = []
    for agreement, worker in zip(live, services.worker_facts_of(live), strict=True):
        last = agreement.withdrawal_effective_on or agreement.end_date
        terms = agreement.terms(granted)
        if last is not None and last != terms.end:
            terms = replace(terms, end=last)
        changes = rules.contract_changes(
            terms, regulation_terms.get(agreement.regulation_id or 0), worker
        )
        if changes:
            out.append(AcrossChange(agreement, changes))
    out.sort(
        key=lambda row: (
            not row.needs_new_signature,
            row.agreement.person.last_name,
            row.agreement.person.first_name,
            row.agreement.pk,
        )
    )
    return out


def can_decide(access: Access) -> bool:
    return access.is_hr or access.is_manager


def ranked_inbox(access: Access) -> list[tuple[int, str]]:
    """Submitted requests the user decides on, ranked (L. 81/2017 art. 18 c. 3-bis and the
    Regolamento's order), each agreement's id with the reason of its rank. Never the user's own.
    The rank needs every request, but only its categories and dates: a page of the inbox reads
    its own rows whole (`inbox_rows`)."""
    if not can_decide(access):
        raise PermissionDeniedForRole
    pending = agreements_for(access).filter(status=AgreementStatus.SUBMITTED)
    if access.person_id is not None:
        pending = pending.exclude(person_id=access.person_id)
    facts = list(
        pending.values_list(
            "pk", "priorities", "submitted_at", "created_at", "regulation__priority_order"
        )
    )
    order = tuple(facts[0][4] or ()) if facts else ()
    ranked = rules.rank_requests(
        [
            rules.RequestFacts(pk, frozenset(priorities), (submitted_at or created_at).date())
            for pk, priorities, submitted_at, created_at, _order in facts
        ],
        order,
    )
    return [(r.agreement_id, reason) for r, reason in ranked]


def inbox_rows(access: Access, ranked: list[tuple[int, str]]) -> list[tuple[Agreement, str]]:
    """The agreements of some of `ranked_inbox` (a page), in its order, with their person, unit
    and Regolamento read (what `services.compliance_of` needs)."""
    by_id = (
        agreements_for(access)
        .select_related("person__unit", "regulation")
        .in_bulk([pk for pk, _reason in ranked])
    )
    return [(by_id[pk], reason) for pk, reason in ranked]


@dataclass(frozen=True)
class Dashboard:
    by_status: list[tuple[str, str, int]]  # status, label, count
    by_unit: list[dict]
    expiring: list[Agreement]
    waiting: list[tuple[Agreement, list[rules.Violation]]]


def dashboard(access: Access, today: date | None = None) -> Dashboard:
    """HR's view of the body's agreements."""
    from agilepa.agreements.services import missing_prerequisites, prerequisite_states_of

    if not access.is_hr:
        raise PermissionDeniedForRole
    today = today or timezone.localdate()
    agreements = agreements_for(access)
    counts = Counter(dict(agreements.values_list("status").annotate(n=Count("pk"))))
    by_status = [(s.value, s.label, counts.get(s.value, 0)) for s in AgreementStatus]
    by_unit = list(
        agreements.filter(status=AgreementStatus.ACTIVE)
        .values("person__unit__name", "person__unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "person__unit__name")[:30]
    )
    expiring = list(
        agreements.filter(
            status=AgreementStatus.ACTIVE,
            end_date__gte=today,
            end_date__lte=today + timedelta(days=30),
        )
        .select_related("person__unit")
        .order_by("end_date")
    )
    waiting = []
    countersigned = list(
        agreements.filter(status=AgreementStatus.COUNTERSIGNED).select_related(
            "person__unit", "regulation"
        )
    )
    by_regulation: dict[int, list[Agreement]] = {}
    for agreement in countersigned:
        if agreement.regulation_id is not None:
            by_regulation.setdefault(agreement.regulation_id, []).append(agreement)
    states = {}  # agreement -> what its person holds, read in three queries per Regolamento
    for group in by_regulation.values():
        people = sorted({a.person_id for a in group})
        held = prerequisite_states_of(people, group[0].regulation)
        for agreement in group:
            states[agreement.pk] = held[agreement.person_id]
    for agreement in countersigned:
        missing = missing_prerequisites(agreement, today, states.get(agreement.pk))
        if missing:
            waiting.append((agreement, missing))
    return Dashboard(by_status, by_unit, expiring, waiting)


def regulations_for(access: Access) -> QuerySet[Regulation]:
    """Every version of the body's Regolamento: public to everyone with a role in the body."""
    return Regulation.objects.filter(body=access.body).order_by("-version")


def get_regulation(access: Access, pk: int) -> Regulation:
    return get_object_or_404(Regulation, body=access.body, pk=pk)


def remotable_activities(regulation: Regulation | None, person: Person) -> list[str]:
    """The catalogue's remotable activities for the person's unit (and the units above)."""
    if regulation is None:
        return []
    ancestors = [int(x) for x in person.unit.path.strip("/").split("/") if x]
    activities = Activity.objects.filter(regulation=regulation).filter(
        Q(unit__isnull=True) | Q(unit_id__in=ancestors)
    )
    excluded = set(activities.filter(remotable=False).values_list("name", flat=True))
    return sorted(set(activities.filter(remotable=True).values_list("name", flat=True)) - excluded)
