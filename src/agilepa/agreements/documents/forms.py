from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.agreements.models import DocumentTemplate

MAX_LOGO_BYTES = 1024 * 1024


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["logo", "header", "premises", "clauses", "closing", "safety_notice"]
        widgets = {
            "header": forms.TextInput(),
            "premises": forms.Textarea(attrs={"rows": 4}),
            "clauses": forms.Textarea(attrs={"rows": 10}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            "safety_notice": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "clauses": _("Empty: the model clauses shipped with Agile PA are printed."),
            "safety_notice": _("Empty: the model informativa (art. 22) is printed."),
            "logo": _("PNG or JPEG, at most 1 MB."),
        }

    def clean_logo(self) -> object:
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo
        if logo.size > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("The logo is larger than 1 MB."))
        head = logo.read(8)
        logo.seek(0)
        if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
        return logo
