from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agilepa.rights.models import RequestKind, RequestStatus, SubjectRequest

FORMAT_CHOICES = [("pdf", _("PDF, readable")), ("json", _("JSON, machine-readable"))]


class RectificationForm(forms.Form):
    field = forms.CharField(
        label=_("Which data is wrong"),
        max_length=200,
        help_text=_("As it is named in your export, e.g. “e-mail” or “home municipality”."),
    )
    correction = forms.CharField(
        label=_("What it should be"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HrExportForm(forms.Form):
    """HR's export for a request received about a person: a new request (kind and date of
    receipt) or one of the person's open ones."""

    fulfils = forms.ModelChoiceField(
        label=_("Request it answers"),
        queryset=SubjectRequest.objects.none(),
        required=False,
        empty_label=_("A new request, recorded now"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of request"),
        choices=[
            (RequestKind.ACCESS, RequestKind.ACCESS.label),
            (RequestKind.PORTABILITY, RequestKind.PORTABILITY.label),
        ],
    )
    received_on = forms.DateField(label=_("Received on"), initial=timezone.localdate)
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: object, open_requests=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if open_requests is not None:
            self.fields["fulfils"].queryset = open_requests


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(RequestStatus.DONE, _("Done")), (RequestStatus.REFUSED, _("Refused"))],
    )
    note = forms.CharField(
        label=_("Note to the person"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was corrected, or why the request is refused."),
    )
