"""Users, roles and API tokens: who someone is and what they may see."""

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from agilepa.org.models import Body


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A login. People log in with their e-mail address; `is_superuser` is the platform admin."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args: object, **kwargs: object) -> None:
        """A new password (changed, reset, set by an admin) revokes the user's API tokens:
        whoever took the old password may have made one."""
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if password_changed:
            self.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class RoleKind(models.TextChoices):
    """Explicit roles. Employee and manager also follow from the data: a user linked to a Person
    is an employee of that body, and the head of a unit manages its subtree."""

    HR_ADMIN = "hr_admin", _("HR administrator")
    MANAGER = "manager", _("Manager")
    OBSERVER = "observer", _("Observer (CUG/RSU)")
    NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    kind = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    body = models.ForeignKey(
        "org.Body", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text=_("For a manager: the root of the subtree they manage."),
    )
    network = models.ForeignKey(
        "org.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_kind",
                violation_error_message=_(
                    "The role does not match its scope: a network coordinator needs a network, "
                    "a manager a body and a unit, HR and observers a body."
                ),
                condition=(
                    Q(kind="network_coordinator", network__isnull=False, body__isnull=True)
                    | Q(
                        kind="manager", body__isnull=False, unit__isnull=False, network__isnull=True
                    )
                    | Q(
                        kind__in=["hr_admin", "observer"],
                        body__isnull=False,
                        unit__isnull=True,
                        network__isnull=True,
                    )
                ),
            ),
        ]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        scope = self.network or self.unit or self.body
        return f"{self.user} — {self.get_kind_display()} — {scope}"


TOKEN_PREFIX = "apa_"  # noqa: S105 (a prefix, not a secret)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("read only")
    WRITE = "write", _("read and write")


def token_expiry_default() -> "datetime.datetime":
    return timezone.now() + datetime.timedelta(days=TOKEN_DEFAULT_DAYS)


# A token lives 90 days unless its owner chooses otherwise, and never more than a year.
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


class ApiToken(models.Model):
    """A personal access token. Only its SHA-256 is stored; the raw value is shown once.

    It expires, it may be read-only, and it may be limited to one body; it is revoked when its
    owner's password changes and when a role it relied on is taken away. Platform admins have
    none: a stolen token would be a superuser (core/api_auth.py refuses theirs)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), default=token_expiry_default)
    scope = models.CharField(
        _("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.WRITE
    )
    body = models.ForeignKey(
        "org.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body"),
        help_text=_("When set, the token opens this body only."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def is_expired(self) -> bool:
        return self.revoked_at is None and self.expires_at <= timezone.now()

    @classmethod
    def issue(
        cls,
        user: User,
        name: str,
        *,
        days: int = TOKEN_DEFAULT_DAYS,
        scope: str = TokenScope.WRITE,
        body: "Body | None" = None,
    ) -> tuple["ApiToken", str]:
        """A new token; callers check the owner's password and the limits (core/tokens.py)."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            token_hash=hash_token(raw),
            hint=raw[: len(TOKEN_PREFIX) + 6],
            expires_at=timezone.now() + datetime.timedelta(days=days),
            scope=scope,
            body=body,
        )
        return token, raw

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class LoginFailure(models.Model):
    """A failed login, kept to lock an address after repeated failures."""

    email = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.email} at {self.at:%Y-%m-%d %H:%M}"


class ProcessKind(models.TextChoices):
    WORKER = "worker", _("task worker")
    SCHEDULER = "scheduler", _("periodic-job runner")


class ProcessHeartbeat(models.Model):
    """The last sign of life of a background process (a task worker, the periodic-job runner).

    `/readyz` fails when no process of a kind has beaten recently, and the workers take back the
    tasks of a worker that stopped beating (it died while running them)."""

    kind = models.CharField(max_length=16, choices=ProcessKind.choices)
    name = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"


class JobRunStatus(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class JobRun(models.Model):
    """One run of a periodic job for one scheduled slot. The unique slot makes a job run once
    per slot even when several hosts run the periodic-job runner."""

    job = models.CharField(max_length=64)
    slot = models.DateTimeField()
    host = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=8, choices=JobRunStatus.choices, default=JobRunStatus.RUNNING
    )
    output = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "slot"],
                name="jobrun_once_per_slot",
                violation_error_message=_("This job has already run in this time slot."),
            )
        ]
        indexes = [models.Index(fields=["job", "-slot"])]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"


class SentMessage(models.Model):
    """An e-mail that has been sent, by its idempotency key: a retried or repeated task finds
    the key and does not send the same reminder twice."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key


class StoredBlob(models.Model):
    """An uploaded file kept in the database (core/dbstorage.py), so that every web host and
    worker of a several-host deployment reads what any of them saved. Used when
    AGILEPA_FILE_STORAGE=database; otherwise files live under MEDIA_ROOT."""

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name
