"""Coworking hubs shared across a network, their seats, and bookings that can never overbook.

A booking holds one or two half-day *slots* of a seat; a unique constraint on the live slots of
a seat (and on the live slots of a person) makes the database itself refuse a second booking of
the same half day, on SQLite and PostgreSQL alike, however many requests race for it. Meeting
rooms are booked by the hour the same way: a room booking holds a `RoomSlot` per half hour."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agilepa.core.constraints import ConstraintErrorsOnFields
from agilepa.org.models import Body, Network, Person


class Sharing(models.TextChoices):
    NETWORK = "network", _("Every body of the owner's networks")
    LISTED = "listed", _("The listed bodies")
    INTERNAL = "internal", _("The owner's people only")


class Hub(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="hubs")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=120)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    sharing = models.CharField(
        _("shared with"), max_length=10, choices=Sharing.choices, default=Sharing.NETWORK
    )
    networks = models.ManyToManyField(Network, blank=True, related_name="hubs")
    listed_bodies = models.ManyToManyField(Body, blank=True, related_name="listed_hubs")
    opening_weekdays = models.JSONField(_("open on"), default=list)
    opens_at = models.TimeField(_("opens at"), default=time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=time(19, 0))
    max_days_per_month = models.PositiveSmallIntegerField(
        _("days per person per month, at most"), default=8
    )
    max_days_per_week = models.PositiveSmallIntegerField(
        _("days per person per week, at most"), default=5, validators=[MinValueValidator(1)]
    )
    book_ahead_days = models.PositiveSmallIntegerField(
        _("bookable up to, days ahead"), default=30, validators=[MinValueValidator(1)]
    )
    cancel_until = models.TimeField(_("cancellation until (the day before)"), default=time(18, 0))
    release_no_show_at = models.TimeField(_("unchecked bookings released at"), default=time(10, 30))
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("coworking hub")
        verbose_name_plural = _("coworking hubs")

    def __str__(self) -> str:
        return self.name


class HubClosure(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["hub", "date"]
        verbose_name = _("hub closure")
        verbose_name_plural = _("hub closures")

    def __str__(self) -> str:
        return f"{self.hub} {self.date:%d/%m/%Y}"


class FloorPlan(models.Model):
    """The plan of one floor of a hub (an image or a sanitised SVG, see `floor_plans`), on which
    the seats and the meeting rooms are placed by percent coordinates (`PlacedOnPlan`)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="floor_plans")
    name = models.CharField(_("floor"), max_length=100)
    file = models.FileField(_("plan"), max_length=255)
    kind = models.CharField(max_length=5)  # "png", "jpeg" or "svg"
    width = models.FloatField()
    height = models.FloatField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hub", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "name"],
                name="unique_floor_plan_name",
                violation_error_message=_("The hub already has a floor plan with this name."),
            )
        ]
        verbose_name = _("floor plan")
        verbose_name_plural = _("floor plans")

    def __str__(self) -> str:
        return f"{self.hub} {self.name}"

    @property
    def ratio_height(self) -> float:
        """The plan's height when its width is 100: the drawing's coordinate box."""
        return round(100 * self.height / self.width, 3) if self.width else 100.0


def floor_plan_field(related_name: str) -> models.ForeignKey[FloorPlan | None, FloorPlan | None]:
    """The floor plan a seat or a room is placed on (see `PlacedOnPlan`).

    Each model declares it with its own related name (`plan.seats`, `plan.rooms`) instead of the
    abstract base declaring it once with `"%(class)ss"`: Django writes that template, not the
    name it stands for, into the migration state, which would alter the seats' field for
    nothing."""
    return models.ForeignKey(
        FloorPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("floor plan"),
    )


class PlacedOnPlan(models.Model):
    """Something of a hub that HR places on one of its floor plans: a seat or a meeting room.

    The place is a point in percent of the plan's width and height from its top left corner, so
    it stays right whatever size the plan is drawn at. The fields are nullable because a hub may
    have no plan, and a plan deleted leaves what was on it unplaced (`SET_NULL`) rather than
    deleting seats and rooms with their bookings. Seats and rooms share them through this
    abstract base so that both are placed, validated (`PlacementFormMixin`) and drawn the same
    way; each adds its `floor_plan = floor_plan_field(...)`."""

    plan_x = models.DecimalField(
        _("across the plan, percent from the left"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    plan_y = models.DecimalField(
        _("down the plan, percent from the top"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        abstract = True


class Seat(PlacedOnPlan):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="seats")
    floor_plan = floor_plan_field("seats")
    code = models.CharField(_("code"), max_length=20)
    monitor = models.BooleanField(_("monitor"), default=False)
    docking_station = models.BooleanField(_("docking station"), default=False)
    quiet_room = models.BooleanField(_("quiet room"), default=False)
    step_free = models.BooleanField(_("step-free access"), default=True)
    standing_desk = models.BooleanField(_("standing desk"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["hub", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "code"],
                name="unique_seat_code",
                violation_error_message=_("The hub already has a seat with this code."),
            )
        ]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")

    def __str__(self) -> str:
        return f"{self.hub} {self.code}"


# The features of a seat a person may ask for, in the order the pages list them: each is a
# boolean field of `Seat` (a fixed set: a filter is a plain condition on the seat's columns).
SEAT_FEATURES = ("step_free", "monitor", "docking_station", "quiet_room", "standing_desk")


def feature_label(name: str) -> str:
    """The label of a feature (a name of `SEAT_FEATURES`): its field's verbose name."""
    field = Seat._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def seat_features(seat: Seat) -> list[str]:
    """The labels of the features the seat has."""
    return [feature_label(f) for f in SEAT_FEATURES if getattr(seat, f)]


class Half(models.TextChoices):
    DAY = "day", _("The whole day")
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    RELEASED = "released", _("Released (no show)")


LIVE = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN)


class Booking(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="bookings")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bookings")
    date = models.DateField(_("date"))
    half = models.CharField(_("when"), max_length=3, choices=Half.choices, default=Half.DAY)
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    check_in_token = models.CharField(max_length=43, unique=True, editable=False)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "hub", "seat"]
        indexes = [models.Index(fields=["hub", "date", "status"])]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self) -> str:
        return f"{self.seat} {self.date:%d/%m/%Y} {self.person}"


