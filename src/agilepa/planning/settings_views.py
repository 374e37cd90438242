"""The planning settings people keep: a unit's minimum presence and anchor days (its manager or
HR), the body's calendar and people's absences (HR), one's preferred weekdays (the person).
The forms are in forms.py, the writes in services.py, the reads in selectors.py."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agilepa.agreements.forms import WEEKDAY_CHOICES
from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.planning import selectors, services
from agilepa.planning.forms import (
    AbsenceForm,
    AnchorForm,
    ClosureForm,
    PatronForm,
    parse_requirements,
)
from agilepa.planning.models import WEEKDAYS, PatronDay

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


@body_view(Role.MANAGER, *HR)
def unit_settings(request: HttpRequest, access: Access, unit_id: int) -> HttpResponse:
    """Minimum presence per weekday (a head count, a share, optionally for one role) and the
    unit's anchor days of mandatory presence."""
    unit = selectors.unit_to_plan(access, unit_id)
    anchor_form = AnchorForm()
    feed_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "requirements":
            try:
                services.set_presence_requirements(access, unit, parse_requirements(request.POST))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The minimum presence was saved."))
                return redirect(request.path)
        elif action == "anchor":
            anchor_form = AnchorForm(request.POST)
            if anchor_form.is_valid():
                services.add_anchor_day(
                    access,
                    unit,
                    anchor_form.cleaned_data["date"],
                    anchor_form.cleaned_data["reason"],
                )
                messages.success(request, _("The anchor day was added."))
                return redirect(request.path)
        elif action == "remove_anchor":
            services.remove_anchor_day(access, unit, request.POST.get("anchor"))
            return redirect(request.path)
        elif action == "feed":
            raw = services.new_unit_feed(access, unit)
            feed_url = request.build_absolute_uri(f"/calendar/{raw}.ics")
    rules = selectors.unit_rules(unit)
    context = {
        "access": access,
        "unit": unit,
        "weekdays": [(n, label, rules.by_weekday.get(n)) for n, label in WEEKDAYS],
        "role_rules": rules.role_rules,
        "anchors": rules.anchors,
        "anchor_form": anchor_form,
        "feed_url": feed_url,
        "nav": "planning",
    }
    return render(request, "planning/unit_settings.html", context)


@body_view(*HR)
def body_calendar(request: HttpRequest, access: Access) -> HttpResponse:
    """The patron day of each comune of the body's offices, and its closures."""
    closure_form, patron_form = ClosureForm(prefix="c"), PatronForm(prefix="p")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "closure":
            closure_form = ClosureForm(request.POST, prefix="c")
            if closure_form.is_valid():
                services.add_closure(
                    access, closure_form.cleaned_data["date"], closure_form.cleaned_data["reason"]
                )
                return redirect(request.path)
        elif action == "patron":
            patron_form = PatronForm(request.POST, prefix="p", instance=PatronDay(body=access.body))
            if patron_form.is_valid():
                try:
                    services.save_patron_day(access, patron_form.instance)
                    return redirect(request.path)
                except ValidationError as error:
                    add_service_errors(patron_form, error)
        elif action == "remove_closure":
            services.remove_closure(access, request.POST.get("closure"))
            return redirect(request.path)
    context = {
        "access": access,
        "patrons": selectors.patron_days_for(access),
        "closures": selectors.closures_for(access, date.today().replace(month=1, day=1)),
        "closure_form": closure_form,
        "patron_form": patron_form,
        "nav": "planning",
    }
    status = 422 if closure_form.errors or patron_form.errors else 200
    return render(request, "planning/body_calendar.html", context, status=status)


@body_view(*HR)
def absences(request: HttpRequest, access: Access) -> HttpResponse:
    """People's absences the planner must respect (leave, sickness, training)."""
    form = AbsenceForm()
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            services.remove_absence(access, request.POST.get("absence"))
            return redirect(request.path)
        form = AbsenceForm(request.POST)
        if form.is_valid():
            try:
                services.record_absence(access, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The absence was recorded."))
                return redirect(request.path)
    context = {
        "access": access,
        "form": form,
        "absences": selectors.absences_for(access)[:200],
        "nav": "planning",
    }
    return render(request, "planning/absences.html", context, status=422 if form.errors else 200)


@body_view()
def preferences(request: HttpRequest, access: Access) -> HttpResponse:
    """The person's preferred weekdays for remote work (a wish the planner weighs)."""
    chosen = selectors.preferred_weekdays(access)
    if request.method == "POST":
        days = [int(d) for d in request.POST.getlist("weekdays") if d in {"0", "1", "2", "3", "4"}]
        services.set_preferred_weekdays(access, days)
        messages.success(request, _("Your preferences were saved."))
        return redirect("planning:my_month", body=access.body.slug)
    context = {
        "access": access,
        "weekdays": WEEKDAY_CHOICES,
        "chosen": [str(d) for d in chosen],
        "nav": "my_month",
    }
    return render(request, "planning/preferences.html", context)
