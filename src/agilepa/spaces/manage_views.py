"""The owner body's HR runs its hubs: details and sharing, seats, closures, occupancy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agilepa.agreements.forms import WEEKDAY_CHOICES, TimeInput
from agilepa.core.access import Access, Role
from agilepa.core.charts import Series, chart_config
from agilepa.core.decorators import body_view
from agilepa.core.exports import add_sheet, workbook, xlsx_response
from agilepa.core.forms import add_service_errors
from agilepa.org.models import Body, Network, OrgUnit
from agilepa.spaces import closures, selectors, services
from agilepa.spaces import floor_plans as plans
from agilepa.spaces.models import SEAT_FEATURES, FloorPlan, Hub, Seat, TeamZone

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)
PLACEMENT_FIELDS = ("floor_plan", "plan_x", "plan_y")  # the fields of `PlacedOnPlan`


class HubForm(forms.ModelForm):
    opening_weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("Open on"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Hub
        fields = [
            "name",
            "address",
            "municipality",
            "latitude",
            "longitude",
            "sharing",
            "networks",
            "listed_bodies",
            "opening_weekdays",
            "opens_at",
            "closes_at",
            "max_days_per_month",
            "max_days_per_week",
            "book_ahead_days",
            "cancel_until",
            "release_no_show_at",
            "contact",
            "is_active",
        ]
        widgets = {
            "opens_at": TimeInput(),
            "closes_at": TimeInput(),
            "cancel_until": TimeInput(),
            "release_no_show_at": TimeInput(),
            "networks": forms.CheckboxSelectMultiple,
            "listed_bodies": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, body: Body, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = Network.objects.filter(memberships__body=body)
        self.fields["listed_bodies"].queryset = Body.objects.exclude(pk=body.pk)
        if self.instance.pk:
            self.initial["opening_weekdays"] = [str(d) for d in self.instance.opening_weekdays]

    def clean_opening_weekdays(self) -> list[int]:
        return sorted(int(d) for d in self.cleaned_data["opening_weekdays"])


def floor_plan_file_url(plan: FloorPlan) -> str:
    return reverse(
        "spaces:floor_plan_file",
        kwargs={"body": plan.hub.body.slug, "hub_id": plan.hub_id, "floor_plan_id": plan.pk},
    )


class FloorPlanSelect(forms.Select):
    """The hub's floor plans, each option carrying its file's address and its height when its
    width is 100 (`data-plan-src`, `data-plan-ratio-height`): place-on-plan.js draws the plan
    chosen from them, with no inline script and no request of its own."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        plan = getattr(option["value"], "instance", None)
        if isinstance(plan, FloorPlan):
            option["attrs"]["data-plan-src"] = floor_plan_file_url(plan)
            option["attrs"]["data-plan-ratio-height"] = f"{plan.ratio_height:.3f}"
        return option


@dataclass(frozen=True)
class PlanPicture:
    """What the placement fieldset draws under its fields: the plan chosen in the select (as
    posted, after an error), if any, and the place the two fields give on it, if they give one."""

    plan: FloorPlan | None
    place: selectors.Place | None


def _percent(value: object) -> float | None:
    try:
        number = float(str(value))
    except ValueError:
        return None
    return number if 0 <= number <= 100 else None


class PlacementForm(forms.ModelForm):
    """The place on a floor plan of a seat or a room (a `PlacedOnPlan`): the floor plan chosen
    among the hub's own (a plan of another hub is not a choice, so a posted id of one is refused
    as invalid), and a plan chosen needs both coordinates. The coordinates' range (0-100) is
    the model fields' own validators.

    The two percentages stay the way to give the place, and the keyboard's; the plan drawn
    under them (`plan_picture`) only fills them on a click, where the script runs."""

    missing_place: str | Promise  # each form's: "Give the place of the seat on the plan."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["floor_plan"]
        field.widget = FloorPlanSelect(attrs=field.widget.attrs)
        field.widget.is_required = field.required
        # Set after the widget: the queryset's setter gives the widget its choices.
        field.queryset = FloorPlan.objects.filter(hub_id=self.instance.hub_id).select_related(
            "hub__body"
        )

    @cached_property
    def plan_picture(self) -> PlanPicture | None:
        """None when the hub has no floor plan: there is nothing to click on."""
        plans = {str(plan.pk): plan for plan in self.fields["floor_plan"].queryset}
        if not plans:
            return None
        plan = plans.get(str(self["floor_plan"].value()))
        x, y = _percent(self["plan_x"].value()), _percent(self["plan_y"].value())
        if plan is None or x is None or y is None:
            return PlanPicture(plan, None)
        return PlanPicture(plan, selectors.Place(x, y * plan.ratio_height / 100))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("floor_plan") is not None:
            for field in ("plan_x", "plan_y"):
                if data.get(field) is None:
                    self.add_error(field, self.missing_place)
        return data


