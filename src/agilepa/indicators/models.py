"""The POLA/PIAO indicators' own data: the monthly summary every measured indicator is read
from, the values HR declares, the targets of the three-year plan, and the benchmark opt-ins.

`PersonMonth` is derived data: one row per person and month, rebuilt from the day records
(actuals, else the published plan; a booked hub seat makes a remote day a coworking day; a
remote day under an agreement of lavoro da remoto counts apart), the agreements, the training,
the equipment register, the objectives and the commute profile by `summary.refresh`. It is
never edited by hand. Which months are stale is kept in `SummaryState`; see docs/indicators.md
("Keeping the figures up to date")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agilepa.org.models import Body, Network


class PersonMonth(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    # Who the person was that month.
    potential = models.BooleanField(default=False)  # activities that can be done remotely
    agreement = models.BooleanField(default=False)  # an active agreement on a day of the month
    manager = models.BooleanField(default=False)  # heads a unit
    trained_digital = models.BooleanField(default=False)
    trained_agile = models.BooleanField(default=False)
    device = models.BooleanField(default=False)
    objectives = models.BooleanField(default=False)  # has individual objectives that month
    # Where the working days were.
    office_days = models.PositiveSmallIntegerField(default=0)
    remote_days = models.PositiveSmallIntegerField(default=0)  # at home or elsewhere, not a hub
    coworking_days = models.PositiveSmallIntegerField(default=0)
    # Lavoro da remoto (an agreement of kind "remote": fixed hours and place), at home or at a
    # hub, counted apart from the lavoro agile days above (the PIAO reports both, apart).
    fixed_remote_days = models.PositiveSmallIntegerField(default=0)
    absent_days = models.PositiveSmallIntegerField(default=0)
    # What the remote and coworking days saved (measurement.savings), exact to the unit shown.
    km = models.FloatField(default=0)
    minutes = models.FloatField(default=0)
    kg_co2 = models.FloatField(default=0)
    eur = models.FloatField(default=0)
    # Which people counts of the year and of the quarter this row opens: bit i (year) and bit
    # 10 + i (quarter) when this is the person's first month of the body's rows in that period
    # meeting condition i of `summary.FIRSTS`; bit 20 when the person has rows of another body
    # in the year. A year's or quarter's people are then counted without COUNT(DISTINCT …).
    firsts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month"],
                name="one_summary_per_person_month",
                violation_error_message=_("This person already has a summary for this month."),
            )
        ]
        indexes = [models.Index(fields=["body", "month"], name="indicators_pm_body_month")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m}"


class ResponseMonth(models.Model):
    """The survey answers a body received in a month, summed for the indicators (WHO-5 and the
    satisfaction items): counts and sums only, nothing of any one response."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    who5_n = models.PositiveIntegerField(default=0)  # responses with all five WHO-5 items
    who5_sum = models.PositiveIntegerField(default=0)  # their raw scores (0-25 each), summed
    respondents = models.PositiveIntegerField(default=0)  # gave at least one satisfaction item
    answered = models.PositiveIntegerField(default=0)  # satisfaction items given
    agree = models.PositiveIntegerField(default=0)  # of which 4 or 5

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["body", "month"],
                name="one_response_sum_per_month",
                violation_error_message=_(
                    "The body already has the response totals of this month."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.month:%Y-%m}"


class SummaryState(models.Model):
    """Whether a body's month of `PersonMonth` is up to date with the day records."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    dirty = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["body", "month"],
                name="one_state_per_body_month",
                violation_error_message=_("The body already has a state for this month."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.month:%Y-%m} {'dirty' if self.dirty else 'clean'}"


class DeclaredValue(models.Model):
    """A figure the platform cannot know (euro spent, share of services online …), entered by
    HR for a year. Never edited: a correction is a new row, and the latest one counts."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("indicator"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("source or note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-entered_at", "-pk"]
        indexes = [models.Index(fields=["body", "year", "code"], name="indicators_declared_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.value}"


class Target(models.Model):
    """A body's three-year plan for one indicator: the baseline and the target of each phase
    (year 1 avvio, year 2 sviluppo intermedio, year 3 sviluppo avanzato)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("indicator"), max_length=40)
    plan_year = models.PositiveSmallIntegerField(_("first year of the plan"))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True)
    target_1 = models.DecimalField(_("target, avvio"), max_digits=14, decimal_places=2)
    target_2 = models.DecimalField(
        _("target, sviluppo intermedio"), max_digits=14, decimal_places=2
    )
    target_3 = models.DecimalField(_("target, sviluppo avanzato"), max_digits=14, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code", "plan_year"],
                name="one_target_per_indicator_plan",
                violation_error_message=_(
                    "This indicator already has a target for the plan's year."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.plan_year}"


class BenchmarkOptIn(models.Model):
    """A member body that shows its name in the network's benchmark, and sees the names of
    the other members that did the same."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "body"],
                name="one_opt_in_per_member",
                violation_error_message=_("The body has already joined the network's benchmark."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.network_id} {self.body_id}"


class OpenDataOptIn(models.Model):
    """A body that publishes its own named figures as open data. Not the benchmark's consent
    (names shown to the network's members that show theirs): this one is to the world. A body
    without it is counted in its networks' open totals only."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"open data: {self.body_id}"


class ReportSignature(models.Model):
    """HR's choice to sign a year's PIAO report with their own name. The report is meant for
    publication: without this row it names no member of staff, and its author is the HR office
    of the body. The choice is per report (body and year) and in the audit trail."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    # Who signs: the report shows their name while their account exists, the office's after.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_signature_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year}"
