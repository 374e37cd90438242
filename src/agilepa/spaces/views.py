"""Pages of the coworking hubs: find a hub, book a seat, one's bookings, check-in."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.agreements.forms import WEEKDAY_CHOICES
from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.decorators import body_view
from agilepa.spaces import selectors, services
from agilepa.spaces.models import (
    SEAT_FEATURES,
    Booking,
    BookingStatus,
    FloorPlan,
    Half,
    Hub,
    RoomBookingStatus,
    Seat,
    feature_label,
)
from agilepa.spaces.rooms import booking as rooms

PLAN_MIME = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}


@body_view()
def hub_list(request: HttpRequest, access: Access) -> HttpResponse:
    today = timezone.localdate()
    origin = selectors.distance_origin(access)
    try:
        # A day asked by the calendar ("book a seat near home"): each hub's page opens on it.
        asked = date.fromisoformat(request.GET.get("date", "")).isoformat()
    except ValueError:
        asked = ""
    context = {
        "access": access,
        "origin": origin,
        "asked_day": asked,
        "rows": selectors.hub_list(access, today, origin=origin),
        "nav": "hubs",
    }
    return render(request, "spaces/hub_list.html", context)


def _chosen_day(value: str, days: dict[date, selectors.DayState]) -> date | None:
    """The day asked in the query string when the page offers it, else the first open one."""
    try:
        asked = date.fromisoformat(value)
    except ValueError:
        asked = None
    if asked in days:
        return asked
    return next((d for d, state in days.items() if not state.closed), None)


def _book_recurring(request: HttpRequest, access: Access, hub: Hub) -> None:
    """Book a weekday for some weeks, and say which days were booked and why the others were
    not."""
    weekday, weeks = request.POST.get("weekday", ""), request.POST.get("weeks", "")
    try:
        days = services.book_recurring(
            access,
            hub,
            int(weekday) if weekday.isdigit() else -1,
            int(weeks) if weeks.isdigit() else 0,
            request.POST.get("half", Half.DAY),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return
    for d in days:
        if d.booking is not None:
            messages.success(
                request,
                _("Booked %(day)s: seat %(seat)s.")
                % {"day": formats.day(d.day), "seat": d.booking.seat.code},
            )
        else:
            messages.warning(
                request,
                _("Not booked %(day)s: %(reason)s")
                % {"day": formats.day(d.day), "reason": d.reason},
            )


@body_view()
def hub_detail(request: HttpRequest, access: Access, hub_id: int) -> HttpResponse:
    """The open days up to the hub's horizon, the seats of the chosen day (with their features,
    free or taken), and the booking form: a chosen seat or any free one."""
    hub = selectors.get_hub(access, hub_id)
    today = timezone.localdate()
    if request.method == "POST":
        if access.person_id is None:
            raise PermissionDeniedForRole
        if request.POST.get("action") == "recurring":
            _book_recurring(request, access, hub)
            return redirect(request.get_full_path())
        seat = request.POST.get("seat", "")
        try:
            day = date.fromisoformat(request.POST.get("date", ""))
            booking = services.book(
                access,
                hub,
                day,
                request.POST.get("half", Half.DAY),
                seat_id=int(seat) if seat.isdigit() else None,
            )
        except ValueError:
            messages.error(request, _("Choose a day."))
        except services.Full as full:
            messages.warning(request, full.message)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Seat %(seat)s is yours %(on_day)s.")
                % {"seat": booking.seat.code, "on_day": formats.with_article("il", booking.date)},
            )
        return redirect(request.get_full_path())
    days = selectors.booking_days(hub, today, access.person_id)
    day = _chosen_day(request.GET.get("date", ""), days)
    half = request.GET.get("half", Half.DAY)
    half = half if half in Half.values else Half.DAY
    features = [f for f in request.GET.getlist("feature") if f in SEAT_FEATURES]
    seats = selectors.seat_states(hub, day, half, features, access.person_id) if day else []
    chosen = request.GET.get("seat", "")
    hub_rooms = list(rooms.rooms_of(hub))
    context = {
        "access": access,
        "hub": hub,
        "days": list(days.items()),
        "day": day,
        "half": half,
        "seats": seats,
        "chosen": int(chosen) if chosen.isdigit() else None,
        "plans": selectors.plans_with_places(hub, seats, hub_rooms),
        "features": [(f, feature_label(f), f in features) for f in SEAT_FEATURES],
        "office_day": bool(day and access.person_id and selectors.planned_office_day(access, day)),
        "halves": Half.choices,
        "weekdays": [
            (n, label)
            for n, label in WEEKDAY_CHOICES
            if not hub.opening_weekdays or int(n) in hub.opening_weekdays
        ],
        "max_weeks": services.MAX_RECURRING_WEEKS,
        "rooms": hub_rooms,
        "nav": "hubs",
    }
    return render(request, "spaces/hub_detail.html", context)


@body_view()
def floor_plan_file(
    request: HttpRequest, access: Access, hub_id: int, floor_plan_id: int
) -> HttpResponse:
    """A floor plan's file, for whoever may see the hub; never served from the media folder
    directly, and with a policy that would stop any script an SVG still held."""
    hub = selectors.get_hub(access, hub_id)
    plan = get_object_or_404(FloorPlan, hub=hub, pk=floor_plan_id)
    if not default_storage.exists(plan.file.name):
        raise Http404
    response = FileResponse(
        default_storage.open(plan.file.name, "rb"), content_type=PLAN_MIME[plan.kind]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@body_view()
def my_bookings(request: HttpRequest, access: Access) -> HttpResponse:
    now = timezone.localtime()
    today = now.date()
    since = today - timedelta(days=30)
    room_bookings = rooms.my_room_bookings(access, since).order_by("date", "starts_at")
    context = {
        "access": access,
        "bookings": selectors.my_bookings(access, since).order_by("date"),
        "room_bookings": [
            (b, b.status == RoomBookingStatus.BOOKED and rooms.starts(b) > now)
            for b in room_bookings
        ],
        "today": today,
        "nav": "hubs",
    }
    return render(request, "spaces/my_bookings.html", context)


@body_view()
@require_POST
def cancel_booking(request: HttpRequest, access: Access, booking_id: int) -> HttpResponse:
    booking = get_object_or_404(
        Booking.objects.select_related("hub"), pk=booking_id, person__body=access.body
    )
    try:
        services.cancel(access, booking)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The booking was cancelled."))
    return redirect("spaces:mine", body=access.body.slug)


@body_view()
def seat_check_in(request: HttpRequest, access: Access, hub_id: int, seat_id: int) -> HttpResponse:
    """The address printed on the seat (as a link or a QR code): the person who booked it
    today checks in."""
    hub = selectors.get_hub(access, hub_id)
    seat = get_object_or_404(Seat, hub=hub, pk=seat_id)
    today = timezone.localdate()
    booking = Booking.objects.filter(
        seat=seat,
        date=today,
        person_id=access.person_id,
        status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN],
    ).first()
    done = None
    if request.method == "POST" and booking is not None:
        try:
            done = services.check_in(booking.check_in_token)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    context = {
        "access": access,
        "hub": hub,
        "seat": seat,
        "booking": done or booking,
        "nav": "hubs",
    }
    return render(request, "spaces/check_in.html", context)