class Slot(models.Model):
    """A half day of a seat held by a live booking. The unique constraints are the guarantee
    against overbooking: the database refuses the second holder of a slot."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    half = models.CharField(max_length=2)  # "am" or "pm"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seat", "date", "half"],
                name="one_holder_per_slot",
                violation_error_message=_("The seat is already booked for this half-day."),
            ),
            models.UniqueConstraint(
                fields=["person", "date", "half"],
                name="one_seat_per_person_and_slot",
                violation_error_message=_(
                    "This person already has a seat booked for this half-day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat} {self.date:%d/%m/%Y} {self.half}"


class WaitlistEntry(models.Model):
    """Someone waiting for a seat in a full hub on a day: promoted, first come first served,
    when a seat frees up."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="waitlist")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    half = models.CharField(_("when"), max_length=3, choices=Half.choices, default=Half.DAY)
    created_at = models.DateTimeField(auto_now_add=True)
    promoted = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["hub", "date", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "person", "date"],
                condition=Q(promoted__isnull=True),
                name="one_wait_per_person_hub_day",
                violation_error_message=_(
                    "This person is already on the hub's waitlist for this day."
                ),
            )
        ]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")

    def __str__(self) -> str:
        return f"{self.hub} {self.date:%d/%m/%Y} {self.person}"


class Room(PlacedOnPlan):
    """A meeting room of a hub, booked by the hour (in 30-minute slots), which HR may place on
    one of the hub's floor plans as it places seats."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="rooms")
    floor_plan = floor_plan_field("rooms")
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveSmallIntegerField(
        _("capacity (people)"), default=6, validators=[MinValueValidator(1)]
    )
    video_conference = models.BooleanField(_("video conference"), default=False)
    screen = models.BooleanField(_("screen or projector"), default=False)
    step_free = models.BooleanField(_("step-free access"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["hub", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "name"],
                name="unique_room_name",
                violation_error_message=_("The hub already has a room with this name."),
            )
        ]
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")

    def __str__(self) -> str:
        return f"{self.hub} {self.name}"


class RoomBookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class RoomBooking(models.Model):
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="room_bookings")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RoomBookingStatus.choices,
        default=RoomBookingStatus.BOOKED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "starts_at", "room"]
        indexes = [models.Index(fields=["room", "date", "status"])]
        verbose_name = _("room booking")
        verbose_name_plural = _("room bookings")

    def __str__(self) -> str:
        return f"{self.room} {self.date:%d/%m/%Y} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class RoomSlot(models.Model):
    """Thirty minutes of a room held by a live room booking. As with `Slot`, the unique
    constraint is the guarantee: the database refuses a second holder, so two bookings of a
    room can never overlap, however many requests race."""

    booking = models.ForeignKey(RoomBooking, on_delete=models.CASCADE, related_name="slots")
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    start = models.PositiveSmallIntegerField()  # minute of the day: 600 is 10:00

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["room", "date", "start"],
                name="one_holder_per_room_slot",
                violation_error_message=_("The room is already booked at this time."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.date:%d/%m/%Y} {self.start // 60:02d}:{self.start % 60:02d}"


class TeamZone(ConstraintErrorsOnFields, models.Model):
    """Seats of a hub a unit holds on its anchor days (`planning.AnchorDay`): on such a day they
    go to the people of the unit's subtree only; on other days they are ordinary seats."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="team_zones")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, related_name="team_zones", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=100)
    seats = models.ManyToManyField(Seat, related_name="team_zones", verbose_name=_("seats"))

    constraint_fields = {"unique_team_zone_name": "name"}

    class Meta:
        ordering = ["hub", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "name"],
                name="unique_team_zone_name",
                violation_error_message=_("The hub already has a team zone with this name."),
            )
        ]
        verbose_name = _("team zone")
        verbose_name_plural = _("team zones")

    def __str__(self) -> str:
        return f"{self.hub} {self.name}"
