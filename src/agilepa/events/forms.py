"""Forms of the event pages: they parse; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.events.models import Event
from agilepa.events.services import EDITABLE

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = list(EDITABLE)  # the fields services.update_event may change
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_opens": DATETIME,
            "registration_closes": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: object, networks=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["network"].required = False
        for name in ("starts_at", "ends_at", "registration_opens", "registration_closes"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def data_for_service(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
