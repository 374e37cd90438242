"""Pages of the trail: the body's, for its HR (filters, pages, CSV and XLSX export), and a
person's own (who changed or read their record)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.policies import is_hr
from agilepa.org.models import Person

from . import exports, selectors
from .actions import action_label
from .forms import TrailFilterForm
from .models import AuditEntry

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def _rows(entries: Iterable[AuditEntry]) -> list[dict[str, object]]:
    return [
        {
            "entry": e,
            "action_label": action_label(e.action),
            "changes": selectors.field_changes(e),
        }
        for e in entries
    ]


@body_view(is_hr)
def body_trail(request: HttpRequest, access: Access) -> HttpResponse:
    form = TrailFilterForm(request.GET, actions=selectors.actions_in(access))
    filters = form.filters()
    page = Paginator(selectors.body_trail(access, filters), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    person = None
    if filters.person_id is not None:
        person = Person.objects.filter(body=access.body, pk=filters.person_id).first()
    context = {
        "access": access,
        "form": form,
        "person": person,
        "page": page,
        "rows": _rows(page.object_list),
        "nav": "audit",
    }
    return render(request, "audit/body_trail.html", context)


@body_view(*HR)
def export(request: HttpRequest, access: Access) -> HttpResponse:
    form = TrailFilterForm(request.GET, actions=selectors.actions_in(access))
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    content, content_type, name = exports.export(access, form.filters(), fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@body_view(Role.EMPLOYEE)
def own_trail(request: HttpRequest, access: Access) -> HttpResponse:
    page = Paginator(selectors.own_trail(access), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "access": access,
        "page": page,
        "rows": _rows(page.object_list),
        "nav": "body",
    }
    return render(request, "audit/own_trail.html", context)
