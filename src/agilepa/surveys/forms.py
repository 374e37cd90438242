"""Forms of the survey pages: they parse; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.core.access import Access
from agilepa.org.models import OrgUnit
from agilepa.surveys.anonymity import DEFAULT_THRESHOLD, MINIMUM_THRESHOLD
from agilepa.surveys.instruments import LIBRARY
from agilepa.surveys.models import Population, Survey, WaveKind


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    instruments = forms.MultipleChoiceField(
        label=_("Instruments"),
        choices=[(code, i.name) for code, i in LIBRARY.items()],
        widget=forms.CheckboxSelectMultiple,
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=Survey.objects.none())
    population = forms.ChoiceField(label=_("Population"), choices=Population.choices)
    units = forms.ModelMultipleChoiceField(
        label=_("Units (for a population of units)"),
        queryset=OrgUnit.objects.none(),
        required=False,
    )
    min_group = forms.IntegerField(
        label=_("Smallest group shown"),
        min_value=MINIMUM_THRESHOLD,
        initial=DEFAULT_THRESHOLD,
        help_text=_("No figure is shown for fewer respondents than this (at least 3)."),
    )

    def __init__(self, access: Access, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = Survey.objects.filter(body=access.body)
        self.fields["units"].queryset = OrgUnit.objects.filter(body=access.body).order_by("path")


class WaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=WaveKind.choices)
    label = forms.CharField(label=_("Label"), max_length=100, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )
