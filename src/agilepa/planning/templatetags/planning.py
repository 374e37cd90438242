from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)


def cell_url_prefix(body_slug: str, plan_id: int) -> str:
    """The address of a plan's cells up to the person: reversed once for a whole grid (a unit's
    month is hundreds of cells, and `{% url %}` in each was a good part of the page's time)."""
    url = reverse(
        "planning:plan_cell",
        kwargs={"body": body_slug, "plan_id": plan_id, "person_id": 0, "day": "d"},
    )
    assert url.endswith("/0/d/")
    return url.removesuffix("0/d/")


def _cell(prefix: str, person_id: int, day: date, kind: str, hours: str) -> SafeString:
    key = f"{person_id}-{day:%Y%m%d}"
    if kind == "absent":
        return format_html(
            '<td id="cell-{}" class="p-0 text-center"><span title="{}">A</span></td>',
            key,
            _("Absent"),
        )
    if kind == "remote":
        style = "btn-primary"
        label = f"{_('Lavoro da remoto')} {hours}" if hours else _("Remote")
        letter = "D" if hours else "R"
    else:
        style, label, letter = "btn-outline-secondary", _("In the office"), "S"
    title = format_html(' title="{}"', hours) if kind == "remote" and hours else ""
    return format_html(
        '<td id="cell-{key}" class="p-0 text-center"><button type="button" '
        'class="btn btn-xs w-100 {style}" hx-post="{url}" hx-target="#cell-{key}" '
        'hx-swap="outerHTML" aria-label="{day}: {label}"{title}>{letter}</button></td>',
        key=key,
        style=style,
        url=f"{prefix}{person_id}/{day:%Y-%m-%d}/",
        day=f"{day:%d/%m}",
        label=label,
        title=title,
        letter=letter,
    )


@register.simple_tag
def plan_cells(
    body_slug: str, plan_id: int, person_id: int, cells: Iterable[tuple[date, str, str]]
) -> SafeString:
    """A grid row's cells (day, kind, fixed hours): a button that switches office and remote,
    or A for an absence."""
    prefix = cell_url_prefix(body_slug, plan_id)
    return format_html_join("", "{}", ((_cell(prefix, person_id, d, k, h),) for d, k, h in cells))