class SeatForm(PlacementForm):
    """The features of a seat, which people filter the seats by, and its place on a floor plan
    of the hub."""

    missing_place = gettext_lazy("Give the place of the seat on the plan.")

    class Meta:
        model = Seat
        fields = [*SEAT_FEATURES, *PLACEMENT_FIELDS]


class SeatChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Seat) -> str:
        return obj.code


class TeamZoneForm(forms.ModelForm):
    """A team zone: a unit of the hub's body and the seats of the hub it holds on its anchor
    days. The choices are the body's units and the hub's seats in use: any other is refused."""

    seats = SeatChoices(
        label=gettext_lazy("Seats"),
        queryset=Seat.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TeamZone
        fields = ["name", "unit", "seats"]

    def __init__(self, *args, hub: Hub, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(body_id=hub.body_id)
        self.fields["seats"].queryset = Seat.objects.filter(hub=hub, is_active=True)
        self.fields["unit"].help_text = _(
            "On the unit's anchor days its seats go to the people of the unit (and of the units "
            "under it) only."
        )


class FloorPlanForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Floor"), max_length=100)
    file = forms.FileField(
        label=gettext_lazy("Plan (PNG, JPEG or SVG)"),
        help_text=gettext_lazy("A floor with a plan already gets the new file."),
    )


def _id(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


def _day(request: HttpRequest, name: str) -> date | None:
    """An optional date of the form; a wrong one is refused with the form's message."""
    value = request.POST.get(name, "").strip()
    return forms.DateField().clean(value) if value else None


def tell_outcome(request: HttpRequest, outcome: closures.Outcome) -> None:
    """What a closure did to the bookings, in the numbers HR needs to answer questions."""
    if outcome.moved or outcome.cancelled or outcome.dropped:
        messages.info(
            request,
            _(
                "Bookings moved to another seat: %(moved)d; cancelled: %(cancelled)d; "
                "waitlist entries dropped: %(dropped)d. The people were told by e-mail."
            )
            % {"moved": outcome.moved, "cancelled": outcome.cancelled, "dropped": outcome.dropped},
        )


@body_view(*HR)
def hub_edit(request: HttpRequest, access: Access, hub_id: int | None = None) -> HttpResponse:
    hub = selectors.managed_hub(access, hub_id) if hub_id else Hub(body=access.body)
    form = HubForm(instance=hub, body=access.body)
    if request.method == "POST" and request.POST.get("action", "hub") == "hub":
        was_open = bool(hub.pk and hub.is_active)
        form = HubForm(request.POST, instance=hub, body=access.body)
        if form.is_valid():
            with transaction.atomic():
                hub = form.save()
                if was_open and not hub.is_active:
                    # Closed for good from today: its bookings from today are cancelled.
                    outcome = closures.close_hub(access, hub, timezone.localdate(), "")
                    tell_outcome(request, outcome)
            messages.success(request, _("The hub was saved."))
            return redirect("spaces:manage", body=access.body.slug, hub_id=hub.pk)
    elif request.method == "POST" and hub.pk:
        action = request.POST.get("action")
        if action == "seats":
            codes = [c.strip() for c in request.POST.get("codes", "").split(",") if c.strip()]
            existing = set(hub.seats.values_list("code", flat=True))
            Seat.objects.bulk_create(
                [
                    Seat(
                        hub=hub,
                        code=code[:20],
                        monitor="monitor" in request.POST,
                        docking_station="docking" in request.POST,
                        quiet_room="quiet" in request.POST,
                        step_free="step_free" in request.POST,
                        standing_desk="standing" in request.POST,
                    )
                    for code in codes
                    if code not in existing
                ]
            )
            messages.success(request, _("The seats were added."))
        elif action == "retire":
            seat = get_object_or_404(hub.seats.filter(is_active=True), pk=_id(request, "seat"))
            try:
                outcome = closures.retire_seat(access, seat, _day(request, "from"))
                messages.success(request, _("The seat was taken out of use."))
                tell_outcome(request, outcome)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        elif action == "closure":
            try:
                day = forms.DateField().clean(request.POST.get("date"))
                until = _day(request, "until") or day
                outcome = closures.close_hub(
                    access, hub, day, request.POST.get("reason", ""), until=until
                )
                messages.success(request, _("The closure was added."))
                tell_outcome(request, outcome)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        return redirect("spaces:manage", body=access.body.slug, hub_id=hub.pk)
    context = {
        "access": access,
        "hub": hub,
        "form": form,
        "seats": hub.seats.all() if hub.pk else [],
        "rooms": hub.rooms.all() if hub.pk else [],
        "closures": hub.closures.filter(date__gte=timezone.localdate()) if hub.pk else [],
        "nav": "hubs",
    }
    return render(request, "spaces/hub_edit.html", context)


@body_view(*HR)
def seat_edit(request: HttpRequest, access: Access, hub_id: int, seat_id: int) -> HttpResponse:
    """HR sets the features of a seat of its hub."""
    hub = selectors.managed_hub(access, hub_id)
    seat = get_object_or_404(hub.seats, pk=seat_id)
    form = SeatForm(instance=seat)
    if request.method == "POST":
        form = SeatForm(request.POST, instance=seat)
        if form.is_valid():
            form.save()
            messages.success(request, _("The seat was saved."))
            return redirect("spaces:manage", body=access.body.slug, hub_id=hub.pk)
    context = {"access": access, "hub": hub, "seat": seat, "form": form, "nav": "hubs"}
    return render(request, "spaces/seat_edit.html", context)


@body_view(*HR)
def floor_plans(request: HttpRequest, access: Access, hub_id: int) -> HttpResponse:
    """HR uploads the plan of each floor; seats and rooms are placed on it from each one's
    page."""
    hub = selectors.managed_hub(access, hub_id)
    form = FloorPlanForm()
    if request.method == "POST":
        form = FloorPlanForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                plans.add_floor_plan(hub, form.cleaned_data["name"], form.cleaned_data["file"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The floor plan was saved."))
                return redirect("spaces:floor_plans", body=access.body.slug, hub_id=hub.pk)
    context = {
        "access": access,
        "hub": hub,
        "form": form,
        "plans": hub.floor_plans.annotate(
            seats_placed=Count("seats", distinct=True), rooms_placed=Count("rooms", distinct=True)
        ),
        "nav": "hubs",
    }
    return render(request, "spaces/floor_plans.html", context)


@body_view(*HR)
def team_zones(
    request: HttpRequest, access: Access, hub_id: int, zone_id: int | None = None
) -> HttpResponse:
    """HR lists the hub's team zones and creates or edits one."""
    hub = selectors.managed_hub(access, hub_id)
    zone = get_object_or_404(hub.team_zones, pk=zone_id) if zone_id else TeamZone(hub=hub)
    form = TeamZoneForm(instance=zone, hub=hub)
    if request.method == "POST":
        form = TeamZoneForm(request.POST, instance=zone, hub=hub)
        if form.is_valid():
            try:
                services.save_team_zone(access, form.instance, list(form.cleaned_data["seats"]))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The team zone was saved."))
                return redirect("spaces:team_zones", body=access.body.slug, hub_id=hub.pk)
    context = {
        "access": access,
        "hub": hub,
        "zone": zone,
        "form": form,
        "zones": hub.team_zones.select_related("unit").prefetch_related("seats"),
        "nav": "hubs",
    }
    return render(request, "spaces/team_zones.html", context)


@body_view(*HR)
def occupancy(request: HttpRequest, access: Access, hub_id: int) -> HttpResponse:
    """Per day: utilisation, no-shows, and who books, with a chart; also as XLSX."""
    hub = selectors.managed_hub(access, hub_id)
    end = timezone.localdate()
    days = request.GET.get("days", "60")
    span = int(days) if days.isdigit() and 1 <= int(days) <= 366 else 60
    start = end - timedelta(days=span)
    rows = selectors.occupancy(hub, start, end)
    if request.GET.get("format") == "xlsx":
        return _xlsx(hub, rows, selectors.bookings_by_body(hub, start, end))
    chart = {
        "labels": [r.day.strftime("%d/%m") for r in rows],
        "utilisation": [round(r.utilisation * 100, 1) for r in rows],
        "no_shows": [round(r.no_show_rate * 100, 1) for r in rows],
    }
    context = {
        "access": access,
        "hub": hub,
        "rows": [r for r in rows if r.booked],
        "by_body": selectors.bookings_by_body(hub, start, end),
        "chart": chart_config(
            "line",
            chart["labels"],
            [
                Series(_("Utilisation (%)"), chart["utilisation"]),
                Series(_("No-show rate (%)"), chart["no_shows"], "#cc334d"),
            ],
            y_min=0,
            y_max=100,
            tension=0.2,
        ),
        "start": start,
        "end": end,
        "nav": "hubs",
    }
    return render(request, "spaces/occupancy.html", context)


def _xlsx(hub: Hub, rows, by_body) -> HttpResponse:
    # "Utilisation %%" is the page's msgid (the template tag escapes %): `% {}` unescapes it.
    utilisation = _("Utilisation %%") % {}
    book = workbook()
    add_sheet(
        book,
        _("Occupancy"),
        [_("Day"), _("Seats"), _("Bookings"), _("Check-in"), _("No-shows"), utilisation],
        (
            [r.day, r.seats, r.booked, r.checked_in, r.no_shows, round(r.utilisation * 100, 1)]
            for r in rows
        ),
    )
    add_sheet(book, _("Bodies"), [_("Body"), _("Bookings")], by_body)
    return xlsx_response(book, f"occupazione-hub-{hub.pk}.xlsx")
