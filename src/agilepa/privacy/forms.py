from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.core.forms import ItaliaFormMixin


class NoticeForm(ItaliaFormMixin, forms.Form):
    text_it = forms.CharField(
        label=_("Text in Italian"),
        widget=forms.Textarea(attrs={"rows": 24, "lang": "it"}),
        help_text=_(
            "Markdown: # and ## for headings, - for a list, a blank line between paragraphs. "
            "Replace every [DA COMPLETARE …] with the body's own details before publishing."
        ),
    )
    text_en = forms.CharField(
        label=_("Text in English (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "lang": "en"}),
        help_text=_("Shown to people who use the platform in English; else they read Italian."),
    )
