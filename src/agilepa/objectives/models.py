"""Work by objectives: objectives of the body, of its units and of its people for a period,
aligned in a tree, each with one to five key results; check-ins that record progress; and the
optional activity log of remote days.

An objective keeps its computed `progress` (0-1, None when nothing measures it) and the facts of
its last check-in, written by the services whenever a key result, a check-in or the tree
changes; its status (on track, at risk, off track) depends on the day and is computed when read
(progress.status), so it never goes stale overnight."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agilepa.objectives import progress as rules
from agilepa.org.models import Body, OrgUnit, Person


class Level(models.TextChoices):
    BODY = "body", _("Body")
    UNIT = "unit", _("Unit")
    PERSON = "person", _("Person")


class Period(models.TextChoices):
    YEAR = "Y", _("Year")
    S1 = "S1", _("First semester")
    S2 = "S2", _("Second semester")
    Q1 = "Q1", _("First quarter")
    Q2 = "Q2", _("Second quarter")
    Q3 = "Q3", _("Third quarter")
    Q4 = "Q4", _("Fourth quarter")


class State(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class StatusChoice(models.TextChoices):
    ON_TRACK = rules.Status.ON_TRACK, _("On track")
    AT_RISK = rules.Status.AT_RISK, _("At risk")
    OFF_TRACK = rules.Status.OFF_TRACK, _("Off track")


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ObjectivesPolicy(models.Model):
    """The body's rules for objectives: how status is judged, when a check-in is due, and
    whether its people keep an activity log of their remote days."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="objectives_policy")
    at_risk_gap = models.PositiveSmallIntegerField(
        _("at risk when behind the expected progress by more than (points)"),
        default=10,
        validators=[MaxValueValidator(100)],
    )
    off_track_gap = models.PositiveSmallIntegerField(
        _("off track when behind the expected progress by more than (points)"),
        default=25,
        validators=[MaxValueValidator(100)],
    )
    achieved_at = models.PositiveSmallIntegerField(
        _("achieved at (% progress)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    low_confidence_is_risk = models.BooleanField(
        _("a check-in with low confidence puts the objective at risk"), default=True
    )
    checkin_every_days = models.PositiveSmallIntegerField(
        _("a check-in is due every (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(92)],
    )
    activity_log = models.BooleanField(
        _("people keep an activity log of their remote days"), default=False
    )

    class Meta:
        verbose_name = _("objectives policy")
        verbose_name_plural = _("objectives policies")

    def __str__(self) -> str:
        return str(self.body)

    @property
    def status_rules(self) -> rules.StatusRules:
        return rules.StatusRules(
            at_risk_gap=self.at_risk_gap,
            off_track_gap=self.off_track_gap,
            achieved_at=self.achieved_at,
            low_confidence_is_risk=self.low_confidence_is_risk,
        )


class Objective(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=30)
    level = models.CharField(_("level"), max_length=6, choices=Level.choices)
    # The unit of a unit objective; of a person objective, the owner's unit when it was set
    # (what a manager's subtree is matched on). None for a body objective.
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("unit"),
    )
    owner = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="owned_objectives", verbose_name=_("owner")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period = models.CharField(_("period"), max_length=2, choices=Period.choices, default="Y")
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("contributes to"),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight in the objective it contributes to"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    performance_code = models.CharField(
        _("code in the Piano della performance (PIAO 2.2)"), max_length=50, blank=True
    )
    shared = models.BooleanField(
        _("shared with the people of the unit"),
        default=True,
        help_text=_("Shared objectives are seen by every person of the unit and its sub-units."),
    )
    state = models.CharField(_("state"), max_length=9, choices=State.choices, default="active")
    progress = models.DecimalField(max_digits=7, decimal_places=6, null=True, blank=True)
    last_checkin_on = models.DateField(null=True, blank=True)
    last_confidence = models.CharField(max_length=6, choices=Confidence.choices, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "code"],
                name="unique_objective_code_per_year",
                violation_error_message=_(
                    "The body already has an objective with this code in this year."
                ),
            )
        ]
        indexes = [models.Index(fields=["body", "year", "period"])]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def bounds(self) -> tuple[date, date]:
        return rules.period_bounds(self.year, self.period)

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)


class KeyResultKind(models.TextChoices):
    NUMERIC = rules.Kind.NUMERIC, _("Number")
    PERCENTAGE = rules.Kind.PERCENTAGE, _("Percentage")
    BOOLEAN = rules.Kind.BOOLEAN, _("Yes/no")
    MILESTONES = rules.Kind.MILESTONES, _("Milestones")


class DirectionChoice(models.TextChoices):
    INCREASE = rules.Direction.INCREASE, _("Increase")
    DECREASE = rules.Direction.DECREASE, _("Decrease")


MAX_KEY_RESULTS = 5


class KeyResult(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(_("key result"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=KeyResultKind.choices)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4, default=1)
    current = models.DecimalField(
        _("current value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=DirectionChoice.choices, default="increase"
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["objective", "position", "pk"]
        verbose_name = _("key result")
        verbose_name_plural = _("key results")

    def __str__(self) -> str:
        return self.title

    def facts(self, milestones: list[Milestone] | None = None) -> rules.KeyResultFacts:
        if milestones is None:
            milestones = list(self.milestones.all())
        return rules.KeyResultFacts(
            kind=self.kind,
            weight=self.weight,
            baseline=self.baseline,
            target=self.target,
            current=self.current,
            direction=self.direction,
            milestones_done=sum(1 for m in milestones if m.done),
            milestones_total=len(milestones),
        )

    @property
    def percent(self) -> int:
        return round(rules.key_result_progress(self.facts()) * 100)


class Milestone(models.Model):
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["key_result", "position", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class CheckIn(models.Model):
    """Progress recorded by the owner (or a manager): what changed, with a comment and how
    confident they are. Never edited: the history is the list of check-ins."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="checkins")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    date = models.DateField(_("date"))
    comment = models.TextField(_("comment"), max_length=2000)
    confidence = models.CharField(_("confidence"), max_length=6, choices=Confidence.choices)
    progress = models.DecimalField(max_digits=7, decimal_places=6, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["objective", "date", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.objective.code} {self.date:%d/%m/%Y}"

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)


class KeyResultValue(models.Model):
    """A key result's value as a check-in recorded it (milestones: how many were done)."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="values")
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "key_result"],
                name="one_value_per_checkin",
                violation_error_message=_("This check-in already has a value for the key result."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_result} = {self.value}"


class ActivityEntry(models.Model):
    """What a person did on a remote day, in their own words: seen only by them and by the
    managers of their unit. A declaration, not monitoring (L. 300/1970 art. 4)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="activity_entries")
    date = models.DateField(_("day"))
    text = models.TextField(_("what I did"), max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date"],
                name="one_activity_entry_per_day",
                violation_error_message=_(
                    "This person already has an activity log entry for this day."
                ),
            )
        ]
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log entries")

    def __str__(self) -> str:
        return f"{self.person} {self.date:%d/%m/%Y}"
