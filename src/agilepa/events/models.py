"""Courses, workshops and webinars organised by a body or by a network, with registrations,
a waitlist and attendance.

The capacity is held by the database, not by this code: a registration with a place holds one
numbered place of its event (1..capacity), and a unique constraint on (event, place) refuses a
second holder, so two people racing for the last place never both get it. Attendance of an
event with a training topic becomes a `TrainingCompletion` of the person's body, which the
agreements' prerequisites read (see services.record_attendance)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agilepa.agreements.models import TrainingTopic
from agilepa.core.constraints import ConstraintErrorsOnFields
from agilepa.org.models import Body, Network, Person


class EventKind(models.TextChoices):
    COURSE = "course", _("Course")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")


class Audience(models.TextChoices):
    BODY = "body", _("People of the organising body")
    NETWORK = "network", _("Bodies of the network")
    PUBLIC = "public", _("Public")


class Event(ConstraintErrorsOnFields, models.Model):
    organiser = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="organised_events")
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The network the event is organised for (its coordinating body organises)."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open at once.")
    )
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: at the start.")
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.BODY
    )
    training_topic = models.CharField(
        _("training topic"),
        max_length=20,
        choices=TrainingTopic.choices,
        blank=True,
        help_text=_("Attendance counts as training of this topic for the agreements."),
    )
    training_hours = models.DecimalField(
        _("training hours"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    validity_months = models.PositiveSmallIntegerField(
        _("training valid for, months"),
        null=True,
        blank=True,
        help_text=_("Empty if the training never expires."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    constraint_fields = {
        "event_ends_after_start": "ends_at",
        "network_event_has_network": "network",
    }

    class Meta:
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=~Q(audience="network") | Q(network__isnull=False),
                name="network_event_has_network",
                violation_error_message=_("An event for the network needs its network."),
            ),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event ends after it starts.")
        if not self.place and not self.online_url:
            errors["place"] = _("Give a place, an online link, or both.")
        if self.audience == Audience.NETWORK and self.network_id is None:
            errors["network"] = _("An event for the network's bodies names the network.")
        if self.registration_closes and self.starts_at and self.registration_closes > self.ends_at:
            errors["registration_closes"] = _("Registration closes before the event ends.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration closes after it opens.")
        if self.training_topic and not self.training_hours:
            errors["training_hours"] = _("Training counts with its hours: give them.")
        if errors:
            raise ValidationError(errors)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """One person at one event. A registered person holds a numbered place; the waitlist is
    served in the order of `requested_at`."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    place = models.PositiveIntegerField(null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(_("requested at"))
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["event", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="one_registration_per_person",
                violation_error_message=_("This person is already registered for the event."),
            ),
            models.UniqueConstraint(
                fields=["event", "place"],
                condition=Q(place__isnull=False),
                name="one_holder_per_place",
                violation_error_message=_("This place at the event is already taken."),
            ),
            models.CheckConstraint(
                condition=Q(status="registered", place__isnull=False)
                | (~Q(status="registered") & Q(place__isnull=True)),
                name="registered_holds_a_place",
                violation_error_message=_(
                    "A registration holds a place, one on the waitlist or cancelled holds none."
                ),
            ),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.person} @ {self.event}"
