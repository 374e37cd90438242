"""`{% load charts %}`, then `{{ charts|chart_for:key }}`: the configuration of one chart from a
dict of them, for a page that draws a chart per item of a loop (the survey results)."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def chart_for(charts: dict[str, Any], key: str) -> Any:
    return charts.get(str(key)) if charts else None
