"""Reads of the community, always scoped: what a body's users (or anyone, for public pages)
may see of the library, the tables and their meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agilepa.community import search as fulltext
from agilepa.community.models import (
    Material,
    MaterialVersion,
    Meeting,
    MeetingRegistration,
    Table,
    TableBody,
    Visibility,
)
from agilepa.core.access import Access
from agilepa.org.models import Body, Membership, MembershipStatus, Network

# A body sees a network's materials and tables while its membership is active.
MEMBER_STATUSES = (MembershipStatus.ACTIVE,)
PAGE_SIZE = 20

Viewer = Access | Body | None


def _body_of(viewer: Viewer) -> Body | None:
    return viewer.body if isinstance(viewer, Access) else viewer


def member_network_ids(body: Body) -> list[int]:
    return list(
        Membership.objects.filter(body=body, status__in=MEMBER_STATUSES).values_list(
            "network_id", flat=True
        )
    )


def visible_materials(viewer: Viewer) -> QuerySet[Material]:
    """Materials a viewer may see: public ones; for a body, also its own and those shared with
    the networks it is an active member of. `None` is the anonymous public."""
    body = _body_of(viewer)
    rule = Q(visibility=Visibility.PUBLIC)
    if body is not None:
        rule |= Q(author_body=body) | Q(
            visibility=Visibility.NETWORK, theme__network_id__in=member_network_ids(body)
        )
    return Material.objects.filter(rule).select_related("author_body", "theme__network")


def get_material(viewer: Viewer, pk: int) -> Material:
    """A material the viewer may see; any other is a 404, as if it did not exist."""
    return get_object_or_404(visible_materials(viewer), pk=pk)


@dataclass(frozen=True)
class LibraryFilters:
    query: str = ""
    theme: int | None = None
    kind: str = ""
    licence: str = ""
    author: int | None = None
    year: int | None = None


def library(viewer: Viewer, filters: LibraryFilters) -> QuerySet[Material]:
    """The viewer's library, filtered and, with a query, searched in Italian (best first)."""
    materials = visible_materials(viewer)
    if filters.theme:
        materials = materials.filter(theme_id=filters.theme)
    if filters.kind:
        materials = materials.filter(kind=filters.kind)
    if filters.licence:
        materials = materials.filter(licence=filters.licence)
    if filters.author:
        materials = materials.filter(author_body_id=filters.author)
    if filters.year:
        materials = materials.filter(created_at__year=filters.year)
    return fulltext.search(materials, filters.query)


def library_choices(viewer: Viewer) -> dict[str, list]:
    """The themes, author bodies and years the viewer's library has, for the filters."""
    materials = visible_materials(viewer)
    themes = Table.objects.filter(pk__in=materials.values("theme_id")).select_related("network")
    authors = Body.objects.filter(pk__in=materials.values("author_body_id"))
    years = sorted({d.year for d in materials.dates("created_at", "year")}, reverse=True)
    return {"themes": list(themes), "authors": list(authors), "years": years}


def suggested_materials(viewer: Viewer, dimensions: list[str], limit: int = 5) -> list[Material]:
    """Materials the viewer may see for any of `dimensions` (the self-assessment's weakest),
    most downloaded first: the ones other bodies found useful."""
    if not dimensions or limit <= 0:
        return []
    rule = Q()
    for dimension in dimensions:
        rule |= Q(dimensions__icontains=f'"{dimension}"')
    found = visible_materials(viewer).filter(rule).order_by("-download_count", "-updated_at")
    # The text match is on the JSON list; confirm each in Python (a title cannot spoof it).
    return [m for m in found[: limit * 3] if set(m.dimensions) & set(dimensions)][:limit]


def versions_of(material: Material) -> QuerySet[MaterialVersion]:
    return material.versions.select_related("created_by").order_by("-number")


def current_version(material: Material) -> MaterialVersion | None:
    return material.versions.order_by("-number").first()


# --- tables and meetings -------------------------------------------------------------------------


def tables_for(access: Access) -> QuerySet[Table]:
    """The tables of the networks the body is an active member of."""
    return (
        Table.objects.filter(network_id__in=member_network_ids(access.body), is_active=True)
        .select_related("network")
        .annotate(n_bodies=Count("bodies", distinct=True))
        .order_by("network__name", "name")
    )


def get_table(access: Access, pk: int) -> Table:
    return get_object_or_404(tables_for(access), pk=pk)


def get_meeting(access: Access, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(table__in=tables_for(access).values("pk")).select_related(
            "table__network"
        ),
        pk=pk,
    )


def body_has_joined(body: Body, table: Table) -> bool:
    return TableBody.objects.filter(table=table, body=body).exists()


def own_registrations(access: Access, meeting: Meeting) -> QuerySet[MeetingRegistration]:
    """The registrations of the body's own people for a meeting: no other body's names."""
    return meeting.registrations.filter(person__body=access.body).select_related("person")


def network_tables(network: Network) -> QuerySet[Table]:
    return network.tables.annotate(
        n_bodies=Count("bodies", distinct=True), n_members=Count("members", distinct=True)
    ).order_by("name")


def get_network_table(network: Network, pk: int) -> Table:
    return get_object_or_404(Table, network=network, pk=pk)


def get_network_meeting(network: Network, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("table__network"), table__network=network, pk=pk
    )


@dataclass(frozen=True)
class TableCounts:
    table: Table
    meetings_held: int
    participants: int
    bodies: int


def table_counts(network: Network, year: int, now: datetime | None = None) -> list[TableCounts]:
    """What the network reports per table and year: meetings held (not cancelled, already
    started), distinct people who attended them, and the distinct bodies those people came from."""
    now = now or timezone.now()
    rows = []
    for table in network.tables.order_by("name"):
        held = Meeting.objects.filter(
            table=table, starts_at__year=year, starts_at__lte=now, is_cancelled=False
        )
        attended = MeetingRegistration.objects.filter(meeting__in=held, attended=True)
        rows.append(
            TableCounts(
                table=table,
                meetings_held=held.count(),
                participants=attended.values("person_id").distinct().count(),
                bodies=attended.values("person__body_id").distinct().count(),
            )
        )
    return rows


def upcoming_meetings(tables: QuerySet[Table], limit: int = 10) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(table__in=tables, ends_at__gte=timezone.now(), is_cancelled=False)
        .select_related("table")
        .order_by("starts_at")[:limit]
    )


def materials_for_outputs(network: Network) -> QuerySet[Material]:
    """Materials a meeting of the network may list as outputs: those shared with the network."""
    return Material.objects.filter(
        theme__network=network, visibility__in=[Visibility.PUBLIC, Visibility.NETWORK]
    ).order_by("title")


# --- the public page of a network ---------------------------------------------------------------


def public_network(slug: str) -> Network:
    return get_object_or_404(Network.objects.select_related("coordinator"), slug=slug)


def network_members(network: Network) -> QuerySet[Body]:
    """The network's active member bodies: names and kinds, public information."""
    return Body.objects.filter(
        memberships__network=network, memberships__status=MembershipStatus.ACTIVE
    ).order_by("name")


def public_materials(network: Network) -> QuerySet[Material]:
    return visible_materials(None).filter(theme__network=network)


def public_campaigns(network: Network):
    from agilepa.measurement.models import Campaign

    return Campaign.objects.filter(network=network, results_public=True).order_by("-start")
