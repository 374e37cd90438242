"""The special categories of personal data on an agreement (art. 9 GDPR): the priority
categories of L. 81/2017 art. 18 c. 3-bis (a child with a disability, a serious disability,
caregiving, fragility) and the L. 68/1999 status. The derogation's reason is the third; it
lives in its own table and is read through `derogations.reason_for`, which records its reads
here too.

Every page, API route and document that could show them asks this module, and shows nothing
when it answers None. Who may read them:

- the person, on their own agreement (it is their data; their reads are not recorded);
- HR (and platform admins);
- the manager deciding the request, while it is theirs to decide: a submitted request, for a
  manager of the person's unit or of a unit above it (`services.manages`), never their own.
  Once decided, the categories served their purpose (the rank in the inbox, the notice) and
  the manager no longer reads them.

Every read by HR or a manager is an audit entry "agreement.special_read" naming the fields,
never their values. Lists (pages and the API), exports and indicators never carry them: only
the inbox of the deciding managers shows the reason of each rank, recorded row by row.

What is not hidden: the notice for withdrawal and a withdrawal's last day are terms the
managers need, and a notice of 90 days may suggest the L. 68 status (see docs/agreements.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from agilepa.agreements.models import Agreement, AgreementStatus
from agilepa.agreements.services import is_own, manages
from agilepa.audit import services as audit
from agilepa.core.access import Access

FIELDS = ("priorities", "disabled_l68")
READ = "agreement.special_read"


@dataclass(frozen=True)
class SpecialFields:
    """The values of an agreement's special categories, for a viewer allowed to read them."""

    priorities: list[str]
    disabled_l68: bool


def may_read(access: Access, agreement: Agreement) -> bool:
    """The person, HR and the manager deciding the request while it waits for the decision."""
    if is_own(access, agreement) or access.is_hr:
        return True
    return agreement.status == AgreementStatus.SUBMITTED and manages(access, agreement)


def record_read(access: Access, agreement: Agreement, fields: Iterable[str] = FIELDS) -> None:
    """An audit entry for a read of the special categories by someone other than the person."""
    record_reads(access, [agreement], fields)


def record_reads(
    access: Access, agreements: Iterable[Agreement], fields: Iterable[str] = FIELDS
) -> None:
    """`record_read` of each agreement of a list (the inbox: one entry a row) in two queries
    a body however many they are: the first entry as `record` writes it, the others with its
    who, how and when in one executemany. The agreements come with `person` read (the label)."""
    by_body: dict[int, list[Agreement]] = {}
    for agreement in agreements:
        if not is_own(access, agreement):
            by_body.setdefault(agreement.body_id, []).append(agreement)
    context = audit.current()
    recorded = context.recorded if context is not None else 0
    changes = {"fields": sorted(fields)}
    for body_id, (first, *rest) in by_body.items():
        head = audit.record(READ, body=body_id, obj=first, person=first.person_id, changes=changes)
        if rest:
            entries = [(READ, a.pk, str(a), a.person_id, changes) for a in rest]
            audit.record_many(head, head.object_type, entries)
    if context is not None:
        # A read is not the record of the request's write: a POST that shows the values again
        # (a form with errors, a decision that answers with the reason) still gets its own.
        context.recorded = recorded


def special_fields_for(
    access: Access, agreement: Agreement, fields: Iterable[str] = FIELDS
) -> SpecialFields | None:
    """The values for a viewer allowed to read them, the read recorded; None for anyone else.
    `fields` names what the caller shows (the document prints the L. 68 status only)."""
    if not may_read(access, agreement):
        return None
    record_read(access, agreement, fields)
    return SpecialFields(list(agreement.priorities), agreement.disabled_l68)


def own_special_fields(access: Access, agreement: Agreement) -> SpecialFields | None:
    """What a list may carry: the values of the viewer's own agreement, nobody else's."""
    if not is_own(access, agreement):
        return None
    return SpecialFields(list(agreement.priorities), agreement.disabled_l68)
