"""`{% load links %}`, then `{{ url|web_link }}`: the address when it is http(s), else "".

The services refuse other schemes; this keeps a link stored before that check (or by a path
that skipped it) from ever becoming a clickable `javascript:`."""

from django import template

from agilepa.core.links import is_web_link

register = template.Library()


@register.filter
def web_link(value: str) -> str:
    return value if value and is_web_link(str(value)) else ""
