"""Regolamento, individual agreements and their prerequisites.

The rules they must satisfy live in `rules.py` as plain functions; these models only store what
the body and its people wrote, and each converts itself to the plain terms the rules read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agilepa.agreements import rules
from agilepa.core import formats
from agilepa.core.constraints import ConstraintErrorsOnFields
from agilepa.org.models import Body, OrgUnit, Person


def place_choices() -> list[tuple[str, str]]:
    return [
        (rules.Place.HOME.value, pgettext_lazy("place of work", "Home")),
        (rules.Place.HUB.value, _("Coworking hub")),
        (rules.Place.OTHER.value, _("Another declared place")),
    ]


def prerequisite_choices() -> list[tuple[str, str]]:
    return [
        (rules.Prerequisite.IT_CHECK.value, _("Workstation IT check")),
        (rules.Prerequisite.SAFETY_NOTICE.value, _("Safety notice (art. 22)")),
        (rules.Prerequisite.TRAINING_CYBERSECURITY.value, _("Cybersecurity training")),
        (rules.Prerequisite.TRAINING_DIGITAL_WELLBEING.value, _("Digital wellbeing training")),
        (rules.Prerequisite.TRAINING_SAFETY.value, _("Health and safety training")),
        (rules.Prerequisite.TRAINING_AGILE_WORK.value, _("Lavoro agile training")),
    ]


def priority_choices() -> list[tuple[str, str]]:
    return [
        (rules.Priority.CHILD_UNDER_12.value, _("Child up to 12 years old")),
        (rules.Priority.DISABLED_CHILD.value, _("Child with disability (L. 104/1992)")),
        (rules.Priority.SEVERE_DISABILITY.value, _("Worker with serious disability")),
        (rules.Priority.CAREGIVER.value, _("Caregiver (L. 205/2017)")),
        (rules.Priority.FRAGILE.value, _("Lavoratore fragile")),
    ]


class Regulation(models.Model):
    """One version of a body's Regolamento sul lavoro agile. A new version applies to agreements
    signed after it; versions are never edited once an agreement was signed under them."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="regulations")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))
    effective_from = models.DateField(_("effective from"))
    act_reference = models.CharField(
        _("act of adoption"), max_length=200, blank=True, help_text=_("e.g. DGC n. 45/2026")
    )
    max_days_per_week = models.PositiveSmallIntegerField(
        _("remote days per week, at most"), default=2, validators=[MaxValueValidator(5)]
    )
    max_days_per_month = models.PositiveSmallIntegerField(
        _("remote days per month, at most"), default=8, validators=[MaxValueValidator(23)]
    )
    min_presence_percent = models.PositiveSmallIntegerField(
        _("minimum presence, % of working days"),
        default=51,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    reachability_start = models.TimeField(_("reachability window from"), default=time(9, 30))
    reachability_end = models.TimeField(_("reachability window to"), default=time(13, 30))
    disconnection_start = models.TimeField(_("disconnection window from"), default=time(20, 0))
    disconnection_end = models.TimeField(_("disconnection window to"), default=time(7, 30))
    allowed_places = models.JSONField(_("allowed places"), default=list)
    notice_days = models.PositiveSmallIntegerField(_("notice for withdrawal, days"), default=30)
    notice_days_disabled = models.PositiveSmallIntegerField(
        _("notice for workers with disabilities, days"), default=90
    )
    request_notice_days = models.PositiveSmallIntegerField(
        _("notice for a request, days"),
        default=15,
        help_text=_("How long before the start date a request must be submitted."),
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("longest fixed term, months"), null=True, blank=True
    )
    priority_order = models.JSONField(
        _("priority categories, in order"),
        default=list,
        blank=True,
        help_text=_("The body's order of the priority categories, and its own categories."),
    )
    required_prerequisites = models.JSONField(_("required prerequisites"), default=list, blank=True)
    it_check_validity_months = models.PositiveSmallIntegerField(
        _("IT check valid for, months"), default=12, validators=[MinValueValidator(1)]
    )
    presence_window_months = models.PositiveSmallIntegerField(
        _("presence prevails over, months"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_(
            "Presence must prevail on average over this many months (1 to 6; joint circular "
            "of 5 January 2022). Windows start in January: with 3, January-March, April-June…"
        ),
    )
    office_hours_start = models.TimeField(_("office timetable from"), null=True, blank=True)
    office_hours_end = models.TimeField(
        _("office timetable to"),
        null=True,
        blank=True,
        help_text=_("Lavoro da remoto follows these fixed hours; empty: no lavoro da remoto."),
    )
    text = models.TextField(_("text of the Regolamento"), blank=True)
    # A draft (e.g. copied from a network's library) is never in force: HR adopts a new
    # version starting from it.
    is_draft = models.BooleanField(_("draft"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "version"],
                name="unique_regulation_version",
                violation_error_message=_("The body already has a Regolamento with this version."),
            )
        ]
        verbose_name = _("Regolamento")
        verbose_name_plural = _("Regolamenti")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def terms(self) -> rules.RegulationTerms:
        return rules.RegulationTerms(
            version=self.version,
            effective_from=self.effective_from,
            max_days_per_week=self.max_days_per_week,
            max_days_per_month=self.max_days_per_month,
            min_presence_percent=self.min_presence_percent,
            reachability=rules.Window(self.reachability_start, self.reachability_end),
            disconnection=rules.Window(self.disconnection_start, self.disconnection_end),
            allowed_places=frozenset(rules.Place(p) for p in self.allowed_places),
            notice_days=self.notice_days,
            notice_days_disabled=self.notice_days_disabled,
            max_duration_months=self.max_duration_months,
            required_prerequisites=frozenset(
                rules.Prerequisite(p) for p in self.required_prerequisites
            ),
            it_check_validity_months=self.it_check_validity_months,
            presence_window_months=self.presence_window_months,
            office_hours=rules.Window(self.office_hours_start, self.office_hours_end)
            if self.office_hours_start and self.office_hours_end
            else None,
            not_remotable_activities=frozenset(
                self.activities.filter(unit__isnull=True, remotable=False).values_list(
                    "name", flat=True
                )
            )
            if self.pk
            else frozenset(),
        )


class Activity(models.Model):
    """The catalogue of activities that can or cannot be done remotely, for the whole body
    (unit empty) or for one unit and its subtree (CCNL art. 63: the body identifies them)."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="activities")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("activity"), max_length=200)
    remotable = models.BooleanField(_("can be done remotely"), default=True)

    class Meta:
        ordering = ["regulation", "unit", "name"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved by the manager")
    REJECTED = "rejected", _("Rejected")
    COUNTERSIGNED = "countersigned", _("Countersigned by HR")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


# Statuses in which an agreement holds (or will hold) a period of the person's calendar.
LIVE_STATUSES = (
    AgreementStatus.SUBMITTED,
    AgreementStatus.APPROVED,
    AgreementStatus.COUNTERSIGNED,
    AgreementStatus.ACTIVE,
    AgreementStatus.SUSPENDED,
)


class AgreementKind(models.TextChoices):
    AGILE = rules.AgreementKind.AGILE.value, _("Lavoro agile")
    REMOTE = rules.AgreementKind.REMOTE.value, _("Lavoro da remoto")


# The terms an agreement states, which its holder and HR may edit while it is a draft: the
# services' edits and audit snapshots and the access export (rights/gather.py) read this one list.
AGREEMENT_TERMS = (
    "kind",
    "start_date",
    "end_date",
    "pattern",
    "weekdays",
    "monthly_quota",
    "places",
    "other_place",
    "work_hours_start",
    "work_hours_end",
    "fixed_place",
    "reachability_start",
    "reachability_end",
    "disconnection_start",
    "disconnection_end",
    "equipment",
    "activities",
    "objectives",
    "priorities",
    "disabled_l68",
    "notice_days",
    "withdrawal_terms",
)


class Agreement(ConstraintErrorsOnFields, models.Model):
    """The accordo individuale of L. 81/2017 art. 19, with its lifecycle; or, with
    `kind=remote`, an agreement of lavoro da remoto (fixed hours and place, CCNL), which shares
    the lifecycle, the document and the prerequisites."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="agreements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="agreements")
    regulation = models.ForeignKey(
        Regulation, on_delete=models.PROTECT, related_name="agreements", null=True
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AgreementKind.choices, default=AgreementKind.AGILE
    )
    work_hours_start = models.TimeField(_("fixed hours from"), null=True, blank=True)
    work_hours_end = models.TimeField(_("fixed hours to"), null=True, blank=True)
    fixed_place = models.CharField(
        _("fixed place"),
        max_length=300,
        blank=True,
        help_text=_("Lavoro da remoto: the address of the home, the hub or the other office."),
    )
    start_date = models.DateField(_("start date"), null=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty for an open-ended agreement.")
    )
    pattern = models.CharField(
        _("remote days"),
        max_length=20,
        choices=[
            (rules.Pattern.FIXED_WEEKDAYS.value, _("Fixed weekdays")),
            (rules.Pattern.MONTHLY_QUOTA.value, _("A number of days a month")),
        ],
        default=rules.Pattern.FIXED_WEEKDAYS.value,
    )
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    monthly_quota = models.PositiveSmallIntegerField(_("days a month"), default=0)
    places = models.JSONField(_("places"), default=list)
    other_place = models.CharField(_("other place"), max_length=300, blank=True)
    reachability_start = models.TimeField(_("reachability window from"), null=True)
    reachability_end = models.TimeField(_("reachability window to"), null=True)
    disconnection_start = models.TimeField(_("disconnection window from"), null=True)
    disconnection_end = models.TimeField(_("disconnection window to"), null=True)
    equipment = models.TextField(_("equipment"), blank=True)
    activities = models.JSONField(_("activities"), default=list, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    priorities = models.JSONField(_("priority categories"), default=list, blank=True)
    disabled_l68 = models.BooleanField(
        _("worker with disability (L. 68/1999)"),
        default=False,
        help_text=_("The notice for withdrawal is then at least 90 days."),
    )
    notice_days = models.PositiveSmallIntegerField(_("notice for withdrawal, days"), default=30)
    withdrawal_terms = models.TextField(_("withdrawal terms"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawal_justified = models.BooleanField(_("justified reason"), default=False)
    withdrawal_notified_on = models.DateField(_("withdrawal notified on"), null=True, blank=True)
    withdrawal_effective_on = models.DateField(_("last day"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    constraint_fields = {"agreement_end_after_start": "end_date"}

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["body", "status"]),
            models.Index(fields=["person", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="agreement_end_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            )
        ]
        verbose_name = _("individual agreement")
        verbose_name_plural = _("individual agreements")

    def __str__(self) -> str:
        return _("Agreement of %(person)s %(from_day)s") % {
            "person": self.person,
            "from_day": formats.with_article("dal", self.start_date) if self.start_date else "—",
        }

    @property
    def is_open_ended(self) -> bool:
        return self.end_date is None

    def terms(self, granted: Mapping[int, int] | None = None) -> rules.AgreementTerms:
        """The terms the checker reads; `granted` (agreement id: remote days a month of its
        granted derogation) when the caller read the derogations of many agreements at once."""

        def window(start: time | None, end: time | None) -> rules.Window | None:
            return rules.Window(start, end) if start is not None and end is not None else None

        return rules.AgreementTerms(
            start=self.start_date,
            end=self.end_date,
            pattern=rules.Pattern(self.pattern),
            weekdays=frozenset(int(d) for d in self.weekdays),
            monthly_quota=self.monthly_quota,
            places=frozenset(rules.Place(p) for p in self.places),
            other_place=self.other_place,
            reachability=window(self.reachability_start, self.reachability_end),
            disconnection=window(self.disconnection_start, self.disconnection_end),
            notice_days=self.notice_days,
            activities=frozenset(self.activities),
            kind=rules.AgreementKind(self.kind),
            work_hours=window(self.work_hours_start, self.work_hours_end),
            fixed_place=self.fixed_place,
            derogation_days=self.granted_derogation_days()
            if granted is None
            else granted.get(self.pk),
        )

    def granted_derogation_days(self) -> int | None:
        """The remote days a month a granted derogation allows (never its reason)."""
        if self.pk is None:
            return None
        derogation = PresenceDerogation.objects.filter(
            agreement_id=self.pk, status=DerogationStatus.GRANTED
        ).first()
        return derogation.days_per_month if derogation else None

    def covers(self, day: date) -> bool:
        if self.start_date is None or day < self.start_date:
            return False
        last = self.withdrawal_effective_on or self.end_date
        return last is None or day <= last


class AgreementTransition(models.Model):
    """Every change of status: who, when, from, to, why. Never edited."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=15, choices=AgreementStatus.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=AgreementStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, editable=False)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["agreement", "at", "pk"]
        verbose_name = _("agreement transition")
        verbose_name_plural = _("agreement transitions")

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.from_status or '-'} -> {self.to_status}"


# --- derogation from the prevalence of presence --------------------------------------------


class DerogationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class PresenceDerogation(models.Model):
    """A clause of the agreement that lifts the prevalence of presence up to a number of remote
    days a month, for serious, urgent and not otherwise reconcilable health, personal or family
    situations (Directive of the Minister for PA, 29 December 2023), decided by the manager.

    `reason` is special-category personal data (art. 9 GDPR): it lives in this table only, is
    read through `derogations.reason_for` (the person, HR and the deciding manager) and is
    never serialised with the agreement, exported or counted in indicators."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="derogation")
    days_per_month = models.PositiveSmallIntegerField(
        _("remote days a month, at most"), validators=[MinValueValidator(1), MaxValueValidator(23)]
    )
    reason = models.TextField(_("reason (special category of personal data)"))
    review_on = models.DateField(_("review by"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DerogationStatus.choices,
        default=DerogationStatus.REQUESTED,
    )
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("derogation from the prevalence of presence")
        verbose_name_plural = _("derogations from the prevalence of presence")

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.days_per_month} ({self.status})"


class ReasonAccess(models.Model):
    """Who read a derogation's reason, and when (art. 9 GDPR data: access is logged)."""

    derogation = models.ForeignKey(
        PresenceDerogation, on_delete=models.CASCADE, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.derogation_id} {self.user_id} {self.at:%d/%m/%Y %H:%M}"


# --- communications to the Ministry of Labour (L. 81/2017 art. 23) -------------------------


class CommunicationEvent(models.TextChoices):
    START = "start", _("Start")
    CHANGE = "change", _("Change")
    EXTENSION = "extension", _("Extension")
    END = "end", _("End (withdrawal)")


class MinistryCommunication(models.Model):
    """One communication due to the Ministry of Labour's "Lavoro agile" service for a start,
    change, extension or end of an agreement (both kinds): due `rules.COMMUNICATION_DAYS`
    calendar days after the event; HR records the receipt number the portal gives."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="communications")
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="communications"
    )
    event = models.CharField(_("event"), max_length=10, choices=CommunicationEvent.choices)
    event_date = models.DateField(_("date of the event"))
    due_on = models.DateField(_("due by"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["body", "sent_on", "due_on"])]
        verbose_name = _("communication to the Ministry of Labour")
        verbose_name_plural = _("communications to the Ministry of Labour")

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.event} {self.event_date:%d/%m/%Y}"

    def state(self, today: date) -> str:
        return rules.communication_state(self.due_on, self.sent_on, today)


# --- prerequisites ------------------------------------------------------------------------


class WorkstationCheck(models.Model):
    """The IT check of one device a person uses for lavoro agile (seeds 001, 003, 004)."""

    ITEMS = (
        "os_updated",
        "disk_encrypted",
        "antivirus",
        "vpn",
        "mfa",
        "home_network_secured",
        "backups",
    )

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="workstation_checks")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="workstation_checks")
    device = models.CharField(_("device"), max_length=120)
    checked_on = models.DateField(_("checked on"))
    os_updated = models.BooleanField(_("operating system updated"), default=False)
    disk_encrypted = models.BooleanField(_("disk encrypted"), default=False)
    antivirus = models.BooleanField(_("antivirus active"), default=False)
    vpn = models.BooleanField(_("VPN configured"), default=False)
    mfa = models.BooleanField(_("multi-factor login"), default=False)
    home_network_secured = models.BooleanField(_("home network secured"), default=False)
    backups = models.BooleanField(_("backups"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["person", "-checked_on", "-pk"]
        verbose_name = _("workstation IT check")
        verbose_name_plural = _("workstation IT checks")

    def __str__(self) -> str:
        return f"{self.device} ({self.checked_on:%d/%m/%Y})"

    @property
    def passed(self) -> bool:
        return all(getattr(self, item) for item in self.ITEMS)

    def failed_items(self) -> list[str]:
        return [
            str(self._meta.get_field(item).verbose_name)
            for item in self.ITEMS
            if not getattr(self, item)
        ]


class EquipmentItem(models.Model):
    """The equipment register: an asset handed over to a person and, later, returned."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="equipment")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="equipment"
    )
    asset_tag = models.CharField(_("asset tag"), max_length=60)
    kind = models.CharField(_("kind"), max_length=80)
    description = models.CharField(_("description"), max_length=200, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=120, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)

    class Meta:
        ordering = ["body", "asset_tag"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "asset_tag"],
                name="unique_asset_tag_per_body",
                violation_error_message=_("The body already has equipment with this asset tag."),
            )
        ]
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment")

    def __str__(self) -> str:
        return f"{self.asset_tag} {self.kind}"


class TrainingTopic(models.TextChoices):
    CYBERSECURITY = "cybersecurity", _("Cybersecurity")
    DIGITAL_WELLBEING = "digital_wellbeing", _("Digital wellbeing")
    SAFETY = "safety", _("Health and safety")
    AGILE_WORK = "agile_work", _("Lavoro agile")
    OTHER = "other", _("Other")


TOPIC_PREREQUISITE = {
    TrainingTopic.CYBERSECURITY: rules.Prerequisite.TRAINING_CYBERSECURITY,
    TrainingTopic.DIGITAL_WELLBEING: rules.Prerequisite.TRAINING_DIGITAL_WELLBEING,
    TrainingTopic.SAFETY: rules.Prerequisite.TRAINING_SAFETY,
    TrainingTopic.AGILE_WORK: rules.Prerequisite.TRAINING_AGILE_WORK,
}


class TrainingCourse(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="training_courses")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=20, choices=TrainingTopic.choices)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for, months"),
        null=True,
        blank=True,
        help_text=_("Empty if the completion never expires."),
    )

    class Meta:
        ordering = ["body", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code"],
                name="unique_course_code_per_body",
                violation_error_message=_("The body already has a course with this code."),
            )
        ]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")

    def __str__(self) -> str:
        return self.title


