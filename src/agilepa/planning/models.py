"""The body's calendar: the patron day of each comune where it has offices, and its closures."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agilepa.core.constraints import ConstraintErrorsOnFields
from agilepa.org.models import Body, OfficeSite


class PatronDay(models.Model):
    """The patron saint's day of one comune, a holiday of that comune only."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="patron_days")
    municipality = models.CharField(_("municipality"), max_length=120)
    saint = models.CharField(_("patron saint"), max_length=120)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    class Meta:
        ordering = ["body", "municipality"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "municipality"],
                name="one_patron_day_per_municipality",
                violation_error_message=_(
                    "The body already has a patron saint's day for this municipality."
                ),
            )
        ]
        verbose_name = _("patron saint's day")
        verbose_name_plural = _("patron saints' days")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.saint} ({self.day:02d}/{self.month:02d})"

    def clean(self) -> None:
        import datetime

        try:
            datetime.date(2028, self.month, self.day)  # a leap year admits 29 February
        except (TypeError, ValueError) as exc:
            raise ValidationError({"day": _("This day does not exist in that month.")}) from exc


class Closure(models.Model):
    """A day the body (or one of its offices) is closed: a bridge day, a move, a strike."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="closures")
    site = models.ForeignKey(
        OfficeSite,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        help_text=_("Empty: every office of the body."),
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["body", "date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.reason}"


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
]


class PresenceRequirement(models.Model):
    """A unit's minimum presence on a weekday (DM 8 ottobre 2021: services must not suffer):
    a head count, or a share of the unit's people at work that day, optionally only among the
    people with a planning role such as 'front office'. It counts the unit's own people."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="presence_requirements")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, related_name="presence_requirements"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    min_present = models.PositiveSmallIntegerField(_("people present, at least"), default=0)
    min_share_percent = models.PositiveSmallIntegerField(
        _("share present, at least (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    role = models.CharField(_("only people with the role"), max_length=60, blank=True)

    class Meta:
        ordering = ["unit", "weekday", "role"]
        verbose_name = _("presence requirement")
        verbose_name_plural = _("presence requirements")

    def __str__(self) -> str:
        return f"{self.unit} {self.get_weekday_display()}"


class AnchorDay(models.Model):
    """A day of mandatory presence for a unit: the team day, a training, a meeting."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="anchor_days")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="anchor_days")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["unit", "date"]
        verbose_name = _("anchor day")
        verbose_name_plural = _("anchor days")

    def __str__(self) -> str:
        return f"{self.unit} {self.date:%d/%m/%Y}"


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("Leave")
    SICKNESS = "sickness", _("Sickness")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other absence")


class Absence(ConstraintErrorsOnFields, models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="absences")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="absences")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    kind = models.CharField(_("kind"), max_length=10, choices=AbsenceKind.choices)

    constraint_fields = {"absence_end_after_start": "end"}

    class Meta:
        ordering = ["person", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="absence_end_after_start",
                violation_error_message=_("The end must be on or after the start."),
            )
        ]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")

    def __str__(self) -> str:
        return f"{self.person} {self.start:%d/%m/%Y}-{self.end:%d/%m/%Y}"


class PlanningProfile(models.Model):
    """What the planner knows of a person beyond the agreement: planning roles (e.g. 'front
    office') and preferred weekdays for remote work."""

    person = models.OneToOneField(
        "org.Person", on_delete=models.CASCADE, related_name="planning_profile"
    )
    roles = models.JSONField(_("planning roles"), default=list, blank=True)
    preferred_weekdays = models.JSONField(_("preferred weekdays"), default=list, blank=True)

    class Meta:
        verbose_name = _("planning profile")
        verbose_name_plural = _("planning profiles")

    def __str__(self) -> str:
        return str(self.person)


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Planning")
    READY = "ready", _("Ready for review")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")


class MonthPlan(models.Model):
    """The plan of one month for a unit's subtree (or the whole body, from its root)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="month_plans")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="month_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.QUEUED
    )
    seed = models.PositiveIntegerField(_("seed"), default=0)
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    infeasible = models.JSONField(_("constraints that cannot be met"), default=list, blank=True)
    soft_report = models.JSONField(_("soft constraints report"), default=dict, blank=True)
    seconds = models.FloatField(_("planning time (s)"), null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-year", "-month", "unit"]
        verbose_name = _("month plan")
        verbose_name_plural = _("month plans")

    def __str__(self) -> str:
        return f"{self.unit} {self.month:02d}/{self.year}"


class PlanDayKind(models.TextChoices):
    OFFICE = "office", _("In the office")
    REMOTE = "remote", _("Remote")
    ABSENT = "absent", _("Absent")


class PlanDay(models.Model):
    """One person's planned working day. Days not stored are non-working days."""

    plan = models.ForeignKey(MonthPlan, on_delete=models.CASCADE, related_name="days")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="plan_days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("where"), max_length=10, choices=PlanDayKind.choices)
    site = models.ForeignKey(
        OfficeSite,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office site"),
    )
    place = models.CharField(
        _("remote place"), max_length=10, blank=True, help_text=_("home, hub or other")
    )
    # Lavoro da remoto: the fixed hours of its remote days ("08:00-14:00"); empty for lavoro
    # agile, which has none. Kept on the person's office days too, so a hand edit keeps them.
    hours = models.CharField(_("fixed hours (lavoro da remoto)"), max_length=11, blank=True)

    class Meta:
        ordering = ["plan", "person", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person", "date"],
                name="one_day_per_plan",
                violation_error_message=_(
                    "The plan already has a day for this person on this date."
                ),
            )
        ]
        verbose_name = _("planned day")
        verbose_name_plural = _("planned days")

    def __str__(self) -> str:
        return f"{self.person} {self.date:%d/%m/%Y} {self.kind}"


class PlanChange(models.Model):
    """A hand edit of a planned day: who, when, before, after. Never edited."""

    plan = models.ForeignKey(MonthPlan, on_delete=models.CASCADE, related_name="changes")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    before = models.CharField(_("before"), max_length=10, choices=PlanDayKind.choices)
    after = models.CharField(_("after"), max_length=10, choices=PlanDayKind.choices)
    actor = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-at", "-pk"]
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")

    def __str__(self) -> str:
        return f"{self.person} {self.date:%d/%m/%Y}: {self.before} -> {self.after}"


class CalendarFeed(models.Model):
    """A private iCalendar address of one person's published days, or of a unit's remote days.
    Only the SHA-256 of its token is stored; revoking it (or making a new one) stops the old
    address."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="calendar_feeds")
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.person or self.unit} ({self.created_at:%d/%m/%Y})"


class RequestStatus(models.TextChoices):
    # A request ("richiesta") is feminine in Italian: its own context, not the agreement's.
    PENDING = "pending", pgettext_lazy("change request", "Waiting")
    APPROVED = "approved", pgettext_lazy("change request", "Approved")
    REJECTED = "rejected", pgettext_lazy("change request", "Rejected")


class ChangeRequest(models.Model):
    """A person asks to move a remote day (swap) or for an extra one in a published plan; the
    manager decides, seeing what the checker says of it."""

    plan = models.ForeignKey(MonthPlan, on_delete=models.CASCADE, related_name="requests")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    from_date = models.DateField(_("instead of"), null=True, blank=True)
    to_date = models.DateField(_("remote on"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    verdict = models.JSONField(_("the checker's verdict"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-created_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self) -> str:
        return f"{self.person} {self.from_date} -> {self.to_date}"


class ActualSource(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed by the person")
    IMPORTED = "imported", _("Attendance system")


class ActualDay(models.Model):
    """What really happened on a day (consuntivo): confirmed by the person or imported from
    the attendance system. The import overrides a confirmation."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="actual_days")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="actual_days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("where"), max_length=10, choices=PlanDayKind.choices)
    source = models.CharField(_("source"), max_length=10, choices=ActualSource.choices)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date"],
                name="one_actual_day_per_person",
                violation_error_message=_("This person already has a recorded day on this date."),
            )
        ]
        # The indicators read a body's days of a month (see indicators.summary).
        indexes = [models.Index(fields=["body", "date"], name="planning_actual_body_date")]
        verbose_name = _("actual day")
        verbose_name_plural = _("actual days")

    def __str__(self) -> str:
        return f"{self.person} {self.date:%d/%m/%Y} {self.kind}"
