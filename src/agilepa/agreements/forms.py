"""Forms of the agreements pages. They parse and present; the rules live in rules.py and the
writes in services.py, whose violations the views put back on the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.agreements import rules
from agilepa.agreements.models import (
    Agreement,
    Regulation,
    place_choices,
    prerequisite_choices,
    priority_choices,
)
from agilepa.agreements.services import EDITABLE_FIELDS

WEEKDAY_CHOICES = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
]

# Where each violation's field is shown in the agreement form.
FIELD_OF = {
    "start": "start_date",
    "end": "end_date",
    "weekdays": "weekdays",
    "monthly_quota": "monthly_quota",
    "places": "places",
    "other_place": "other_place",
    "reachability": "reachability_start",
    "disconnection": "disconnection_start",
    "notice_days": "notice_days",
    "activities": "activities",
    "start_date": "start_date",
    "work_hours": "work_hours_start",
    "fixed_place": "fixed_place",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class AgreementForm(forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Remote weekdays"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    places = forms.MultipleChoiceField(
        label=_("Places"), choices=place_choices, widget=forms.CheckboxSelectMultiple
    )
    priorities = forms.MultipleChoiceField(
        label=_("Priority categories (L. 81/2017 art. 18 c. 3-bis)"),
        choices=priority_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only HR and your managers see them; they are not printed on the agreement."),
    )
    activities = forms.MultipleChoiceField(
        label=_("Activities done remotely"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Agreement
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "pattern": forms.RadioSelect,
            "reachability_start": TimeInput(),
            "reachability_end": TimeInput(),
            "disconnection_start": TimeInput(),
            "disconnection_end": TimeInput(),
            "kind": forms.RadioSelect,
            "work_hours_start": TimeInput(),
            "work_hours_end": TimeInput(),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "equipment": forms.Textarea(attrs={"rows": 2}),
            "withdrawal_terms": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, activities: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = list(self.initial.get("activities") or [])
        names = sorted(set(activities or []) | set(chosen))
        self.fields["activities"].choices = [(n, n) for n in names]
        self.fields["start_date"].required = True
        self.fields["kind"].required = False
        for name in ("reachability_start", "reachability_end"):
            self.fields[name].required = True
        for name in ("disconnection_start", "disconnection_end"):
            self.fields[name].required = True
        if self.instance.pk:
            self.initial["weekdays"] = [str(d) for d in self.instance.weekdays]

    def terms(self) -> dict[str, Any]:
        """The cleaned terms, as services.new_draft and update_draft take them."""
        data = dict(self.cleaned_data)
        data["kind"] = data.get("kind") or rules.AgreementKind.AGILE.value
        data["weekdays"] = [int(d) for d in data.get("weekdays") or []]
        if data.get("pattern") == rules.Pattern.MONTHLY_QUOTA:
            data["weekdays"] = []
        else:
            data["monthly_quota"] = 0
        if rules.Place.OTHER not in data.get("places", []):
            data["other_place"] = ""
        return data

    def add_violations(self, violations: list[rules.Violation]) -> None:
        for v in violations:
            field = FIELD_OF.get(v.field)
            message = f"{v.message} ({v.source})"
            self.add_error(field if field in self.fields else None, message)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    justified = forms.BooleanField(
        label=_("Justified reason (giustificato motivo): no notice"), required=False
    )
    last_day = forms.DateField(label=_("Last day (optional)"), widget=DateInput(), required=False)


class RegulationForm(forms.ModelForm):
    allowed_places = forms.MultipleChoiceField(
        label=_("Allowed places"), choices=place_choices, widget=forms.CheckboxSelectMultiple
    )
    required_prerequisites = forms.MultipleChoiceField(
        label=_("Prerequisites before an agreement starts"),
        choices=prerequisite_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    priority_order = forms.CharField(
        label=_("Priority categories, in order"),
        required=False,
        help_text=_(
            "One per line, most important first: the legal categories (child_under_12, "
            "disabled_child, severe_disability, caregiver, fragile) and the body's own."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    not_remotable = forms.CharField(
        label=_("Activities that cannot be done remotely"),
        required=False,
        help_text=_(
            "One per line, for the whole body; “UNIT CODE: activity” for one unit and its "
            "sub-units."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remotable = forms.CharField(
        label=_("Activities that can be done remotely"),
        required=False,
        help_text=_(
            "One per line: people choose among them in their request; “UNIT CODE: activity” "
            "for one unit and its sub-units."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Regulation
        fields = [
            "title",
            "adopted_on",
            "effective_from",
            "act_reference",
            "max_days_per_week",
            "max_days_per_month",
            "min_presence_percent",
            "reachability_start",
            "reachability_end",
            "disconnection_start",
            "disconnection_end",
            "allowed_places",
            "notice_days",
            "notice_days_disabled",
            "request_notice_days",
            "max_duration_months",
            "priority_order",
            "required_prerequisites",
            "it_check_validity_months",
            "presence_window_months",
            "office_hours_start",
            "office_hours_end",
            "text",
        ]
        widgets = {
            "adopted_on": DateInput(),
            "effective_from": DateInput(),
            "reachability_start": TimeInput(),
            "reachability_end": TimeInput(),
            "disconnection_start": TimeInput(),
            "disconnection_end": TimeInput(),
            "office_hours_start": TimeInput(),
            "office_hours_end": TimeInput(),
            "text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presence_window_months"].required = False

    def clean_presence_window_months(self) -> int:
        """One month unless the body says otherwise (the form of an older page omits it)."""
        return self.cleaned_data.get("presence_window_months") or 1

    def clean_priority_order(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["priority_order"].splitlines() if line]

    def clean_not_remotable(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["not_remotable"].splitlines() if line]

    def clean_remotable(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["remotable"].splitlines() if line]
