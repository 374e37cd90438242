"""Pages of the meeting rooms: a room's day and its booking form, cancelling a room booking,
and the owner's HR adding, editing and taking rooms out of use."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.decorators import body_view
from agilepa.core.forms import ItaliaFormMixin, add_service_errors
from agilepa.org.forms import plain_select
from agilepa.spaces import closures, selectors
from agilepa.spaces.manage_views import HR, PLACEMENT_FIELDS, PlacementForm, tell_outcome
from agilepa.spaces.models import Hub, Room
from agilepa.spaces.rooms import booking as rooms


class RoomBookingForm(ItaliaFormMixin, forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start = forms.ChoiceField(label=gettext_lazy("From"))
    end = forms.ChoiceField(label=gettext_lazy("To"))
    purpose = forms.CharField(label=gettext_lazy("Purpose"), max_length=200, required=False)

    def __init__(self, *args: object, hub: Hub, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        times = rooms.time_choices(hub)
        self.fields["start"].choices = times[:-1]
        self.fields["end"].choices = times[1:]
        plain_select(self.fields["start"])
        plain_select(self.fields["end"])


def _day(request: HttpRequest, today: date) -> date:
    try:
        return date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return today


@body_view()
def room_detail(request: HttpRequest, access: Access, hub_id: int, room_id: int) -> HttpResponse:
    """The room's day (`?date=`), free and taken half hours, and the booking form."""
    room = rooms.get_room(access, hub_id, room_id)
    today = timezone.localdate()
    day = _day(request, today)
    form = RoomBookingForm(initial={"date": day}, hub=room.hub)
    if request.method == "POST":
        if access.person_id is None:
            raise PermissionDeniedForRole
        form = RoomBookingForm(request.POST, hub=room.hub)
        if form.is_valid():
            data = form.cleaned_data
            day = data["date"]
            try:
                booking = rooms.book_room(
                    access,
                    room,
                    day,
                    datetime.strptime(data["start"], "%H:%M").time(),
                    datetime.strptime(data["end"], "%H:%M").time(),
                    data["purpose"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(room)s is yours %(on_day)s from %(start)s to %(end)s.")
                    % {
                        "room": room.name,
                        "on_day": formats.with_article("il", booking.date),
                        "start": booking.starts_at.strftime("%H:%M"),
                        "end": booking.ends_at.strftime("%H:%M"),
                    },
                )
                url = reverse(
                    "spaces:room",
                    kwargs={"body": access.body.slug, "hub_id": room.hub_id, "room_id": room.pk},
                )
                return redirect(f"{url}?date={day.isoformat()}")
    context = {
        "access": access,
        "hub": room.hub,
        "room": room,
        "grid": rooms.room_day(room, day),
        "plan_view": selectors.plan_of_room(room),
        "max_hours": rooms.MAX_BOOKING_HOURS,
        "form": form,
        "previous_day": day - timedelta(days=1) if day > today else None,
        "next_day": day + timedelta(days=1),
        "nav": "hubs",
    }
    return render(request, "spaces/room_detail.html", context)


@body_view()
@require_POST
def cancel_room_booking(request: HttpRequest, access: Access, room_booking_id: int) -> HttpResponse:
    booking = rooms.room_booking_of_body(access, room_booking_id)
    try:
        rooms.cancel_room_booking(access, booking)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The room booking was cancelled."))
    return redirect("spaces:mine", body=access.body.slug)


class RoomForm(ItaliaFormMixin, forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity", "video_conference", "screen", "step_free", "is_active"]

    def __init__(self, *args: object, hub: Hub, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.hub = hub
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = ""  # a checkbox is no text box

    def clean_name(self) -> str:
        # The (hub, name) constraint is not checked by the form: the hub is not one of its fields.
        name = self.cleaned_data["name"].strip()
        if self.hub.rooms.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("This hub already has a room with that name."))
        return name

    def fields_off_plan(self) -> list[forms.BoundField]:
        """The room's own fields, without its place on a floor plan (a fieldset of its own)."""
        return [field for field in self if field.name not in PLACEMENT_FIELDS]


class RoomEditForm(PlacementForm, RoomForm):
    """A room's page: its details, and its place on a floor plan of the hub, checked as a
    seat's is."""

    missing_place = gettext_lazy("Give the place of the room on the plan.")

    class Meta(RoomForm.Meta):
        fields = [*RoomForm.Meta.fields, *PLACEMENT_FIELDS]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        plain_select(self.fields["floor_plan"])


@body_view(*HR)
def rooms_manage(request: HttpRequest, access: Access, hub_id: int) -> HttpResponse:
    """The hub's rooms, and a form to add one."""
    hub = selectors.managed_hub(access, hub_id)
    form = RoomForm(hub=hub)
    if request.method == "POST":
        if request.POST.get("action") == "retire":
            value = request.POST.get("room", "")
            room = get_object_or_404(
                hub.rooms.filter(is_active=True), pk=int(value) if value.isdigit() else 0
            )
            outcome = closures.retire_room(access, room)
            messages.success(request, _("The room was taken out of use."))
            tell_outcome(request, outcome)
            return redirect("spaces:rooms_manage", body=access.body.slug, hub_id=hub.pk)
        form = RoomForm(request.POST, instance=Room(hub=hub), hub=hub)
        if form.is_valid():
            form.save()
            messages.success(request, _("The room was added."))
            return redirect("spaces:rooms_manage", body=access.body.slug, hub_id=hub.pk)
    context = {
        "access": access,
        "hub": hub,
        "rooms": hub.rooms.all(),
        "form": form,
        "nav": "hubs",
    }
    return render(request, "spaces/rooms_manage.html", context)


@body_view(*HR)
def room_edit(request: HttpRequest, access: Access, hub_id: int, room_id: int) -> HttpResponse:
    room = rooms.managed_room(access, hub_id, room_id)
    form = RoomEditForm(instance=room, hub=room.hub)
    if request.method == "POST":
        was_in_use = room.is_active
        form = RoomEditForm(request.POST, instance=room, hub=room.hub)
        if form.is_valid():
            with transaction.atomic():
                form.save()
                if was_in_use and not room.is_active:
                    tell_outcome(request, closures.retire_room(access, room))
            messages.success(request, _("The room was saved."))
            return redirect("spaces:rooms_manage", body=access.body.slug, hub_id=room.hub_id)
    context = {"access": access, "hub": room.hub, "room": room, "form": form, "nav": "hubs"}
    return render(request, "spaces/room_edit.html", context)
