"""Pages of events: the list (upcoming, mine), one event with registration and its calendar
file, the organiser's form and attendance sheet, and the calendar file of a public event."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.core import ical
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.events import selectors, services
from agilepa.events.forms import EventForm
from agilepa.events.ical import event_ics
from agilepa.events.models import Event, RegistrationStatus
from agilepa.org.models import Network

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@body_view()
def event_list(request: HttpRequest, access: Access) -> HttpResponse:
    context = {
        "access": access,
        "events": selectors.upcoming_for(access),
        "mine": selectors.my_registrations(access),
        "nav": "events",
    }
    return render(request, "events/list.html", context)


def _form(request: HttpRequest, access: Access, event: Event | None):
    networks = Network.objects.filter(coordinator=access.body)
    if request.method != "POST":
        return EventForm(instance=event, networks=networks), 200, None
    form = EventForm(request.POST, instance=event, networks=networks)
    if form.is_valid():
        try:
            data = form.data_for_service()
            if event is None:
                return form, 200, services.create_event(access, **data)
            return form, 200, services.update_event(access, event, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return form, 422, None


@body_view(*HR)
def event_new(request: HttpRequest, access: Access) -> HttpResponse:
    form, status, saved = _form(request, access, None)
    if saved is not None:
        messages.success(request, _("The event is published."))
        return redirect("events:detail", access.body.slug, saved.pk)
    context = {"access": access, "form": form, "event": None, "nav": "events"}
    return render(request, "events/edit.html", context, status=status)


@body_view(*HR)
def event_edit(request: HttpRequest, access: Access, event_id: int) -> HttpResponse:
    event = selectors.get_event(access, event_id)
    if not services.is_organiser(access, event):
        raise PermissionDeniedForRole
    form, status, saved = _form(request, access, event)
    if saved is not None:
        messages.success(request, _("The event is saved."))
        return redirect("events:detail", access.body.slug, saved.pk)
    context = {"access": access, "form": form, "event": event, "nav": "events"}
    return render(request, "events/edit.html", context, status=status)


@body_view()
def event_detail(request: HttpRequest, access: Access, event_id: int) -> HttpResponse:
    event = selectors.get_event(access, event_id)
    mine = selectors.my_registration(access, event)
    now = timezone.now()
    context = {
        "access": access,
        "event": event,
        "mine": mine,
        "position": selectors.waitlist_position(mine) if mine else None,
        "is_open": services.registration_open(event, now),
        "started": now >= event.starts_at,
        "organiser": services.is_organiser(access, event),
        "places_left": max(event.capacity - event.registered, 0),
        "nav": "events",
    }
    return render(request, "events/detail.html", context)


@body_view()
@require_POST
def event_register(request: HttpRequest, access: Access, event_id: int) -> HttpResponse:
    event = selectors.get_event(access, event_id)
    try:
        registration = services.register(access, event)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You are registered."))
        else:
            messages.info(request, _("The event is full: you are on the waitlist."))
    return redirect("events:detail", access.body.slug, event.pk)


@body_view()
@require_POST
def event_cancel(request: HttpRequest, access: Access, event_id: int) -> HttpResponse:
    """Cancel one's own registration, or (HR) the registration given by `registration`."""
    event = selectors.get_event(access, event_id)
    registration_id = request.POST.get("registration")
    if registration_id:
        registration = get_object_or_404(
            selectors.registrations_of(access, event), pk=registration_id
        )
    else:
        if access.person_id is None:
            raise PermissionDeniedForRole
        registration = selectors.my_registration(access, event)
        if registration is None:
            messages.error(request, _("You are not registered for this event."))
            return redirect("events:detail", access.body.slug, event.pk)
    try:
        services.cancel(access, registration)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("events:detail", access.body.slug, event.pk)


@body_view(*HR)
def event_attendance(request: HttpRequest, access: Access, event_id: int) -> HttpResponse:
    """The organiser's sheet: who is registered and waiting; after the start, who attended."""
    event = selectors.get_event(access, event_id)
    registrations = list(selectors.registrations_of(access, event))
    status = 200
    if request.method == "POST":
        held = [r.pk for r in registrations if r.status == RegistrationStatus.REGISTERED]
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            report = services.record_attendance(
                access, event, present, [pk for pk in held if pk not in present]
            )
        except ValidationError as exc:
            _errors(request, exc)
            status = 422
        else:
            messages.success(
                request,
                _("Attendance recorded: %(p)d present, %(a)d absent, %(t)d training records.")
                % {"p": report.present, "a": report.absent, "t": report.training_recorded},
            )
            return redirect("events:attendance", access.body.slug, event.pk)
    context = {
        "access": access,
        "event": event,
        "registrations": registrations,
        "started": timezone.now() >= event.starts_at,
        "nav": "events",
    }
    return render(request, "events/attendance.html", context, status=status)


def _ics_response(event: Event, url: str) -> HttpResponse:
    return ical.response(event_ics(event, url), filename=f"event-{event.pk}.ics")


@body_view()
def event_calendar(request: HttpRequest, access: Access, event_id: int) -> HttpResponse:
    event = selectors.get_event(access, event_id)
    url = request.build_absolute_uri(reverse("events:detail", args=[access.body.slug, event.pk]))
    return _ics_response(event, url)


def public_calendar(request: HttpRequest, event_id: int) -> HttpResponse:
    """The calendar file of a public event, without login (no personal data in it)."""
    event = selectors.public_event(event_id)
    return _ics_response(event, request.build_absolute_uri())
