"""Template filters of the agreements pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from agilepa.agreements.rules import place_label, prerequisite_label, priority_label

register = template.Library()


@register.filter
def weekday_names(days: list[int]) -> str:
    names = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday")]
    return ", ".join(names[int(d)] for d in sorted(days) if 0 <= int(d) < len(names)) or "—"


@register.filter
def place_names(places: list[str]) -> str:
    return ", ".join(place_label(p) for p in places) or "—"


@register.filter
def priority_names(priorities: list[str]) -> str:
    return ", ".join(priority_label(p) for p in priorities) or "—"


@register.filter
def prerequisite_names(kinds: list[str]) -> str:
    return ", ".join(prerequisite_label(k) for k in kinds) or "—"