class TrainingCompletion(models.Model):
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="completions")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="training_completions"
    )
    completed_on = models.DateField(_("completed on"))

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person", "completed_on"],
                name="unique_completion",
                violation_error_message=_(
                    "This completion of the course is already recorded for the person."
                ),
            )
        ]
        verbose_name = _("training completion")
        verbose_name_plural = _("training completions")

    def __str__(self) -> str:
        return f"{self.course} ({self.completed_on:%d/%m/%Y})"


class SafetyNotice(models.Model):
    """The written informativa on health and safety risks, given at least once a year
    (L. 81/2017 art. 22); the agreement's PDF carries it as an annex."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="safety_notices")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="safety_notices")
    delivered_on = models.DateField(_("delivered on"))
    agreement = models.ForeignKey(
        Agreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="safety_notices"
    )

    class Meta:
        ordering = ["-delivered_on"]
        verbose_name = _("safety notice")
        verbose_name_plural = _("safety notices")

    def __str__(self) -> str:
        return f"{self.person} ({self.delivered_on:%d/%m/%Y})"


class DocumentTemplate(models.Model):
    """How a body prints its agreements: its logo and the text blocks around the terms.
    A body without one prints the shipped model text."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="document_template")
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    header = models.TextField(_("heading"), blank=True)
    premises = models.TextField(_("premises"), blank=True)
    clauses = models.TextField(_("clauses"), blank=True)
    closing = models.TextField(_("closing"), blank=True)
    safety_notice = models.TextField(_("safety notice annex"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return str(self.body)
