"""Pages of the coworking hubs: find a hub, book a seat, one's bookings, check-in."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.decorators import body_view
from agilepa.spaces import selectors, services
from agilepa.spaces.models import Booking, BookingStatus, Half, RoomBookingStatus, Seat
from agilepa.spaces.rooms import booking as rooms


@body_view()
def hub_list(request: HttpRequest, access: Access) -> HttpResponse:
    today = timezone.localdate()
    origin = selectors.distance_origin(access)
    context = {
        "access": access,
        "origin": origin,
        "rows": selectors.hub_list(access, today, origin=origin),
        "nav": "hubs",
    }
    return render(request, "spaces/hub_list.html", context)


@body_view()
def hub_detail(request: HttpRequest, access: Access, hub_id: int) -> HttpResponse:
    """Free seats of the next two weeks, and the booking form."""
    hub = selectors.get_hub(access, hub_id)
    today = timezone.localdate()
    if request.method == "POST":
        if access.person_id is None:
            raise PermissionDeniedForRole
        try:
            day = date.fromisoformat(request.POST.get("date", ""))
            booking = services.book(access, hub, day, request.POST.get("half", Half.DAY))
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
                _("Seat %(seat)s is yours on %(day)s.")
                % {"seat": booking.seat.code, "day": formats.day(booking.date)},
            )
        return redirect(request.path)
    open_days = [
        today + timedelta(days=n)
        for n in range(0, hub.book_ahead_days + 1)
        if not hub.opening_weekdays or (today + timedelta(days=n)).weekday() in hub.opening_weekdays
    ][:14]
    context = {
        "access": access,
        "hub": hub,
        "days": list(selectors.free_seats_by_day(hub, open_days).items()),
        "seats": hub.seats.filter(is_active=True),
        "halves": Half.choices,
        "rooms": rooms.rooms_of(hub),
        "nav": "hubs",
    }
    return render(request, "spaces/hub_detail.html", context)


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
