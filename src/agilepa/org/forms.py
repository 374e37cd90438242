"""Forms of the organisation pages: the people list filters, moving a unit, the adhesion
workflow of a network. They parse and validate input; the writes are in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agilepa.core.forms import ItaliaFormMixin
from agilepa.org.models import Body, ContractType, OfficeSite, OrgUnit
from agilepa.org.selectors import PeopleQuery, PeopleStatus


def plain_select(field: forms.Field) -> None:
    """Bootstrap Italia styles a bare <select> inside its .select-wrapper (org/_select.html);
    the mixin's form-control class would fight that style."""
    field.widget.attrs["class"] = ""


INDENT = "\u00a0" * 3


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented by depth (no-break spaces: browsers keep them, screen readers skip
    them), so the select reads like the tree."""

    def label_from_instance(self, obj: OrgUnit) -> str:  # type: ignore[override]
        return INDENT * obj.depth + f"{obj.name} ({obj.code})"


class PeopleFilterForm(ItaliaFormMixin, forms.Form):
    """The search and filters of the people list, from the query string. A value that is not
    valid (a unit of another body, a stale page link) is ignored, not an error page."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name, surname, matricola, codice fiscale or e-mail."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    unit = UnitChoiceField(
        label=_("Unit (with its subunits)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("All units"),
    )
    contract = forms.ChoiceField(
        label=_("Contract"),
        required=False,
        choices=[("", _("Any contract")), *ContractType.choices],
    )
    job_category = forms.ChoiceField(label=_("Job category"), required=False)
    status = forms.ChoiceField(
        label=_("Employment"),
        required=False,
        choices=[
            (PeopleStatus.ACTIVE, _("Active")),
            (PeopleStatus.ENDED, _("Ended")),
            (PeopleStatus.ALL, _("Active and ended")),
        ],
    )
    site = forms.ModelChoiceField(
        label=_("Office site"),
        queryset=OfficeSite.objects.none(),
        required=False,
        empty_label=_("All sites"),
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(k, k) for k in ("name", "-name", "matricola", "-matricola")],
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit],
        sites: QuerySet[OfficeSite],
        job_categories: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["site"].queryset = sites
        self.fields["job_category"].choices = [
            ("", _("Any job category")),
            *((c, c) for c in job_categories),
        ]
        for name in ("unit", "contract", "job_category", "status", "site"):
            plain_select(self.fields[name])

    def query(self) -> PeopleQuery:
        self.is_valid()
        data = self.cleaned_data
        return PeopleQuery(
            text=data.get("q") or "",
            unit=data.get("unit"),
            contract=data.get("contract") or "",
            job_category=data.get("job_category") or "",
            status=PeopleStatus(data.get("status") or PeopleStatus.ACTIVE),
            site=data.get("site"),
            sort=data.get("sort") or "name",
        )


class UnitMoveForm(ItaliaFormMixin, forms.Form):
    """Every unit of the body is offered: a move under the unit's own subtree is refused by
    the service with a message that says why, rather than hidden from the list."""

    parent = UnitChoiceField(
        label=_("New parent unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("None: a top-level unit"),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units
        plain_select(self.fields["parent"])


class SignedProtocolForm(ItaliaFormMixin, forms.Form):
    protocol_signed_on = forms.DateField(
        label=_("Date of signature"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    protocol = forms.FileField(
        label=_("Signed protocol (PDF, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class ApplyForm(ItaliaFormMixin, forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        plain_select(self.fields["body"])
