"""Forms of the objective pages: they parse; the services validate and write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.core.access import Access
from agilepa.objectives.models import (
    MAX_KEY_RESULTS,
    Confidence,
    DirectionChoice,
    KeyResultKind,
    Level,
    Objective,
    ObjectivesPolicy,
    Period,
)
from agilepa.objectives.selectors import objectives_for, units_for_filter
from agilepa.objectives.services import KeyResultInput, ObjectiveInput
from agilepa.org.models import Person
from agilepa.org.selectors import subtree_q


class ObjectiveForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30, help_text=_("e.g. OB-2027-01"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    unit = forms.TypedChoiceField(
        label=_("Unit (for a unit objective)"), coerce=int, required=False, empty_value=None
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    parent = forms.TypedChoiceField(
        label=_("Contributes to"), coerce=int, required=False, empty_value=None
    )
    weight = forms.IntegerField(
        label=_("Weight in the objective it contributes to"), min_value=1, max_value=100, initial=1
    )
    performance_code = forms.CharField(
        label=_("Code in the Piano della performance (PIAO section 2.2)"),
        max_length=50,
        required=False,
    )
    shared = forms.BooleanField(
        label=_("Shared with the people of the unit"), required=False, initial=True
    )

    def __init__(self, access: Access, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = units_for_filter(access)
        self.fields["unit"].choices = [("", "—")] + [(u.pk, u.name) for u in units]
        people = Person.objects.filter(body=access.body, is_active=True)
        if not access.is_hr:
            people = people.filter(subtree_q(access.managed_paths, prefix="unit__"))
        self.fields["owner"].choices = [
            (p.pk, f"{p.last_name} {p.first_name}")
            for p in people.order_by("last_name", "first_name")
        ]
        parents = objectives_for(access).exclude(level=Level.PERSON).exclude(state="cancelled")
        self.fields["parent"].choices = [("", "—")] + [
            (o.pk, f"{o.year} {o.code} — {o.title}") for o in parents.order_by("-year", "code")
        ]

    def to_input(self) -> ObjectiveInput:
        d = self.cleaned_data
        return ObjectiveInput(
            code=d["code"],
            title=d["title"],
            level=d["level"],
            year=d["year"],
            period=d["period"],
            owner_id=d["owner"],
            unit_id=d["unit"],
            description=d["description"],
            parent_id=d["parent"],
            weight=d["weight"],
            performance_code=d["performance_code"],
            shared=d["shared"],
        )

    @staticmethod
    def initial_of(objective: Objective) -> dict[str, object]:
        return {
            "code": objective.code,
            "title": objective.title,
            "description": objective.description,
            "level": objective.level,
            "year": objective.year,
            "period": objective.period,
            "unit": objective.unit_id,
            "owner": objective.owner_id,
            "parent": objective.parent_id,
            "weight": objective.weight,
            "performance_code": objective.performance_code,
            "shared": objective.shared,
        }


class KeyResultForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Key result"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KeyResultKind.choices, initial="numeric")
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=14, decimal_places=4, required=False, initial=0
    )
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=4, required=False)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=DirectionChoice.choices)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    milestones = forms.CharField(
        label=_("Milestones, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def to_input(self) -> KeyResultInput | None:
        d = self.cleaned_data
        if not d.get("title"):
            return None
        return KeyResultInput(
            id=d.get("id"),
            title=d["title"],
            kind=d["kind"],
            baseline=d.get("baseline") if d.get("baseline") is not None else Decimal(0),
            target=d.get("target") if d.get("target") is not None else Decimal(1),
            unit_of_measure=d.get("unit_of_measure", ""),
            direction=d["direction"],
            weight=d["weight"],
            milestones=(d.get("milestones") or "").splitlines(),
        )


KeyResultFormSet = forms.formset_factory(
    KeyResultForm, extra=0, min_num=MAX_KEY_RESULTS, max_num=MAX_KEY_RESULTS
)


def key_result_initial(objective: Objective | None) -> list[dict[str, object]]:
    if objective is None:
        return []
    return [
        {
            "id": kr.pk,
            "title": kr.title,
            "kind": kr.kind,
            "baseline": kr.baseline,
            "target": kr.target,
            "unit_of_measure": kr.unit_of_measure,
            "direction": kr.direction,
            "weight": kr.weight,
            "milestones": "\n".join(m.title for m in kr.milestones.all()),
        }
        for kr in objective.key_results.all()
    ]


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ObjectivesPolicy
        fields = [
            "at_risk_gap",
            "off_track_gap",
            "achieved_at",
            "low_confidence_is_risk",
            "checkin_every_days",
            "activity_log",
        ]


CONFIDENCE_CHOICES = Confidence.choices
