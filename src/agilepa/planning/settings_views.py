"""The planning settings people keep: a unit's minimum presence and anchor days (its manager or
HR), the body's calendar and people's absences (HR), one's preferred weekdays (the person)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agilepa.agreements.forms import WEEKDAY_CHOICES, DateInput
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.core.decorators import body_view
from agilepa.org.models import OrgUnit
from agilepa.org.selectors import people_for
from agilepa.planning.models import (
    WEEKDAYS,
    Absence,
    AbsenceKind,
    AnchorDay,
    Closure,
    PatronDay,
    PlanningProfile,
    PresenceRequirement,
)
from agilepa.planning.services import may_plan, new_unit_feed

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


class AnchorForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


@body_view(Role.MANAGER, *HR)
def unit_settings(request: HttpRequest, access: Access, unit_id: int) -> HttpResponse:
    """Minimum presence per weekday (a head count, a share, optionally for one role) and the
    unit's anchor days of mandatory presence."""
    unit = get_object_or_404(OrgUnit, body=access.body, pk=unit_id)
    if not may_plan(access, unit):
        raise PermissionDeniedForRole
    anchor_form = AnchorForm()
    feed_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "requirements":
            errors = _save_requirements(access, unit, request.POST)
            for error in errors:
                messages.error(request, error)
            if not errors:
                messages.success(request, _("The minimum presence was saved."))
                return redirect(request.path)
        elif action == "anchor":
            anchor_form = AnchorForm(request.POST)
            if anchor_form.is_valid():
                AnchorDay.objects.create(body=access.body, unit=unit, **anchor_form.cleaned_data)
                messages.success(request, _("The anchor day was added."))
                return redirect(request.path)
        elif action == "remove_anchor":
            AnchorDay.objects.filter(unit=unit, pk=request.POST.get("anchor")).delete()
            return redirect(request.path)
        elif action == "feed":
            raw = new_unit_feed(access, unit)
            feed_url = request.build_absolute_uri(f"/calendar/{raw}.ics")
    requirements = {r.weekday: r for r in unit.presence_requirements.filter(role="")}
    role_rules = list(unit.presence_requirements.exclude(role=""))
    context = {
        "access": access,
        "unit": unit,
        "weekdays": [(n, label, requirements.get(n)) for n, label in WEEKDAYS],
        "role_rules": role_rules,
        "anchors": unit.anchor_days.order_by("-date")[:50],
        "anchor_form": anchor_form,
        "feed_url": feed_url,
        "nav": "planning",
    }
    return render(request, "planning/unit_settings.html", context)


def _number(value: str, field: str, limit: int) -> int:
    value = (value or "0").strip() or "0"
    if not value.isdigit() or int(value) > limit:
        raise ValidationError(
            _("%(field)s: a whole number from 0 to %(limit)d.") % {"field": field, "limit": limit}
        )
    return int(value)


def _save_requirements(access: Access, unit: OrgUnit, data) -> list[str]:
    rows, errors = [], []
    for weekday, label in WEEKDAYS:
        try:
            people = _number(data.get(f"people_{weekday}"), str(label), 500)
            share = _number(data.get(f"share_{weekday}"), str(label), 100)
        except ValidationError as error:
            errors += error.messages
            continue
        if people or share:
            rows.append(
                PresenceRequirement(
                    body=access.body,
                    unit=unit,
                    weekday=weekday,
                    min_present=people,
                    min_share_percent=share,
                )
            )
    role = (data.get("role") or "").strip()
    if role:
        try:
            count = _number(data.get("role_people"), role, 500)
        except ValidationError as error:
            errors += error.messages
        else:
            rows += [
                PresenceRequirement(
                    body=access.body, unit=unit, weekday=w, min_present=count, role=role
                )
                for w in [int(d) for d in data.getlist("role_weekdays") if d.isdigit()]
            ]
    if errors:
        return errors
    with transaction.atomic():
        unit.presence_requirements.filter(role="").delete()
        if role:
            unit.presence_requirements.filter(role=role).delete()
        PresenceRequirement.objects.bulk_create(rows)
    return []


class ClosureForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


class PatronForm(forms.ModelForm):
    class Meta:
        model = PatronDay
        fields = ["municipality", "saint", "day", "month"]


@body_view(*HR)
def body_calendar(request: HttpRequest, access: Access) -> HttpResponse:
    """The patron day of each comune of the body's offices, and its closures."""
    closure_form, patron_form = ClosureForm(prefix="c"), PatronForm(prefix="p")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "closure":
            closure_form = ClosureForm(request.POST, prefix="c")
            if closure_form.is_valid():
                Closure.objects.create(body=access.body, **closure_form.cleaned_data)
                return redirect(request.path)
        elif action == "patron":
            patron_form = PatronForm(request.POST, prefix="p", instance=PatronDay(body=access.body))
            if patron_form.is_valid():
                try:
                    patron_form.instance.full_clean()
                    PatronDay.objects.update_or_create(
                        body=access.body,
                        municipality=patron_form.cleaned_data["municipality"],
                        defaults={
                            k: patron_form.cleaned_data[k] for k in ("saint", "day", "month")
                        },
                    )
                    return redirect(request.path)
                except ValidationError as error:
                    patron_form.add_error(None, error)
        elif action == "remove_closure":
            Closure.objects.filter(body=access.body, pk=request.POST.get("closure")).delete()
            return redirect(request.path)
    context = {
        "access": access,
        "patrons": PatronDay.objects.filter(body=access.body),
        "closures": Closure.objects.filter(
            body=access.body, date__gte=date.today().replace(month=1, day=1)
        ),
        "closure_form": closure_form,
        "patron_form": patron_form,
        "nav": "planning",
    }
    return render(request, "planning/body_calendar.html", context)


class AbsenceForm(forms.Form):
    employee_number = forms.CharField(label=gettext_lazy("Matricola"), max_length=30)
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("To"), widget=DateInput())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AbsenceKind.choices)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_("The absence ends before it starts."))
        return data


@body_view(*HR)
def absences(request: HttpRequest, access: Access) -> HttpResponse:
    """People's absences the planner must respect (leave, sickness, training)."""
    form = AbsenceForm()
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            Absence.objects.filter(body=access.body, pk=request.POST.get("absence")).delete()
            return redirect(request.path)
        form = AbsenceForm(request.POST)
        if form.is_valid():
            person = (
                people_for(access)
                .filter(employee_number=form.cleaned_data["employee_number"])
                .first()
            )
            if person is None:
                form.add_error("employee_number", _("No person with this matricola."))
            else:
                Absence.objects.create(
                    body=access.body,
                    person=person,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    kind=form.cleaned_data["kind"],
                )
                messages.success(request, _("The absence was recorded."))
                return redirect(request.path)
    context = {
        "access": access,
        "form": form,
        "absences": Absence.objects.filter(body=access.body)
        .select_related("person")
        .order_by("-start")[:200],
        "nav": "planning",
    }
    return render(request, "planning/absences.html", context)


@body_view()
def preferences(request: HttpRequest, access: Access) -> HttpResponse:
    """The person's preferred weekdays for remote work (a wish the planner weighs)."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    profile, _created = PlanningProfile.objects.get_or_create(person_id=access.person_id)
    if request.method == "POST":
        days = sorted(
            {int(d) for d in request.POST.getlist("weekdays") if d in {"0", "1", "2", "3", "4"}}
        )
        profile.preferred_weekdays = days[:2]
        profile.save(update_fields=["preferred_weekdays"])
        messages.success(request, _("Your preferences were saved."))
        return redirect("planning:my_month", body=access.body.slug)
    context = {
        "access": access,
        "weekdays": WEEKDAY_CHOICES,
        "chosen": [str(d) for d in profile.preferred_weekdays],
        "nav": "my_month",
    }
    return render(request, "planning/preferences.html", context)
