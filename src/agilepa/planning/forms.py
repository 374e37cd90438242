"""The forms of the planning settings: a unit's anchor days and minimum presence, the body's
calendar, people's absences. They check the input's shape; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agilepa.agreements.forms import DateInput
from agilepa.planning.models import WEEKDAYS, AbsenceKind, PatronDay
from agilepa.planning.services import Requirements, WeekdayMinimum


class AnchorForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


class ClosureForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


class PatronForm(forms.ModelForm[PatronDay]):
    class Meta:
        model = PatronDay
        fields = ["municipality", "saint", "day", "month"]


class AbsenceForm(forms.Form):
    employee_number = forms.CharField(label=gettext_lazy("Matricola"), max_length=30)
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("To"), widget=DateInput())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AbsenceKind.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError({"end": _("The absence ends before it starts.")})
        return data


def _number(value: str | None, field: str, limit: int) -> int:
    value = (value or "0").strip() or "0"
    if not value.isdigit() or int(value) > limit:
        raise ValidationError(
            _("%(field)s: a whole number from 0 to %(limit)d.") % {"field": field, "limit": limit}
        )
    return int(value)


def parse_requirements(data: QueryDict) -> Requirements:
    """The minimum presence posted by the unit's settings page (`people_N`, `share_N` per
    weekday; `role`, `role_people`, `role_weekdays`). Raises a ValidationError with every
    wrong number, each naming its weekday or role."""
    weekdays, errors = [], []
    for weekday, label in WEEKDAYS:
        try:
            people = _number(data.get(f"people_{weekday}"), str(label), 500)
            share = _number(data.get(f"share_{weekday}"), str(label), 100)
        except ValidationError as error:
            errors += error.messages
            continue
        if people or share:
            weekdays.append(WeekdayMinimum(weekday, people, share))
    role = (data.get("role") or "").strip()
    role_people = 0
    role_weekdays: tuple[int, ...] = ()
    if role:
        try:
            role_people = _number(data.get("role_people"), role, 500)
        except ValidationError as error:
            errors += error.messages
        else:
            days = data.getlist("role_weekdays")
            role_weekdays = tuple(int(d) for d in days if d.isdigit())
    if errors:
        raise ValidationError(errors)
    return Requirements(tuple(weekdays), role, role_people, role_weekdays)
