"""Forms of the library and the tables: they parse; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agilepa.community.models import (
    Licence,
    Material,
    MaterialKind,
    MaturityDimension,
    Table,
    Visibility,
)
from agilepa.core.forms import ItaliaFormMixin

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MaterialForm(ItaliaFormMixin, forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme (thematic table)"), queryset=Table.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY)
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.NETWORK
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Maturity dimensions it helps with"),
        choices=MaturityDimension.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("File (PDF, DOCX, ODT, XLSX, ODS, text; at most 20 MB)"), required=False
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The text itself, e.g. of a model Regolamento, instead of or beside a file."),
    )
    note = forms.CharField(label=_("Note on this version"), max_length=300, required=False)

    def __init__(self, *args: Any, themes: QuerySet[Table], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["dimensions"].widget.attrs["class"] = ""


class MaterialEditForm(MaterialForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("file", "text", "note"):
            del self.fields[name]

    @classmethod
    def initial_of(cls, material: Material) -> dict[str, Any]:
        return {
            "theme": material.theme_id,
            "title": material.title,
            "summary": material.summary,
            "kind": material.kind,
            "licence": material.licence,
            "visibility": material.visibility,
            "dimensions": material.dimensions,
            "url": material.url,
        }


class VersionForm(ItaliaFormMixin, forms.Form):
    file = forms.FileField(label=_("New file"), required=False)
    text = forms.CharField(label=_("New text"), required=False, widget=forms.Textarea)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class TableForm(ItaliaFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MeetingForm(ItaliaFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea)
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea)


class MeetingEditForm(MeetingForm):
    is_cancelled = forms.BooleanField(label=_("Cancelled"), required=False)
    outputs = forms.ModelMultipleChoiceField(
        label=_("Outputs (materials of the library)"),
        queryset=Material.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, materials: QuerySet[Material], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outputs"].queryset = materials
        self.fields["outputs"].widget.attrs["class"] = ""
        self.fields["is_cancelled"].widget.attrs["class"] = "form-check-input"
