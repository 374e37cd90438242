"""The audit trail: one append-only table, hash-chained per body (docs/audit.md, ADR 0006).

Entries are written by the services in the same transaction as the change they record, so a
change rolled back leaves no entry and a change made leaves one. The chain is added afterwards
by `seal()` (audit/chain.py), in the order entries are sealed, so that writing an entry never
waits on a lock shared by the whole body."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PLATFORM_CHAIN = 0  # entries with no body: platform administration, logins, tokens


class Via(models.TextChoices):
    PASSWORD = "password", _("Password")
    SSO = "sso", _("Single sign-on")
    TOKEN = "token", _("API token")
    SYSTEM = "system", _("System job")
    ANONYMOUS = "anonymous", _("Not logged in")


class AuditEntry(models.Model):
    # Plain ids, not enforced foreign keys: an entry outlives what it names, and a key set to
    # NULL by a deletion would be an edit of the entry.
    chain = models.PositiveIntegerField(db_index=True)
    body = models.ForeignKey(
        "org.Body",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    via = models.CharField(max_length=16, choices=Via.choices)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    # The person the entry is about: what they see of their own record (who changed or read it).
    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # {field: [before, after]}, or {field: "changed"} for special categories (art. 9 GDPR).
    changes = models.JSONField(default=dict, blank=True)
    changes_digest = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # Retention may blank the personal values of `changes` (a pseudonymised person's old name):
    # the chain covers their digest, not the values, so it still verifies.
    redacted_at = models.DateTimeField(null=True, blank=True)
    seq = models.BigIntegerField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "seq"],
                name="audit_entry_unique_seq",
                violation_error_message=_(
                    "The audit chain already has an entry with this sequence number."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["body", "at"], name="audit_body_at"),
            models.Index(fields=["person", "at"], name="audit_person_at"),
            models.Index(fields=["chain", "hash"], name="audit_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or self.via} {self.action}"


class AuditSeal(models.Model):
    """The head of one chain: the last sealed entry's number and hash."""

    chain = models.PositiveIntegerField(unique=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"chain {self.chain} sealed to {self.seq}"
