from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agilepa.agreements.forms import DateInput
from agilepa.agreements.models import EquipmentItem, TrainingCourse, WorkstationCheck


class ItCheckForm(forms.ModelForm):
    class Meta:
        model = WorkstationCheck
        fields = ["device", "checked_on", *WorkstationCheck.ITEMS, "notes"]
        widgets = {"checked_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}


class SafetyNoticeForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())


class EquipmentForm(forms.ModelForm):
    class Meta:
        model = EquipmentItem
        fields = ["asset_tag", "kind", "description", "serial_number"]


class HandOverForm(forms.Form):
    employee_number = forms.CharField(label=_("Matricola"), max_length=30)
    on = forms.DateField(label=_("Handed over on"), widget=DateInput())


class ReturnForm(forms.Form):
    on = forms.DateField(label=_("Returned on"), widget=DateInput())


class CourseForm(forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = ["code", "title", "topic", "hours", "validity_months"]


class CompletionsUploadForm(forms.Form):
    file = forms.FileField(label=_("Export of the training platform (CSV or XLSX)"))
