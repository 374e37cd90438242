"""Pages of the prerequisites: a person's state, the equipment register, training."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from agilepa.agreements import rules, selectors
from agilepa.agreements.models import EquipmentItem, WorkstationCheck
from agilepa.agreements.prerequisites import selectors as prereq_selectors
from agilepa.agreements.prerequisites import services as prereq_services
from agilepa.agreements.prerequisites.forms import (
    CompletionsUploadForm,
    CourseForm,
    EquipmentForm,
    HandOverForm,
    ItCheckForm,
    ReturnForm,
    SafetyNoticeForm,
)
from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.core.policies import is_hr
from agilepa.core.tabular import ImportFileError, read_upload
from agilepa.org.selectors import get_person, people_for, units_for

SESSION_KEY = "training_import"


@body_view()
def person_prerequisites(request: HttpRequest, access: Access, person_id: int) -> HttpResponse:
    """The person, their managers and HR see the state; HR records checks and notices, and
    the person may self-declare the IT check of their own device."""
    person = get_person(access, person_id)
    own = access.person_id == person.pk
    it_form = ItCheckForm(prefix="it")
    notice_form = SafetyNoticeForm(prefix="notice")
    if request.method == "POST":
        kind = request.POST.get("kind")
        try:
            if kind == "it_check" and (access.is_hr or own):
                it_form = ItCheckForm(request.POST, prefix="it")
                if it_form.is_valid():
                    prereq_services.record_it_check(access, person, **it_form.cleaned_data)
                    messages.success(request, _("The IT check was recorded."))
                    return redirect(request.path)
            elif kind == "safety_notice" and access.is_hr:
                notice_form = SafetyNoticeForm(request.POST, prefix="notice")
                if notice_form.is_valid():
                    prereq_services.deliver_safety_notice(
                        access, person, notice_form.cleaned_data["delivered_on"]
                    )
                    messages.success(request, _("The safety notice was recorded."))
                    return redirect(request.path)
            else:
                raise PermissionDenied
        except ValidationError as error:
            add_service_errors(it_form if kind == "it_check" else notice_form, error)
    context = {
        "access": access,
        "person": person,
        "own": own,
        "rows": prereq_selectors.prerequisite_rows(person),
        "checks": person.workstation_checks.all()[:20],
        "items": WorkstationCheck.ITEMS,
        "notices": person.safety_notices.all()[:10],
        "equipment": person.equipment.all(),
        "completions": person.training_completions.select_related("course")[:50],
        "it_form": it_form,
        "notice_form": notice_form,
        "nav": "people" if access.is_hr or access.is_manager else "agreements",
    }
    return render(request, "agreements/prereq_person.html", context)


@body_view(is_hr)
def equipment(request: HttpRequest, access: Access) -> HttpResponse:
    items = prereq_selectors.equipment_for(access)
    query = request.GET.get("q", "").strip()
    if query:
        items = (
            items.filter(asset_tag__icontains=query)
            | items.filter(serial_number__icontains=query)
            | items.filter(person__last_name__icontains=query)
        )
    add_form = EquipmentForm(prefix="add")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = EquipmentForm(request.POST, prefix="add")
                if add_form.is_valid():
                    prereq_services.add_equipment(access, **add_form.cleaned_data)
                    messages.success(request, _("The item was added to the register."))
                    return redirect(request.path)
            elif action in {"handover", "return"}:
                item = get_object_or_404(
                    EquipmentItem, body=access.body, pk=request.POST.get("item")
                )
                if action == "handover":
                    form = HandOverForm(request.POST)
                    if form.is_valid():
                        person = get_object_or_404(
                            people_for(access),
                            employee_number=form.cleaned_data["employee_number"],
                        )
                        prereq_services.hand_over(access, item, person, form.cleaned_data["on"])
                        messages.success(request, _("The handover was recorded."))
                    else:
                        messages.error(request, _("Give the matricola and the date."))
                else:
                    form = ReturnForm(request.POST)
                    if form.is_valid():
                        prereq_services.return_item(access, item, form.cleaned_data["on"])
                        messages.success(request, _("The return was recorded."))
                    else:
                        messages.error(request, _("Give the date of the return."))
                return redirect(request.path)
        except ValidationError as error:
            if action == "add":
                add_service_errors(add_form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
                return redirect(request.path)
    context = {
        "access": access,
        "items": items.order_by("asset_tag")[:300],
        "query": query,
        "add_form": add_form,
        "nav": "equipment",
    }
    return render(request, "agreements/prereq_equipment.html", context)


@body_view(is_hr)
def training(request: HttpRequest, access: Access) -> HttpResponse:
    """Courses, and the import of completions: upload → preview → confirm, all or nothing."""
    courses = prereq_selectors.courses_for(access)
    course_form = CourseForm(prefix="course")
    upload_form = CompletionsUploadForm()
    report = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "course":
            course_form = CourseForm(request.POST, prefix="course")
            if course_form.is_valid():
                try:
                    prereq_services.add_course(access, **course_form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(course_form, error)
                else:
                    messages.success(request, _("The course was added."))
                    return redirect(request.path)
        elif action == "upload":
            upload_form = CompletionsUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                try:
                    content = read_upload(upload_form.cleaned_data["file"])
                except ImportFileError as exc:
                    upload_form.add_error("file", exc.message)
                    content = b""
                report = (
                    prereq_services.import_completions(access, content, dry_run=True)
                    if content
                    else None
                )
                if report is not None and report.ok:
                    request.session[SESSION_KEY] = {
                        "body": access.body.pk,
                        "content": base64.b64encode(content).decode(),
                    }
        elif action == "confirm":
            stored = request.session.pop(SESSION_KEY, None)
            if not stored or stored.get("body") != access.body.pk:
                messages.error(request, _("Upload the file again: the preview has expired."))
                return redirect(request.path)
            report = prereq_services.import_completions(access, base64.b64decode(stored["content"]))
            if report.applied:
                messages.success(
                    request,
                    _("%(n)d completions were recorded.") % {"n": report.new},
                )
                return redirect(request.path)
    context = {
        "access": access,
        "courses": courses.order_by("title"),
        "course_form": course_form,
        "upload_form": upload_form,
        "report": report,
        "nav": "training",
    }
    return render(request, "agreements/prereq_training.html", context)


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.MANAGER)
def overview(request: HttpRequest, access: Access) -> HttpResponse:
    """Who cannot start (or keep) remote work for a missing or expired prerequisite."""
    unit = request.GET.get("unit", "")
    kind = request.GET.get("kind", "")
    people = prereq_selectors.people_missing_prerequisites(
        access, unit_id=int(unit) if unit.isdigit() else None, kind=kind
    )
    page = Paginator(people, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/prereq_overview.html",
        {
            "access": access,
            "page": page,
            "rows": prereq_selectors.gaps_of(access, list(page.object_list), kind),
            "units": units_for(access).order_by("path"),
            "kinds": [(k.value, rules.prerequisite_label(k)) for k in rules.Prerequisite],
            "unit": unit,
            "kind": kind,
        },
    )
