"""Awards judged by a jury: a call (bando) with weighted criteria, the applications of eligible
bodies, the jurors and their scores, with an append-only record of every score given.

A call is organised either by a network (its coordinators manage it) or by a body (its HR
office). Scores are hidden from other jurors and from applicants until the organiser closes the
jury; after that, no score changes (services.py refuses it)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agilepa.core.constraints import ConstraintErrorsOnFields
from agilepa.org.models import Body, Network


class OpenTo(models.TextChoices):
    MEMBERS = "members", _("The network's member bodies")
    LISTED = "listed", _("The bodies listed")


class AwardCall(ConstraintErrorsOnFields, models.Model):
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="award_calls",
        help_text=_("A call of the network, managed by its coordinators."),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="award_calls",
        help_text=_("A call of the body, managed by its HR office."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    rules = models.TextField(_("rules"), blank=True)
    applications_open = models.DateField(_("applications open on"))
    applications_close = models.DateField(_("applications close on"))
    jury_closes = models.DateField(_("the jury closes by"))
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Jurors score each criterion from 0 to this value."),
    )
    open_to = models.CharField(
        _("open to"), max_length=10, choices=OpenTo.choices, default=OpenTo.LISTED
    )
    eligible_bodies = models.ManyToManyField(
        Body, blank=True, related_name="eligible_award_calls", verbose_name=_("eligible bodies")
    )
    motivation = models.TextField(_("the jury's motivation"), blank=True)
    jury_closed_at = models.DateTimeField(_("jury closed at"), null=True, blank=True)
    jury_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    missing_at_close = models.JSONField(
        _("scores missing at closing"),
        default=list,
        blank=True,
        help_text=_("Juror and application of each score missing when the jury was closed."),
    )
    results_public = models.BooleanField(_("results public"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    constraint_fields = {"award_call_dates_in_order": "applications_close"}

    class Meta:
        ordering = ["-applications_open", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=True, body__isnull=False)
                | Q(network__isnull=False, body__isnull=True),
                name="award_call_one_organiser",
                violation_error_message=_(
                    "A call is organised either by a network or by a body, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(applications_close__gte=models.F("applications_open"))
                & Q(jury_closes__gte=models.F("applications_close")),
                name="award_call_dates_in_order",
                violation_error_message=_(
                    "The dates must be in order: applications open, applications close, "
                    "the jury closes."
                ),
            ),
        ]
        verbose_name = _("award call")
        verbose_name_plural = _("award calls")

    def __str__(self) -> str:
        return self.title

    @property
    def organiser_name(self) -> str:
        return self.network.name if self.network_id else self.body.name

    @property
    def jury_closed(self) -> bool:
        return self.jury_closed_at is not None


class Criterion(models.Model):
    call = models.ForeignKey(AwardCall, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what the jury looks for"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "position"],
                name="one_criterion_per_position",
                violation_error_message=_("The call already has a criterion in this position."),
            )
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Juror(models.Model):
    call = models.ForeignKey(AwardCall, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_juries"
    )
    # The bodies the juror belonged to when named (and, once the jury closes, when it closed):
    # their applications are the ones the juror may not score.
    bodies = models.JSONField(default=list, blank=True)
    named_at = models.DateTimeField(auto_now_add=True)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["call", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user"],
                name="one_seat_per_juror",
                violation_error_message=_("This user is already on the call's jury."),
            )
        ]
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")

    def __str__(self) -> str:
        return f"{self.user} @ {self.call}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Application(models.Model):
    call = models.ForeignKey(AwardCall, on_delete=models.CASCADE, related_name="applications")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="award_applications")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    # The body's indicators at submission, frozen: what the jurors read (snapshot.py's shape).
    indicators = models.JSONField(_("indicators at submission"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["call", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "body"],
                name="one_application_per_body",
                violation_error_message=_("The body has already applied to the call."),
            )
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.body} @ {self.call}"


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("text"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"],
                name="one_answer_per_criterion",
                violation_error_message=_(
                    "The application already has an answer for this criterion."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.criterion.name}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    # Stored by core.uploads under MEDIA_ROOT with a random name; served by a checked view.
    file = models.FileField(max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "criterion__position", "juror"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "juror"],
                name="one_score_per_juror_criterion",
                violation_error_message=_(
                    "This member of the jury has already scored this criterion of the application."
                ),
            )
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.juror}: {self.criterion.name} {self.value}"


class ScoreEvent(models.Model):
    """Who scored what and when: one row per score given or changed, never edited."""

    call = models.ForeignKey(AwardCall, on_delete=models.CASCADE, related_name="score_events")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    value = models.PositiveSmallIntegerField()
    previous = models.PositiveSmallIntegerField(null=True)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user}: {self.value}"
