"""Pages of the community: the library (search, preview, publish, versions, download, reuse),
the tables and their meetings for member bodies, the coordinator's tables and meetings, the
tables' iCalendar feeds and the public page of a network."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.community import selectors, services
from agilepa.community.forms import (
    MaterialEditForm,
    MaterialForm,
    MeetingEditForm,
    MeetingForm,
    TableForm,
    VersionForm,
)
from agilepa.community.models import (
    Licence,
    Material,
    MaterialKind,
    MaterialVersion,
    Table,
    Visibility,
)
from agilepa.core import ical
from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.core.policies import coordinated_network
from agilepa.org.models import Person

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> selectors.LibraryFilters:
    kind = request.GET.get("kind", "")
    licence = request.GET.get("licence", "")
    return selectors.LibraryFilters(
        query=request.GET.get("q", "")[:200],
        theme=_int(request.GET.get("theme")),
        kind=kind if kind in MaterialKind.values else "",
        licence=licence if licence in Licence.values else "",
        author=_int(request.GET.get("author")),
        year=_int(request.GET.get("year")),
    )


def _library_context(request: HttpRequest, viewer, filters) -> dict:
    page = Paginator(selectors.library(viewer, filters), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {
        "page": page,
        "filters": filters,
        "choices": selectors.library_choices(viewer),
        "kinds": MaterialKind.choices,
        "licences": Licence.choices,
    }


# --- the library ---------------------------------------------------------------------------


@body_view()
def library(request: HttpRequest, access: Access) -> HttpResponse:
    """Search and browse the materials the body may see, with filters and pages."""
    context = _library_context(request, access, _filters(request))
    context.update({"access": access, "nav": "library"})
    return render(request, "community/library.html", context)


def _material_form_page(request: HttpRequest, access: Access) -> HttpResponse:
    themes = selectors.tables_for(access)
    form = MaterialForm(request.POST or None, request.FILES or None, themes=themes)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                material = services.publish_material(access, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Published."))
                return redirect("community:material", access.body.slug, material.pk)
        status = 422
    context = {"access": access, "form": form, "material": None, "nav": "library"}
    return render(request, "community/material_form.html", context, status=status)


@body_view(*HR)
def material_new(request: HttpRequest, access: Access) -> HttpResponse:
    return _material_form_page(request, access)


@body_view()
def material_detail(request: HttpRequest, access: Access, material_id: int) -> HttpResponse:
    """The preview: metadata, an excerpt of the text, the versions, where it was reused."""
    material = selectors.get_material(access, material_id)
    versions = list(selectors.versions_of(material))
    current = versions[0] if versions else None
    context = {
        "access": access,
        "material": material,
        "versions": versions,
        "current": current,
        "excerpt": (current.content_text[:3000] if current else ""),
        "is_author": material.author_body_id == access.body.pk and access.is_hr,
        "own_reuses": material.reuses.filter(body=access.body).select_related(
            "regulation", "version"
        ),
        "meetings": material.meetings.select_related("table"),
        "nav": "library",
    }
    return render(request, "community/material.html", context)


@body_view(*HR)
def material_edit(request: HttpRequest, access: Access, material_id: int) -> HttpResponse:
    material = selectors.get_material(access, material_id)
    if material.author_body_id != access.body.pk:
        raise PermissionDenied
    form = MaterialEditForm(
        request.POST or None,
        initial=MaterialEditForm.initial_of(material),
        themes=selectors.tables_for(access),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_material(access, material, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("community:material", access.body.slug, material.pk)
        status = 422
    context = {"access": access, "form": form, "material": material, "nav": "library"}
    return render(request, "community/material_form.html", context, status=status)


@body_view(*HR)
def material_version_new(request: HttpRequest, access: Access, material_id: int) -> HttpResponse:
    material = selectors.get_material(access, material_id)
    if material.author_body_id != access.body.pk:
        raise PermissionDenied
    form = VersionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version = services.add_version(access, material, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Version %(n)d published.") % {"n": version.number})
                return redirect("community:material", access.body.slug, material.pk)
        status = 422
    context = {"access": access, "form": form, "material": material, "nav": "library"}
    return render(request, "community/version_form.html", context, status=status)


@body_view(*HR)
@require_POST
def material_delete(request: HttpRequest, access: Access, material_id: int) -> HttpResponse:
    material = selectors.get_material(access, material_id)
    if material.author_body_id != access.body.pk:
        raise PermissionDenied
    services.delete_material(access, material)
    messages.success(request, _("The material was withdrawn from the library."))
    return redirect("community:library", access.body.slug)


def _file_response(material: Material, version: MaterialVersion) -> FileResponse:
    if not version.file or not default_storage.exists(version.file.name):
        raise Http404
    services.record_download(material)
    response = FileResponse(
        default_storage.open(version.file.name, "rb"),
        as_attachment=True,
        filename=version.original_name or f"material-{material.pk}-v{version.number}",
        content_type=version.mime or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@body_view()
def material_download(
    request: HttpRequest, access: Access, material_id: int, version_number: int
) -> HttpResponse:
    """A version's file, through this permission-checked view only (files are never served
    from MEDIA_ROOT directly)."""
    material = selectors.get_material(access, material_id)
    version = get_object_or_404(MaterialVersion, material=material, number=version_number)
    return _file_response(material, version)


@body_view(*HR)
def material_reuse(request: HttpRequest, access: Access, material_id: int) -> HttpResponse:
    """Copy a model Regolamento (a draft) or model agreement (the document template) into the
    body; GET asks for confirmation."""
    material = selectors.get_material(access, material_id)
    if request.method == "POST":
        try:
            reuse = services.reuse_material(access, material)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("community:material", access.body.slug, material.pk)
        if reuse.regulation_id:
            messages.success(request, _("Copied into your body as a draft Regolamento."))
            return redirect("agreements:regulation", access.body.slug, reuse.regulation_id)
        messages.success(request, _("Copied into your body's agreement document template."))
        return redirect("agreements:document_template", access.body.slug)
    context = {
        "access": access,
        "material": material,
        "current": selectors.current_version(material),
        "nav": "library",
    }
    return render(request, "community/reuse.html", context)


# --- tables and meetings, for member bodies -----------------------------------------------------


@body_view()
def tables(request: HttpRequest, access: Access) -> HttpResponse:
    found = selectors.tables_for(access)
    joined = set(access.body.tables.values_list("table_id", flat=True))
    context = {
        "access": access,
        "tables": found,
        "joined": joined,
        "upcoming": selectors.upcoming_meetings(found),
        "nav": "tables",
    }
    return render(request, "community/tables.html", context)


@body_view()
def table_detail(request: HttpRequest, access: Access, table_id: int) -> HttpResponse:
    table = selectors.get_table(access, table_id)
    joined = selectors.body_has_joined(access.body, table)
    context = {
        "access": access,
        "table": table,
        "joined": joined,
        "bodies": table.bodies.select_related("body"),
        "own_members": table.members.filter(person__body=access.body).select_related("person")
        if access.sees_named_people
        else [],
        "people": Person.objects.filter(body=access.body, is_active=True).order_by(
            "last_name", "first_name"
        )
        if access.is_hr
        else [],
        "meetings": table.meetings.order_by("-starts_at"),
        "materials": selectors.visible_materials(access).filter(theme=table)[:20],
        "now": timezone.now(),
        "nav": "tables",
    }
    return render(request, "community/table.html", context)


@body_view(*HR)
@require_POST
def table_join(request: HttpRequest, access: Access, table_id: int) -> HttpResponse:
    table = selectors.get_table(access, table_id)
    if request.POST.get("action") == "leave":
        services.leave_table(access, table)
        messages.success(request, _("Your body left the table."))
    else:
        services.join_table(access, table)
        messages.success(request, _("Your body joined the table."))
    return redirect("community:table", access.body.slug, table.pk)


@body_view(*HR)
@require_POST
def table_member_add(request: HttpRequest, access: Access, table_id: int) -> HttpResponse:
    table = selectors.get_table(access, table_id)
    try:
        services.register_table_member(access, table, _int(request.POST.get("person_id")))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Registered on the table."))
    return redirect("community:table", access.body.slug, table.pk)


@body_view()
def meeting_detail(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = selectors.get_meeting(access, meeting_id)
    registrations = selectors.own_registrations(access, meeting) if access.sees_named_people else []
    context = {
        "access": access,
        "meeting": meeting,
        "table": meeting.table,
        "registrations": registrations,
        "registered": bool(access.person_id)
        and meeting.registrations.filter(person_id=access.person_id).exists(),
        "open": not meeting.is_cancelled and meeting.ends_at >= timezone.now(),
        "joined": selectors.body_has_joined(access.body, meeting.table),
        "people": Person.objects.filter(body=access.body, is_active=True).order_by(
            "last_name", "first_name"
        )
        if access.is_hr
        else [],
        "outputs": selectors.visible_materials(access).filter(meetings=meeting),
        "nav": "tables",
    }
    return render(request, "community/meeting.html", context)


@body_view(Role.EMPLOYEE, Role.MANAGER, Role.HR_ADMIN, Role.PLATFORM_ADMIN)
@require_POST
def meeting_register(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    """One registers oneself; HR registers any of its people (person_id)."""
    meeting = selectors.get_meeting(access, meeting_id)
    person_id = _int(request.POST.get("person_id"))
    try:
        if request.POST.get("action") == "cancel":
            services.cancel_registration(access, meeting, person_id)
            messages.success(request, _("Registration cancelled."))
        else:
            services.register_for_meeting(access, meeting, person_id)
            messages.success(request, _("Registered for the meeting."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("community:meeting", access.body.slug, meeting.pk)


# --- the coordinator's tables and meetings ------------------------------------------------------


def _year(request: HttpRequest) -> int:
    year = _int(request.GET.get("year"))
    return year if year and 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def network_tables(request: HttpRequest, network: str) -> HttpResponse:
    """The coordinator's tables: the counts per table and year, and a new table."""
    found = coordinated_network(request.user, network)
    form = TableForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                table = services.save_table(request.user, found, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Table created."))
                return redirect("community:network_table", found.slug, table.pk)
        status = 422
    year = _year(request)
    context = {
        "network": found,
        "current_network": found,
        "tables": selectors.network_tables(found),
        "counts": selectors.table_counts(found, year),
        "year": year,
        "form": form,
        "nav": "network",
    }
    return render(request, "community/network_tables.html", context, status=status)


@login_required
def network_table(request: HttpRequest, network: str, network_table_id: int) -> HttpResponse:
    """A table for its coordinator: edit it, its bodies and people, its meetings, a new one."""
    found = coordinated_network(request.user, network)
    table = selectors.get_network_table(found, network_table_id)
    edit = TableForm(
        request.POST if request.POST.get("form") == "table" else None,
        initial={"name": table.name, "description": table.description},
        prefix="table",
    )
    new = MeetingForm(request.POST if request.POST.get("form") == "meeting" else None)
    status = 200
    if request.method == "POST":
        form = edit if request.POST.get("form") == "table" else new
        if form.is_valid():
            try:
                if form is edit:
                    services.save_table(request.user, found, table=table, **form.cleaned_data)
                    messages.success(request, _("Saved."))
                    return redirect("community:network_table", found.slug, table.pk)
                meeting = services.schedule_meeting(request.user, table, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Meeting scheduled."))
                return redirect("community:network_meeting", found.slug, meeting.pk)
        status = 422
    context = {
        "network": found,
        "current_network": found,
        "table": table,
        "edit": edit,
        "form": new,
        "bodies": table.bodies.select_related("body"),
        "n_members": table.members.count(),
        "meetings": table.meetings.order_by("-starts_at"),
        "nav": "network",
    }
    return render(request, "community/network_table.html", context, status=status)


@login_required
def network_meeting(request: HttpRequest, network: str, network_meeting_id: int) -> HttpResponse:
    """A meeting for its coordinator: details, minutes, outputs, cancellation, attendance."""
    found = coordinated_network(request.user, network)
    meeting = selectors.get_network_meeting(found, network_meeting_id)
    materials = selectors.materials_for_outputs(found)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    initial.update(
        {
            "is_cancelled": meeting.is_cancelled,
            "outputs": list(meeting.outputs.values_list("pk", flat=True)),
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
        }
    )
    editing = request.method == "POST" and request.POST.get("form") != "attendance"
    form = MeetingEditForm(request.POST if editing else None, initial=initial, materials=materials)
    status = 200
    if request.method == "POST":
        try:
            if not editing:
                ids = [i for i in (_int(v) for v in request.POST.getlist("attended")) if i]
                services.record_attendance(request.user, meeting, ids)
                messages.success(request, _("Attendance recorded."))
                return redirect("community:network_meeting", found.slug, meeting.pk)
            if form.is_valid():
                data = dict(form.cleaned_data)
                data["outputs"] = [m.pk for m in data["outputs"]]
                services.update_meeting(request.user, meeting, **data)
                messages.success(request, _("Saved."))
                return redirect("community:network_meeting", found.slug, meeting.pk)
        except ValidationError as exc:
            if editing:
                add_service_errors(form, exc)
            else:
                for message in exc.messages:
                    messages.error(request, message)
                return redirect("community:network_meeting", found.slug, meeting.pk)
        status = 422
    context = {
        "network": found,
        "current_network": found,
        "meeting": meeting,
        "table": meeting.table,
        "form": form,
        # The coordinator records attendance: the registered people's names and bodies.
        "registrations": meeting.registrations.select_related("person__body"),
        "nav": "network",
    }
    return render(request, "community/network_meeting.html", context, status=status)


# --- the iCalendar feed of a table and the public page -------------------------------------------


def table_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """A table's meetings as iCalendar: the address is the secret (no login); the meetings hold
    no personal data. An unknown address answers 404."""
    table = Table.objects.filter(feed_token=feed_token).select_related("network").first()
    if table is None:
        raise Http404
    calendar = ical.calendar("tavoli tematici", f"{table.network.name} - {table.name}")
    stamp = ical.now()
    since = timezone.now() - timedelta(days=365)
    for meeting in table.meetings.filter(starts_at__gte=since).order_by("starts_at"):
        calendar.add_component(
            ical.event(
                f"agilepa-meeting-{meeting.pk}@{table.network.slug}",
                meeting.title,
                meeting.starts_at,
                meeting.ends_at,
                stamp=stamp,
                location=meeting.place or None,
                url=meeting.online_url or None,
                description=meeting.agenda or None,
                status="CANCELLED" if meeting.is_cancelled else "CONFIRMED",
            )
        )
    return ical.response(calendar, filename=f"{table.slug}.ics", disposition="inline")


def public_network(request: HttpRequest, network: str) -> HttpResponse:
    """The page anyone can open: members, public materials, public campaign results, the
    tables' yearly counts. No personal data."""
    found = selectors.public_network(network)
    filters = _filters(request)
    from agilepa.events.selectors import upcoming_public_events
    from agilepa.measurement import campaigns as campaign_reads

    campaigns = [
        (campaign, campaign_reads.results(campaign))
        for campaign in selectors.public_campaigns(found)[:5]
    ]
    year = timezone.localdate().year
    context = {
        "network": found,
        "members": selectors.network_members(found),
        "materials": selectors.public_materials(found)[:12],
        "campaigns": campaigns,
        "counts": selectors.table_counts(found, year),
        "year": year,
        "filters": filters,
        "events": upcoming_public_events(found, limit=6),
    }
    return render(request, "community/public_network.html", context)


def public_library(request: HttpRequest, network: str) -> HttpResponse:
    """The network's public materials, searchable by anyone."""
    found = selectors.public_network(network)
    filters = _filters(request)
    context = _library_context(request, None, filters)
    context["page"] = Paginator(
        selectors.library(None, filters).filter(theme__network=found), selectors.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context["network"] = found
    return render(request, "community/public_library.html", context)


def public_material(request: HttpRequest, public_material_id: int) -> HttpResponse:
    material = get_object_or_404(
        Material.objects.select_related("author_body", "theme__network"),
        pk=public_material_id,
        visibility=Visibility.PUBLIC,
    )
    versions = list(selectors.versions_of(material))
    current = versions[0] if versions else None
    context = {
        "material": material,
        "versions": versions,
        "current": current,
        "excerpt": current.content_text[:3000] if current else "",
    }
    return render(request, "community/public_material.html", context)


def public_download(
    request: HttpRequest, public_material_id: int, version_number: int
) -> HttpResponse:
    material = get_object_or_404(Material, pk=public_material_id, visibility=Visibility.PUBLIC)
    version = get_object_or_404(MaterialVersion, material=material, number=version_number)
    return _file_response(material, version)
