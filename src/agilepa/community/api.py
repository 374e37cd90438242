"""API routes of the library, the tables and their meetings, with the same permissions as the
pages: every role of a body reads what the body may see; its HR publishes, reuses, joins tables
and registers people; a person registers for a meeting; the network's coordinator manages the
tables and meetings and reads the counts."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status, UploadedFile

from agilepa.community import selectors, services
from agilepa.community.models import Material, MaterialVersion, Meeting, Table
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.api_types import ITEM_MAX, Item, Limit, Year, max_length_of, text_of
from agilepa.core.policies import api_access, coordinated_network, is_hr

router = Router(tags=["community"])
BASE = "/bodies/{body}"
NET = "/networks/{network}"


class MaterialOut(Schema):
    id: int
    title: str
    summary: str
    kind: str
    licence: str
    visibility: str
    theme_id: int
    theme: str
    network: str
    author_body: str
    dimensions: list[str]
    url: str
    download_count: int
    created_at: datetime
    updated_at: datetime


class VersionOut(Schema):
    number: int
    original_name: str
    mime: str
    size: int
    note: str
    has_text: bool
    created_at: datetime
    download_url: str | None


class MaterialDetailOut(MaterialOut):
    versions: list[VersionOut]
    excerpt: str


class MaterialPage(Schema):
    count: int
    page: int
    pages: int
    results: list[MaterialOut]


class MaterialPatch(Schema):
    theme_id: int | None = None
    title: text_of(Material, "title") | None = None
    summary: text_of(Material, "summary") | None = None
    kind: text_of(Material, "kind") | None = None
    licence: text_of(Material, "licence") | None = None
    visibility: text_of(Material, "visibility") | None = None
    dimensions: list[Item] | None = None
    url: text_of(Material, "url") | None = None


class ReuseOut(Schema):
    id: int
    material_id: int
    version: int
    regulation_id: int | None
    document_template_id: int | None


class TableOut(Schema):
    id: int
    network: str
    name: str
    description: str
    bodies: int
    joined: bool | None = None


class MeetingOut(Schema):
    id: int
    table_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    agenda: str
    minutes: str
    is_cancelled: bool
    outputs: list[int]


class TableDetailOut(TableOut):
    meetings: list[MeetingOut]


class CommunityPersonIn(Schema):
    person_id: int | None = None


class MeetingRegistrationOut(Schema):
    meeting_id: int
    person_id: int
    attended: bool | None


class TableIn(Schema):
    name: text_of(Table, "name")
    description: text_of(Table, "description") = ""


class MeetingIn(Schema):
    title: text_of(Meeting, "title")
    starts_at: datetime
    ends_at: datetime
    place: text_of(Meeting, "place") = ""
    online_url: text_of(Meeting, "online_url") = ""
    agenda: text_of(Meeting, "agenda") = ""
    minutes: text_of(Meeting, "minutes") = ""


class MeetingPatch(Schema):
    title: text_of(Meeting, "title") | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: text_of(Meeting, "place") | None = None
    online_url: text_of(Meeting, "online_url") | None = None
    agenda: text_of(Meeting, "agenda") | None = None
    minutes: text_of(Meeting, "minutes") | None = None
    is_cancelled: bool | None = None
    outputs: list[int] | None = None


class MeetingAttendanceIn(Schema):
    person_ids: list[int]


class CountsOut(Schema):
    table_id: int
    table: str
    year: int
    meetings_held: int
    participants: int
    bodies: int


def _material(m: Material) -> dict[str, object]:
    return {
        "id": m.pk,
        "title": m.title,
        "summary": m.summary,
        "kind": m.kind,
        "licence": m.licence,
        "visibility": m.visibility,
        "theme_id": m.theme_id,
        "theme": m.theme.name,
        "network": m.theme.network.slug,
        "author_body": m.author_body.slug,
        "dimensions": list(m.dimensions),
        "url": m.url,
        "download_count": m.download_count,
        "created_at": m.created_at,
        "updated_at": m.updated_at,
    }


def _version(access: Access, material: Material, v: MaterialVersion) -> dict[str, object]:
    url = (
        reverse(
            "community:material_download",
            kwargs={
                "body": access.body.slug,
                "material_id": material.pk,
                "version_number": v.number,
            },
        )
        if v.file
        else None
    )
    return {
        "number": v.number,
        "original_name": v.original_name,
        "mime": v.mime,
        "size": v.size,
        "note": v.note,
        "has_text": bool(v.content_text),
        "created_at": v.created_at,
        "download_url": url,
    }


def _detail(access: Access, material: Material) -> dict[str, object]:
    versions = list(selectors.versions_of(material))
    out = _material(material)
    out["versions"] = [_version(access, material, v) for v in versions]
    out["excerpt"] = versions[0].content_text[:3000] if versions else ""
    return out


def _meeting(m: Meeting) -> dict[str, object]:
    return {
        "id": m.pk,
        "table_id": m.table_id,
        "title": m.title,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "online_url": m.online_url,
        "agenda": m.agenda,
        "minutes": m.minutes,
        "is_cancelled": m.is_cancelled,
        "outputs": list(m.outputs.values_list("pk", flat=True)),
    }


def _table(t: Table, joined: bool | None = None) -> dict[str, object]:
    return {
        "id": t.pk,
        "network": t.network.slug,
        "name": t.name,
        "description": t.description,
        "bodies": t.bodies.count(),
        "joined": joined,
    }


# --- the library ---------------------------------------------------------------------------------


@router.get(
    f"{BASE}/materials",
    response=MaterialPage,
    summary="Search the library",
    description=(
        "The materials the body may see (public ones, its own, and those shared with its "
        "networks). `q` searches title, summary and the text of the files in Italian "
        '("regolamenti" finds "regolamento"), best first; filters: theme (a table id), kind, '
        "licence, author (a body id), year; 20 a page."
    ),
)
def list_materials(
    request: HttpRequest,
    body: str,
    q: str = "",
    theme: int | None = None,
    kind: str = "",
    licence: str = "",
    author: int | None = None,
    year: Year | None = None,
    page: int = 1,
) -> dict[str, object]:
    access = api_access(request, body)
    filters = selectors.LibraryFilters(
        query=q[:200], theme=theme, kind=kind, licence=licence, author=author, year=year
    )
    found = Paginator(selectors.library(access, filters), selectors.PAGE_SIZE).get_page(page)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [_material(m) for m in found.object_list],
    }


@router.get(
    f"{BASE}/material-suggestions",
    response=list[MaterialOut],
    summary="Materials for some maturity dimensions",
)
def suggestions(
    request: HttpRequest, body: str, dimension: str = "", limit: Limit = 5
) -> list[dict[str, object]]:
    access = api_access(request, body)
    dimensions = [d for d in dimension.split(",") if d]
    found = selectors.suggested_materials(access, dimensions, max(0, min(limit, 50)))
    return [_material(m) for m in found]


@router.post(
    f"{BASE}/materials",
    response={201: MaterialDetailOut},
    summary="Publish a material (HR)",
    description=(
        "multipart/form-data: theme_id, title, summary, kind, licence (default cc-by-4.0), "
        "visibility (public, network, body), dimensions (comma-separated), url, text, note, and "
        "`file`. The file's type is read from its content; executables, macros, empty, "
        "oversized and corrupt files answer 422 with the reason."
    ),
)
def publish(
    request: HttpRequest,
    body: str,
    theme_id: Form[int | None] = None,
    title: str = Form("", max_length=max_length_of(Material, "title")),
    summary: str = Form("", max_length=max_length_of(Material, "summary")),
    kind: str = Form("", max_length=max_length_of(Material, "kind")),
    licence: str = Form("cc-by-4.0", max_length=max_length_of(Material, "licence")),
    visibility: str = Form("network", max_length=max_length_of(Material, "visibility")),
    dimensions: str = Form("", max_length=ITEM_MAX),
    url: str = Form("", max_length=max_length_of(Material, "url")),
    text: str = Form("", max_length=max_length_of(MaterialVersion, "text")),
    note: str = Form("", max_length=max_length_of(MaterialVersion, "note")),
    file: File[UploadedFile | None] = None,
):
    # The form fields are optional in the schema so that the role is checked before them.
    access = api_access(request, body, is_hr)
    theme = selectors.tables_for(access).filter(pk=theme_id).first() if theme_id else None
    if theme is None:
        raise ValidationError(
            {"theme_id": "The theme must be a table of a network your body is an active member of."}
        )
    material = services.publish_material(
        access,
        theme=theme,
        title=title,
        summary=summary,
        kind=kind,
        licence=licence,
        visibility=visibility,
        dimensions=[d.strip() for d in dimensions.split(",") if d.strip()],
        url=url,
        file=file,
        text=text,
        note=note,
    )
    return Status(201, _detail(access, material))


@router.get(f"{BASE}/materials/{{material_id}}", response=MaterialDetailOut, summary="A material")
def material_detail(request: HttpRequest, body: str, material_id: int) -> dict[str, object]:
    access = api_access(request, body)
    return _detail(access, selectors.get_material(access, material_id))


@router.patch(
    f"{BASE}/materials/{{material_id}}",
    response=MaterialDetailOut,
    summary="Change a material's description (the author body's HR)",
)
def material_patch(
    request: HttpRequest, body: str, material_id: int, payload: MaterialPatch
) -> dict[str, object]:
    access = api_access(request, body)
    material = selectors.get_material(access, material_id)
    services.require_author(access, material)
    fields = payload.dict(exclude_unset=True)
    if "theme_id" in fields:
        theme = selectors.tables_for(access).filter(pk=fields.pop("theme_id")).first()
        if theme is None:
            raise ValidationError({"theme_id": "The theme must be a table of your networks."})
        fields["theme"] = theme
    services.update_material(access, material, **fields)
    return _detail(access, material)


@router.post(
    f"{BASE}/materials/{{material_id}}/versions",
    response={201: MaterialDetailOut},
    summary="Publish a new version (the author body's HR)",
    description="multipart/form-data: `file` and/or `text`, and `note`.",
)
def new_version(
    request: HttpRequest,
    body: str,
    material_id: int,
    text: str = Form("", max_length=max_length_of(MaterialVersion, "text")),
    note: str = Form("", max_length=max_length_of(MaterialVersion, "note")),
    file: File[UploadedFile | None] = None,
):
    access = api_access(request, body)
    material = selectors.get_material(access, material_id)
    services.add_version(access, material, file=file, text=text, note=note)
    return Status(201, _detail(access, material))


@router.post(
    f"{BASE}/materials/{{material_id}}/reuse",
    response={201: ReuseOut},
    summary="Reuse a model Regolamento or agreement in the body (HR)",
    description=(
        "A Regolamento becomes a draft Regolamento of the body (not in force); a model "
        "agreement replaces the clauses of the body's document template. The link to the "
        "material and its version is kept."
    ),
)
def reuse(request: HttpRequest, body: str, material_id: int):
    access = api_access(request, body)
    material = selectors.get_material(access, material_id)
    made = services.reuse_material(access, material)
    return Status(
        201,
        {
            "id": made.pk,
            "material_id": material.pk,
            "version": made.version.number,
            "regulation_id": made.regulation_id,
            "document_template_id": made.document_template_id,
        },
    )


# --- tables and meetings --------------------------------------------------------------------------


@router.get(f"{BASE}/tables", response=list[TableOut], summary="The tables of the body's networks")
def list_tables(request: HttpRequest, body: str) -> list[dict[str, object]]:
    access = api_access(request, body)
    joined = set(access.body.tables.values_list("table_id", flat=True))
    return [_table(t, t.pk in joined) for t in selectors.tables_for(access)]


@router.get(f"{BASE}/tables/{{table_id}}", response=TableDetailOut, summary="A table")
def table_detail(request: HttpRequest, body: str, table_id: int) -> dict[str, object]:
    access = api_access(request, body)
    table = selectors.get_table(access, table_id)
    out = _table(table, selectors.body_has_joined(access.body, table))
    out["meetings"] = [_meeting(m) for m in table.meetings.order_by("starts_at")]
    return out


@router.post(
    f"{BASE}/tables/{{table_id}}/join", response=TableOut, summary="The body joins a table (HR)"
)
def join(request: HttpRequest, body: str, table_id: int) -> dict[str, object]:
    access = api_access(request, body)
    table = selectors.get_table(access, table_id)
    services.join_table(access, table)
    return _table(table, True)


@router.post(
    f"{BASE}/tables/{{table_id}}/members",
    response={201: TableOut},
    summary="Register a person of the body on a table (HR)",
)
def add_member(request: HttpRequest, body: str, table_id: int, payload: CommunityPersonIn):
    access = api_access(request, body)
    table = selectors.get_table(access, table_id)
    services.register_table_member(access, table, payload.person_id)
    return Status(201, _table(table, True))


@router.get(f"{BASE}/meetings/{{meeting_id}}", response=MeetingOut, summary="A meeting")
def meeting_detail(request: HttpRequest, body: str, meeting_id: int) -> dict[str, object]:
    access = api_access(request, body)
    return _meeting(selectors.get_meeting(access, meeting_id))


@router.post(
    f"{BASE}/meetings/{{meeting_id}}/registrations",
    response={201: MeetingRegistrationOut},
    summary="Register for a meeting: oneself, or (HR) a person of the body",
)
def register(request: HttpRequest, body: str, meeting_id: int, payload: CommunityPersonIn):
    access = api_access(request, body)
    meeting = selectors.get_meeting(access, meeting_id)
    if access.person_id is None and not access.is_hr:
        raise PermissionDeniedForRole
    made = services.register_for_meeting(access, meeting, payload.person_id)
    return Status(
        201, {"meeting_id": meeting.pk, "person_id": made.person_id, "attended": made.attended}
    )


# --- the coordinator's side -----------------------------------------------------------------------


@router.get(
    f"{NET}/tables",
    response=list[CountsOut],
    summary="The network's tables with their counts of a year (coordinator)",
)
def network_counts(
    request: HttpRequest, network: str, year: Year | None = None
) -> list[dict[str, object]]:
    found = coordinated_network(request.user, network)
    from django.utils import timezone

    year = year or timezone.localdate().year
    return [
        {
            "table_id": row.table.pk,
            "table": row.table.name,
            "year": year,
            "meetings_held": row.meetings_held,
            "participants": row.participants,
            "bodies": row.bodies,
        }
        for row in selectors.table_counts(found, year)
    ]


@router.post(f"{NET}/tables", response={201: TableOut}, summary="Create a table (coordinator)")
def create_table(request: HttpRequest, network: str, payload: TableIn):
    found = coordinated_network(request.user, network)
    table = services.save_table(request.user, found, **payload.dict())
    return Status(201, _table(table))


@router.post(
    f"{NET}/tables/{{network_table_id}}/meetings",
    response={201: MeetingOut},
    summary="Schedule a meeting of a table (coordinator)",
)
def schedule(request: HttpRequest, network: str, network_table_id: int, payload: MeetingIn):
    found = coordinated_network(request.user, network)
    table = selectors.get_network_table(found, network_table_id)
    return Status(201, _meeting(services.schedule_meeting(request.user, table, **payload.dict())))


@router.patch(
    f"{NET}/meetings/{{network_meeting_id}}",
    response=MeetingOut,
    summary="Change a meeting: details, minutes, outputs, cancellation (coordinator)",
)
def meeting_patch(
    request: HttpRequest, network: str, network_meeting_id: int, payload: MeetingPatch
) -> dict[str, object]:
    found = coordinated_network(request.user, network)
    meeting = selectors.get_network_meeting(found, network_meeting_id)
    services.update_meeting(request.user, meeting, **payload.dict(exclude_unset=True))
    return _meeting(meeting)


@router.put(
    f"{NET}/meetings/{{network_meeting_id}}/attendance",
    response=list[MeetingRegistrationOut],
    summary="Record who attended among the registered (coordinator)",
)
def attendance(
    request: HttpRequest, network: str, network_meeting_id: int, payload: MeetingAttendanceIn
) -> list[dict[str, object]]:
    found = coordinated_network(request.user, network)
    meeting = selectors.get_network_meeting(found, network_meeting_id)
    services.record_attendance(request.user, meeting, payload.person_ids)
    return [
        {"meeting_id": meeting.pk, "person_id": r.person_id, "attended": r.attended}
        for r in meeting.registrations.all()
    ]


# Last of the router: the matrix calls routes in order, and a withdrawn material is gone.
@router.post(
    f"{BASE}/materials/{{material_id}}/withdraw",
    response={204: None},
    summary="Withdraw a material from the library (the author body's HR)",
)
def withdraw(request: HttpRequest, body: str, material_id: int):
    access = api_access(request, body)
    services.delete_material(access, selectors.get_material(access, material_id))
    return Status(204, None)
