"""Tenancy expectations of the library, tables and meetings routes (see extensions.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from agilepa.community.models import (
    Material,
    MaterialKind,
    MaterialVersion,
    Meeting,
    MeetingRegistration,
    Reuse,
    Table,
    TableBody,
    TableMember,
    Visibility,
)
from agilepa.org.models import Membership, MembershipStatus
from tests.factories import NetworkFactory
from tests.filebuilders import pdf_bytes, upload

HR = {"hr_admin", "platform_admin"}
BODY_ROLES = {"employee", "manager", "hr_admin", "observer", "platform_admin"}
# Registering for a meeting: a person of the body (oneself) or HR (a person of the body).
REGISTRANTS = {"employee", "manager", "hr_admin", "platform_admin"}
COORDINATORS = {"coordinator", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "community:library": ("get", BODY_ROLES),
    "community:material_new": ("get", HR),
    "community:material": ("get", BODY_ROLES),
    "community:material_edit": ("get", HR),
    "community:material_version_new": ("get", HR),
    "community:material_download": ("get", BODY_ROLES),
    "community:material_reuse": ("get", HR),
    "community:material_delete": ("post", HR),
    "community:tables": ("get", BODY_ROLES),
    "community:table": ("get", BODY_ROLES),
    "community:table_join": ("post", HR),
    "community:table_member_add": ("post", HR),
    "community:meeting": ("get", BODY_ROLES),
    "community:meeting_register": ("post", REGISTRANTS),
    "community:network_tables": ("get", COORDINATORS),
    "community:network_table": ("get", COORDINATORS),
    "community:network_meeting": ("get", COORDINATORS),
}
# The feed's address is its secret; the public pages show no personal data.
UNSCOPED = {
    "community:table_feed",
    "community:public_network",
    "community:public_library",
    "community:public_material",
    "community:public_download",
}

A = "/api/v1/bodies/{body}"
N = "/api/v1/networks/{network}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/materials": BODY_ROLES,
    f"GET {A}/material-suggestions": BODY_ROLES,
    f"POST {A}/materials": HR,
    f"GET {A}/materials/{{material_id}}": BODY_ROLES,
    f"PATCH {A}/materials/{{material_id}}": HR,
    f"POST {A}/materials/{{material_id}}/versions": HR,
    f"POST {A}/materials/{{material_id}}/reuse": HR,
    f"POST {A}/materials/{{material_id}}/withdraw": HR,
    f"GET {A}/tables": BODY_ROLES,
    f"GET {A}/tables/{{table_id}}": BODY_ROLES,
    f"POST {A}/tables/{{table_id}}/join": HR,
    f"POST {A}/tables/{{table_id}}/members": HR,
    f"GET {A}/meetings/{{meeting_id}}": BODY_ROLES,
    f"POST {A}/meetings/{{meeting_id}}/registrations": REGISTRANTS,
    f"GET {N}/tables": COORDINATORS,
    f"POST {N}/tables": COORDINATORS,
    f"POST {N}/tables/{{network_table_id}}/meetings": COORDINATORS,
    f"PATCH {N}/meetings/{{network_meeting_id}}": COORDINATORS,
    f"PUT {N}/meetings/{{network_meeting_id}}/attendance": COORDINATORS,
}
API_PAYLOADS: dict[str, object] = {
    f"PATCH {A}/materials/{{material_id}}": {"summary": "Riassunto rivisto"},
    f"POST {A}/tables/{{table_id}}/members": lambda ids: {"person_id": ids.values["person_id"]},
    f"POST {A}/meetings/{{meeting_id}}/registrations": {},
    f"POST {N}/tables": {"name": "Tavolo della matrice"},
    f"POST {N}/tables/{{network_table_id}}/meetings": {
        "title": "Incontro",
        "starts_at": "2030-03-01T10:00:00+01:00",
        "ends_at": "2030-03-01T12:00:00+01:00",
        "place": "Bologna",
    },
    f"PATCH {N}/meetings/{{network_meeting_id}}": {"minutes": "Verbale"},
    f"PUT {N}/meetings/{{network_meeting_id}}/attendance": {"person_ids": []},
}


def _multipart(fields):
    def call(client, url, ids):
        data = fields(ids) if callable(fields) else dict(fields)
        data["file"] = upload("regolamento.pdf", pdf_bytes("Regolamento"))
        return client.post(url, data)

    return call


API_CUSTOM_CALLS = {
    f"POST {A}/materials": _multipart(
        lambda ids: {
            "theme_id": ids.values["table_id"],
            "title": "Regolamento tipo",
            "summary": "Un modello",
            "kind": "regulation",
        }
    ),
    f"POST {A}/materials/{{material_id}}/versions": _multipart({"note": "v2"}),
}


def ids(world, side) -> dict[str, object]:
    """For each side: a network of its own where the body is an active member (the shared
    network's memberships are only applied), whose first table the body joined, a material of
    the body (visible to the body only) and an upcoming meeting; and a table and a meeting of
    the network the coordinator coordinates (world.network on side a, the foreign one on b)."""
    own_network = NetworkFactory(coordinator=side.body, slug=f"community-{side.body.slug}")
    Membership.objects.create(
        network=own_network,
        body=side.body,
        applied_on="2026-01-10",
        status=MembershipStatus.ACTIVE,
        activated_on="2026-02-01",
    )
    table = Table.objects.filter(network=own_network).order_by("pk").first()
    TableBody.objects.create(table=table, body=side.body, joined_on="2026-02-01")
    material = Material.objects.create(
        author_body=side.body,
        theme=table,
        title="Regolamento sul lavoro agile",
        summary="Il regolamento dell'ente",
        kind=MaterialKind.REGULATION,
        visibility=Visibility.BODY,
    )
    version = MaterialVersion.objects.create(material=material, number=1, text="Art. 1")
    version.file.save("matrix.pdf", upload("m.pdf", pdf_bytes()), save=True)
    public = Material.objects.create(
        author_body=side.body,
        theme=table,
        title="Guida pubblica",
        summary="Per tutti",
        kind=MaterialKind.GUIDE,
        visibility=Visibility.PUBLIC,
    )
    starts = timezone.now() + timedelta(days=30)
    meeting = Meeting.objects.create(
        table=table, title="Incontro", starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    coordinated = (
        world.network
        if side is world.a
        else Membership.objects.get(body=side.body, network__slug="foreign-net").network
    )
    network_table = Table.objects.filter(network=coordinated).order_by("pk").first()
    network_meeting = Meeting.objects.create(
        table=network_table,
        title="Riunione",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Bologna",
    )
    return {
        "material_id": material.pk,
        "public_material_id": public.pk,
        "version_number": 1,
        "table_id": table.pk,
        "meeting_id": meeting.pk,
        "network_table_id": network_table.pk,
        "network_meeting_id": network_meeting.pk,
        "feed_token": table.feed_token,
    }


def foreign_rows(body) -> list[list]:
    return [
        list(Material.objects.filter(author_body=body).order_by("pk").values_list()),
        list(
            MaterialVersion.objects.filter(material__author_body=body).order_by("pk").values_list()
        ),
        list(TableBody.objects.filter(body=body).order_by("pk").values_list()),
        list(TableMember.objects.filter(person__body=body).order_by("pk").values_list()),
        list(MeetingRegistration.objects.filter(person__body=body).order_by("pk").values_list()),
        list(Reuse.objects.filter(body=body).order_by("pk").values_list()),
        list(Table.objects.filter(network__coordinator=body).order_by("pk").values_list()),
        list(Meeting.objects.filter(table__network__coordinator=body).order_by("pk").values_list()),
    ]
