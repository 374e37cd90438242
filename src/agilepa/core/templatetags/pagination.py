"""`{% load pagination %}`, then `{% page_numbers page as numbers %}`: the page numbers to offer
around the current one, with Paginator.ELLIPSIS for the gaps (for core/_pagination.html)."""

from collections.abc import Iterator
from typing import Any

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def page_numbers(page: Page[Any]) -> Iterator[str | int]:
    return page.paginator.get_elided_page_range(page.number, on_each_side=2)
