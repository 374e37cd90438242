from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.agreements.forms import DateInput
from agilepa.core.forms import ItaliaFormMixin

from .selectors import TrailFilters


class TrailFilterForm(ItaliaFormMixin, forms.Form):
    """The filters of the body's trail, from the query string. A value that is not valid (a
    date typed wrong, a stale link) is shown as an error and left out of the filters."""

    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=200,
        help_text=_("Name, surname, matricola, codice fiscale or e-mail of a person of the body."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    actor = forms.CharField(
        label=_("Who acted (e-mail)"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action")), *actions]

    def filters(self) -> TrailFilters:
        self.is_valid()
        data = self.cleaned_data
        return TrailFilters(
            person_id=data.get("person_id"),
            person=data.get("person") or "",
            actor=data.get("actor") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
