"""Commute profiles, the body's factors, and campaigns of smart-working days.

The home municipality stays on `org.Person` (declared at /b/<body>/me/home/): the profile adds
what a distance and a saving need, the one-way distance and time to the usual office and the
usual mode."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agilepa.core.constraints import ConstraintErrorsOnFields
from agilepa.measurement.factors import Mode
from agilepa.org.models import Body, Network, Person


class CommuteProfile(models.Model):
    """How a person usually gets to the office: self-declared, editable by HR."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="commute")
    distance_km = models.DecimalField(
        _("one-way distance (km)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(999))],
    )
    minutes = models.PositiveSmallIntegerField(
        _("one-way time (minutes)"), validators=[MaxValueValidator(600)]
    )
    mode = models.CharField(_("usual mode"), max_length=15, choices=Mode.choices)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("commute profile")
        verbose_name_plural = _("commute profiles")

    def __str__(self) -> str:
        return f"{self.person}: {self.distance_km} km, {self.get_mode_display()}"


class ModeFactor(models.Model):
    """A body's own factor for a mode, replacing the default of factors.py."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="commute_factors")
    mode = models.CharField(_("mode"), max_length=15, choices=Mode.choices)
    kg_co2_per_km = models.DecimalField(
        _("kg CO2 per km"), max_digits=6, decimal_places=3, validators=[MinValueValidator(0)]
    )
    eur_per_km = models.DecimalField(
        _("euro per km"), max_digits=6, decimal_places=3, validators=[MinValueValidator(0)]
    )
    ticket_eur = models.DecimalField(
        _("ticket, one way (euro)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["body", "mode"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "mode"],
                name="one_factor_per_body_mode",
                violation_error_message=_(
                    "The body already has a factor for this means of transport."
                ),
            )
        ]
        verbose_name = _("commute factor")
        verbose_name_plural = _("commute factors")

    def __str__(self) -> str:
        return f"{self.body}: {self.mode}"


class Campaign(ConstraintErrorsOnFields, models.Model):
    """Smart-working days or a week announced by a city or a network (the Milano model).

    Without a network, every body of the platform may sign up (a city's campaign); with one,
    the bodies of that network."""

    organiser = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="organised_campaigns"
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="campaigns",
        help_text=_("Empty: open to every body."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    results_public = models.BooleanField(
        _("results public"),
        default=False,
        help_text=_("The results page and its open data, without login (no personal data)."),
    )
    survey_campaign = models.ForeignKey(
        "surveys.SurveyCampaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey of the campaign"),
        help_text=_(
            "An anonymous survey of the organising body: its scores show on the results, "
            "never for fewer respondents than its threshold."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    constraint_fields = {"campaign_end_after_start": "end"}

    class Meta:
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="campaign_end_after_start",
                violation_error_message=_("The end must be on or after the start."),
            )
        ]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.survey_campaign_id and self.survey_campaign.body_id != self.organiser_id:
            raise ValidationError(
                {"survey_campaign": _("The survey must be one of the organising body.")}
            )
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The last day comes before the first.")})
        if self.start and self.end and (self.end - self.start).days > 31:
            raise ValidationError({"end": _("A campaign lasts a month at most.")})


class CampaignBody(models.Model):
    """A body (public or private) that signed up for a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="bodies")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="campaigns")
    joined_at = models.DateTimeField(auto_now_add=True)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["campaign", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "body"],
                name="one_sign_up_per_body",
                violation_error_message=_("The body has already signed up for the campaign."),
            )
        ]
        verbose_name = _("participating body")
        verbose_name_plural = _("participating bodies")

    def __str__(self) -> str:
        return f"{self.body} @ {self.campaign}"


class Pledge(models.Model):
    """A day of the campaign a person pledges to work remotely."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pledges")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pledges")
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "person", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "date"],
                name="one_pledge_per_person_day",
                violation_error_message=_(
                    "This person has already pledged this day in the campaign."
                ),
            )
        ]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self) -> str:
        return f"{self.person} {self.date:%d/%m/%Y}"
