"""API schemas of the organisation (django-ninja)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema

from agilepa.core.api_types import text_of
from agilepa.org.models import OrgUnit, Person


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
    code: text_of(OrgUnit, "code")
    name: text_of(OrgUnit, "name")
    level_name: text_of(OrgUnit, "level_name") = ""
    parent_id: int | None = None


class UnitPatch(Schema):
    name: text_of(OrgUnit, "name") | None = None
    level_name: text_of(OrgUnit, "level_name") | None = None
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
    employee_number: text_of(Person, "employee_number")
    first_name: text_of(Person, "first_name")
    last_name: text_of(Person, "last_name")
    email: text_of(Person, "email") = ""
    tax_code: text_of(Person, "tax_code")
    unit_id: int
    contract: text_of(Person, "contract") = "full_time"
    part_time_percent: int = 100
    job_category: text_of(Person, "job_category") = ""
    hire_date: date | None = None
    office_site_id: int | None = None


class PersonPatch(Schema):
    first_name: text_of(Person, "first_name") | None = None
    last_name: text_of(Person, "last_name") | None = None
    email: text_of(Person, "email") | None = None
    tax_code: text_of(Person, "tax_code") | None = None
    unit_id: int | None = None
    contract: text_of(Person, "contract") | None = None
    part_time_percent: int | None = None
    job_category: text_of(Person, "job_category") | None = None
    hire_date: date | None = None
    office_site_id: int | None = None


class EndIn(Schema):
    ended_on: date | None = None


class DateIn(Schema):
    on: date | None = None
