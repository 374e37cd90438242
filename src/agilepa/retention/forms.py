from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.retention import policy


class PolicyForm(forms.Form):
    person_years = forms.IntegerField(
        label=_("Years after the end of employment before a person is pseudonymised"),
        min_value=0,
        max_value=policy.MAX_PERSON_YEARS,
    )
    import_days = forms.IntegerField(
        label=_("Days an HR import file is kept"),
        min_value=policy.MIN_IMPORT_DAYS,
        max_value=policy.MAX_IMPORT_DAYS,
    )
    confirmed = forms.BooleanField(
        label=_(
            "I confirm a period shorter than the default: the body keeps elsewhere what it"
            " needs to answer claims"
        ),
        required=False,
    )
