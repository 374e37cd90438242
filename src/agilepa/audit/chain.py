"""The hash chain: `seal()` numbers and chains the entries written since the last seal, one
chain per body (and one for the platform); `verify()` recomputes every chain and names each
entry that was edited, deleted or moved.

Sealing is separate from writing so that a write never waits on the body's chain head: the
scheduler seals every few minutes and `verify-audit` seals before it checks. An entry is
tamper-evident from its seal on; docs/audit.md says what that leaves open."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import AuditEntry, AuditSeal
from .services import REDACTED, canonical, digest

BATCH = 2000
logger = logging.getLogger("agilepa.audit")


def entry_hash(entry: AuditEntry) -> str:
    fields = [
        entry.chain,
        entry.seq,
        entry.prev_hash,
        entry.at.astimezone(UTC).isoformat(),
        entry.actor_id,
        entry.via,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.person_id,
        entry.body_id,
        entry.changes_digest,
        entry.ip,
        entry.request_id,
    ]
    return hashlib.sha256(canonical(fields).encode()).hexdigest()


def _head(chain: int) -> AuditSeal | None:
    """The chain's head, locked; None when it was deleted while sealed entries remain (a new
    head would restart the numbering and hide the deletion: verify() reports it instead)."""
    if not AuditSeal.objects.filter(chain=chain).exists():
        if AuditEntry.objects.filter(chain=chain).exclude(hash="").exists():
            logger.error("audit chain %s has sealed entries but no head: not sealed", chain)
            return None
        try:
            with transaction.atomic():
                AuditSeal.objects.get_or_create(chain=chain)
        except IntegrityError:  # another sealer created it first
            pass
    return AuditSeal.objects.select_for_update().get(chain=chain)


def seal(chains: list[int] | None = None) -> int:
    """Chain every unsealed entry; the number sealed. Idempotent: a second call finds nothing
    pending, and each call continues the chain from its head."""
    pending = AuditEntry.objects.filter(hash="")
    if chains is not None:
        pending = pending.filter(chain__in=chains)
    total = 0
    for chain in sorted(set(pending.values_list("chain", flat=True))):
        while True:
            with transaction.atomic():
                head = _head(chain)
                if head is None:
                    break
                batch = list(AuditEntry.objects.filter(chain=chain, hash="").order_by("id")[:BATCH])
                if not batch:
                    break
                seq, previous = head.seq, head.hash
                for entry in batch:
                    seq += 1
                    entry.seq, entry.prev_hash = seq, previous
                    entry.hash = previous = entry_hash(entry)
                AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
                head.seq, head.hash, head.sealed_at = seq, previous, timezone.now()
                head.save(update_fields=["seq", "hash", "sealed_at"])
                total += len(batch)
    return total


@dataclass(frozen=True)
class Problem:
    chain: int
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f"chain {self.chain}" + (f", entry {self.seq}" if self.seq is not None else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ChainState:
    chain: int
    entries: int
    head: str
    problems: tuple[Problem, ...]


def _changes_hold(entry: AuditEntry) -> bool:
    """The entry's changes and labels are those it was sealed with; a redacted entry's changes
    are only field names, every value and both labels blanked (text left there could not be
    checked, so could be forged)."""
    if entry.redacted_at is None:
        return digest(entry.changes, entry.actor_label, entry.object_label) == entry.changes_digest
    return (
        isinstance(entry.changes, dict)
        and all(v == REDACTED for v in entry.changes.values())
        and entry.actor_label == entry.object_label == REDACTED
    )


def verify_chain(chain: int) -> ChainState:
    problems: list[Problem] = []
    expected_seq, previous, count = 1, "", 0
    sealed = AuditEntry.objects.filter(chain=chain).exclude(hash="").order_by("seq")
    for entry in sealed.iterator(chunk_size=BATCH):
        count += 1
        if entry.seq != expected_seq:
            if entry.seq is not None and entry.seq > expected_seq:
                missing = (
                    f"entry {expected_seq} is missing"
                    if entry.seq == expected_seq + 1
                    else f"entries {expected_seq}-{entry.seq - 1} are missing"
                )
                problems.append(Problem(chain, entry.seq, missing))
            else:
                problems.append(Problem(chain, entry.seq, "numbered out of order"))
            expected_seq = (entry.seq or expected_seq) + 1
        else:
            expected_seq += 1
        if entry.prev_hash != previous:
            problems.append(
                Problem(chain, entry.seq, "does not follow the entry before it (moved or deleted)")
            )
        if entry.hash != entry_hash(entry):
            problems.append(Problem(chain, entry.seq, "was edited after it was sealed"))
        elif not _changes_hold(entry):
            problems.append(Problem(chain, entry.seq, "its changed fields or labels were edited"))
        previous = entry.hash
    head = AuditSeal.objects.filter(chain=chain).first()
    if head is None and count:
        problems.append(
            Problem(chain, None, "the chain's seal (its head) is missing: it was deleted")
        )
    if head is not None and (head.seq != expected_seq - 1 or head.hash != previous):
        problems.append(
            Problem(
                chain,
                None,
                f"the chain ends at entry {expected_seq - 1} but was sealed up"
                f" to entry {head.seq}: entries at its end were deleted or changed",
            )
        )
    return ChainState(chain, count, previous, tuple(problems))


def verify(chains: list[int] | None = None) -> list[ChainState]:
    if chains is None:
        chains = sorted(
            set(AuditEntry.objects.values_list("chain", flat=True).distinct())
            | set(AuditSeal.objects.values_list("chain", flat=True))
        )
    return [verify_chain(chain) for chain in chains]
