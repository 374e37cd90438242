"""API schemas of the organisation (django-ninja)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema


class BodyOut(Schema):
    id: int
    slug: str
    name: str
    ipa_code: str | None
    kind: str
    municipality: str
    istat_code: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None


class BodySummaryOut(BodyOut):
    active_people: int
    ended_people: int
    part_time: int
    units: int
    sites: int
    roles: list[str]


class SiteOut(Schema):
    id: int
    code: str
    name: str
    address: str
    municipality: str
    latitude: Decimal | None
    longitude: Decimal | None


class MembershipOut(Schema):
    id: int
    body_slug: str
    body_name: str
    status: str
    applied_on: date
    protocol_signed_on: date | None
    activated_on: date | None
    left_on: date | None
    active_people: int


class NetworkOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    coordinator_slug: str


class NetworkDetailOut(NetworkOut):
    memberships: list[MembershipOut]


class UnitOut(Schema):
    id: int
    code: str
    name: str
    level_name: str
    parent_id: int | None
    depth: int
    head_id: int | None = None
    headcount: int


class UnitIn(Schema):
    code: str
    name: str
    level_name: str = ""
    parent_id: int | None = None


class UnitPatch(Schema):
    name: str | None = None
    level_name: str | None = None
    parent_id: int | None = None
    move_to_root: bool = False
    head_id: int | None = None


class PersonOut(Schema):
    id: int
    employee_number: str
    first_name: str
    last_name: str
    email: str
    tax_code: str
    unit_id: int
    contract: str
    part_time_percent: int
    job_category: str
    hire_date: date | None
    office_site_id: int | None
    is_active: bool
    ended_on: date | None


class PersonIn(Schema):
    employee_number: str
    first_name: str
    last_name: str
    email: str = ""
    tax_code: str
    unit_id: int
    contract: str = "full_time"
    part_time_percent: int = 100
    job_category: str = ""
    hire_date: date | None = None
    office_site_id: int | None = None


class PersonPatch(Schema):
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    tax_code: str | None = None
    unit_id: int | None = None
    contract: str | None = None
    part_time_percent: int | None = None
    job_category: str | None = None
    hire_date: date | None = None
    office_site_id: int | None = None


class EndIn(Schema):
    ended_on: date | None = None


class DateIn(Schema):
    on: date | None = None
