"""Forms of the measurement pages: they parse; the services validate and write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.measurement.factors import Mode
from agilepa.measurement.models import Campaign


class ProfileForm(forms.Form):
    distance_km = forms.DecimalField(
        label=_("One-way distance to the office (km)"),
        min_value=Decimal(0),
        max_value=Decimal(999),
        decimal_places=1,
    )
    minutes = forms.IntegerField(
        label=_("One-way time, door to door (minutes)"), min_value=0, max_value=600
    )
    mode = forms.ChoiceField(label=_("Usual mode"), choices=Mode.choices)


class FactorForm(forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    kg_co2_per_km = forms.DecimalField(
        label=_("kg CO2 per km"), min_value=Decimal(0), max_digits=6, decimal_places=3
    )
    eur_per_km = forms.DecimalField(
        label=_("Euro per km"), min_value=Decimal(0), max_digits=6, decimal_places=3
    )
    ticket_eur = forms.DecimalField(
        label=_("Ticket, one way (euro)"), min_value=Decimal(0), max_digits=6, decimal_places=2
    )


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "title",
            "slug",
            "description",
            "start",
            "end",
            "network",
            "results_public",
            "survey_campaign",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, networks=None, surveys=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["network"].required = False
        self.fields["survey_campaign"].queryset = surveys
        self.fields["survey_campaign"].required = False
