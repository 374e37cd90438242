"""`{% load crumbs %}`, then `{% crumb label "app:view" arg=value %}` for a link to a page above
this one, and `{% crumb label %}` for the page itself (the last crumb, `aria-current="page"`).

The breadcrumb markup of Bootstrap Italia is written here once, so a page lists its trail and
nothing else; `core/body_base.html` puts the body's own crumb first on every body page."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def crumb(label: Any, url_name: str = "", *args: Any, **kwargs: Any) -> SafeString:
    if not url_name:
        return format_html('<li class="breadcrumb-item active" aria-current="page">{}</li>', label)
    return format_html(
        '<li class="breadcrumb-item"><a href="{}">{}</a><span class="separator">/</span></li>',
        reverse(url_name, args=args, kwargs=kwargs),
        label,
    )
