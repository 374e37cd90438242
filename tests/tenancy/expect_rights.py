"""Tenancy expectations of the person's rights (see extensions.py): a person's own data page
and export for the people of the body; HR's export about a person and the list of requests."""

from __future__ import annotations

from datetime import date

from agilepa.rights.models import RequestKind, SubjectRequest

PEOPLE = {"employee", "manager"}  # only a person of the body has data of their own here
HR = {"hr_admin", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "rights:me": ("get", PEOPLE),
    "rights:me_json": ("get", PEOPLE),
    "rights:me_pdf": ("get", PEOPLE),
    # An empty form: past the role check, refused by the form (422).
    "rights:rectify": ("post", PEOPLE),
    "rights:person": ("get", HR),
    "rights:requests": ("get", HR),
    "rights:decide": ("post", HR),
}
A = "/api/v1/bodies/{body}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/me/data": PEOPLE,
}
API_PAYLOADS: dict[str, object] = {}


def ids(world, side) -> dict[str, object]:
    found = SubjectRequest.objects.create(
        body=side.body,
        person=side.colleague,
        kind=RequestKind.RECTIFICATION,
        received_on=date(2026, 3, 2),
        field="email",
        correction="x@example.it",
    )
    return {"subject_request_id": found.pk}


def foreign_rows(body) -> list[list]:
    return [list(SubjectRequest.objects.filter(body=body).order_by("pk").values_list())]
