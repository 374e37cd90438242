from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.core.forms import ItaliaFormMixin
from agilepa.indicators import catalogue


def _choices(indicators):
    """Called when a form is made (not at import): the names in the reader's language."""
    return lambda: [(i.code, f"{i.code} · {i.name}") for i in indicators]


class DeclaredForm(ItaliaFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Indicator"), choices=_choices(catalogue.DECLARED))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Source or note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        code, value = data.get("code"), data.get("value")
        if code and value is not None:
            unit = catalogue.get(code).unit
            if unit == catalogue.Unit.YES_NO and value not in (Decimal(0), Decimal(1)):
                self.add_error("value", _("Write 1 for yes or 0 for no."))
            if unit == catalogue.Unit.PERCENT and not 0 <= value <= 100:
                self.add_error("value", _("A share is between 0 and 100."))
            if value < 0:
                self.add_error("value", _("The value cannot be negative."))
        return data


class TargetForm(ItaliaFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Indicator"), choices=_choices(catalogue.INDICATORS))
    plan_year = forms.IntegerField(
        label=_("First year of the plan"), min_value=2000, max_value=2100
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=2000, max_value=2100, required=False
    )
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=14, decimal_places=2, required=False
    )
    target_1 = forms.DecimalField(
        label=_("Target, avvio (year 1)"), max_digits=14, decimal_places=2
    )
    target_2 = forms.DecimalField(
        label=_("Target, sviluppo intermedio (year 2)"), max_digits=14, decimal_places=2
    )
    target_3 = forms.DecimalField(
        label=_("Target, sviluppo avanzato (year 3)"), max_digits=14, decimal_places=2
    )

    def clean(self):
        data = super().clean()
        code = data.get("code")
        targets = [data.get(f"target_{n}") for n in (1, 2, 3)]
        if code and None not in targets:
            higher = catalogue.get(code).higher_is_better
            ordered = targets == sorted(targets) if higher else targets == sorted(targets)[::-1]
            if not ordered:
                self.add_error(
                    "target_3",
                    _(
                        "The targets must not go backwards: each phase at least as good as the one "
                        "before (for this indicator, %(way)s is better)."
                    )
                    % {"way": _("higher") if higher else _("lower")},
                )
        return data
