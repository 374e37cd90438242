"""Forms of the awards pages: they parse; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.awards.models import AwardCall, Criterion, OpenTo
from agilepa.awards.services import CriterionIn, template_criteria
from agilepa.org.models import Body

CRITERIA_ROWS = 10
DATE = forms.DateInput(attrs={"type": "date"})


class CallForm(forms.Form):
    """A new call; the criteria start from the Pavia template, each row a name and a weight."""

    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Letters, digits and hyphens: the address of the public results."),
    )
    rules = forms.CharField(label=_("Rules"), widget=forms.Textarea(attrs={"rows": 5}))
    applications_open = forms.DateField(label=_("Applications open on"), widget=DATE)
    applications_close = forms.DateField(label=_("Applications close on"), widget=DATE)
    jury_closes = forms.DateField(label=_("The jury closes by"), widget=DATE)
    scale_max = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=10)
    open_to = forms.ChoiceField(label=_("Open to"), choices=OpenTo.choices)
    eligible_bodies = forms.ModelMultipleChoiceField(
        label=_("Eligible bodies"),
        queryset=Body.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("For a call open to the bodies listed."),
    )

    def __init__(self, *args: object, network: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not network:
            self.fields["open_to"].choices = [(OpenTo.LISTED, OpenTo.LISTED.label)]
        for i, c in enumerate(template_criteria(), start=1):
            self.initial.setdefault(f"criterion_{i}_name", c.name)
            self.initial.setdefault(f"criterion_{i}_weight", c.weight)
            self.initial.setdefault(f"criterion_{i}_description", c.description)
        for i in range(1, CRITERIA_ROWS + 1):
            self.fields[f"criterion_{i}_name"] = forms.CharField(
                label=_("Criterion %(n)s") % {"n": i}, max_length=120, required=False
            )
            self.fields[f"criterion_{i}_weight"] = forms.IntegerField(
                label=_("Weight of criterion %(n)s") % {"n": i},
                min_value=0,
                max_value=100,
                required=False,
            )
            self.fields[f"criterion_{i}_description"] = forms.CharField(
                label=_("What the jury looks for in criterion %(n)s") % {"n": i},
                max_length=500,
                required=False,
            )

    def criterion_rows(self) -> list[tuple[forms.BoundField, ...]]:
        return [
            (
                self[f"criterion_{i}_name"],
                self[f"criterion_{i}_weight"],
                self[f"criterion_{i}_description"],
            )
            for i in range(1, CRITERIA_ROWS + 1)
        ]

    def criteria(self) -> list[CriterionIn]:
        data = self.cleaned_data
        return [
            CriterionIn(
                data[f"criterion_{i}_name"],
                data[f"criterion_{i}_weight"] or 0,
                data[f"criterion_{i}_description"],
            )
            for i in range(1, CRITERIA_ROWS + 1)
            if data.get(f"criterion_{i}_name")
        ]

    def call_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "slug": data["slug"],
            "rules": data["rules"],
            "applications_open": data["applications_open"],
            "applications_close": data["applications_close"],
            "jury_closes": data["jury_closes"],
            "scale_max": data["scale_max"],
            "open_to": data["open_to"],
            "eligible_bodies": list(data["eligible_bodies"]),
            "criteria": self.criteria(),
        }


class AnswersForm(forms.Form):
    """A text per criterion of the call."""

    def __init__(
        self, *args: object, criteria: list[Criterion], texts: dict[int, str], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"answer_{c.pk}"] = forms.CharField(
                label=f"{c.name} ({c.weight})",
                help_text=c.description,
                required=False,
                initial=texts.get(c.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def answers(self) -> dict[int, str]:
        return {int(k.removeprefix("answer_")): v for k, v in self.cleaned_data.items()}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment"))


class ScoreForm(forms.Form):
    """A score and an optional comment for each criterion."""

    def __init__(
        self,
        *args: object,
        call: AwardCall,
        criteria: list[Criterion],
        mine: dict[int, tuple[int, str]],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        for c in criteria:
            value, comment = mine.get(c.pk, (None, ""))
            self.fields[f"score_{c.pk}"] = forms.IntegerField(
                label=_("%(name)s: score from 0 to %(max)s")
                % {"name": c.name, "max": call.scale_max},
                min_value=0,
                max_value=call.scale_max,
                required=False,
                initial=value,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("%(name)s: comment") % {"name": c.name},
                required=False,
                initial=comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.criteria = criteria

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> list[tuple[int, int, str]]:
        data = self.cleaned_data
        return [
            (c.pk, data[f"score_{c.pk}"], data[f"comment_{c.pk}"])
            for c in self.criteria
            if data.get(f"score_{c.pk}") is not None
        ]
