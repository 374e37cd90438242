"""API schemas of regulations and agreements."""

from __future__ import annotations

from datetime import date, datetime, time

from ninja import Field, Schema

from agilepa.agreements.models import (
    Agreement,
    AgreementTransition,
    MinistryCommunication,
    PresenceDerogation,
    Regulation,
)
from agilepa.core.api_types import Count, Item, LocalTime, Percent, Weekday, text_of


class ViolationOut(Schema):
    code: str
    field: str
    message: str
    source: str
    source_verified: bool = True


class RegulationOut(Schema):
    id: int
    version: int
    title: str
    adopted_on: date
    effective_from: date
    act_reference: str
    max_days_per_week: int
    max_days_per_month: int
    min_presence_percent: int
    reachability_start: LocalTime
    reachability_end: LocalTime
    disconnection_start: LocalTime
    disconnection_end: LocalTime
    allowed_places: list[str]
    notice_days: int
    notice_days_disabled: int
    request_notice_days: int
    max_duration_months: int | None
    priority_order: list[str]
    required_prerequisites: list[str]
    it_check_validity_months: int
    presence_window_months: int
    office_hours_start: time | None
    office_hours_end: time | None
    text: str


class RegulationIn(Schema):
    title: text_of(Regulation, "title")
    adopted_on: date
    effective_from: date
    act_reference: text_of(Regulation, "act_reference") = ""
    max_days_per_week: Count = 2
    max_days_per_month: Count = 8
    min_presence_percent: Percent = 51
    reachability_start: LocalTime = time(9, 30)
    reachability_end: LocalTime = time(13, 30)
    disconnection_start: LocalTime = time(20, 0)
    disconnection_end: LocalTime = time(7, 30)
    allowed_places: list[Item] = ["home"]
    notice_days: Count = 30
    notice_days_disabled: Count = 90
    request_notice_days: Count = 15
    max_duration_months: Count | None = None
    priority_order: list[Item] = []
    required_prerequisites: list[Item] = []
    it_check_validity_months: Count = 12
    presence_window_months: Count = 1
    office_hours_start: LocalTime | None = None
    office_hours_end: LocalTime | None = None
    text: text_of(Regulation, "text") = ""
    remotable: list[Item] | None = None
    not_remotable: list[Item] | None = None


class AgreementTerms(Schema):
    start_date: date | None = None
    end_date: date | None = None
    pattern: text_of(Agreement, "pattern") | None = None
    weekdays: list[Weekday] | None = None
    monthly_quota: Count | None = None
    places: list[Item] | None = None
    other_place: text_of(Agreement, "other_place") | None = None
    reachability_start: LocalTime | None = None
    reachability_end: LocalTime | None = None
    disconnection_start: LocalTime | None = None
    disconnection_end: LocalTime | None = None
    equipment: text_of(Agreement, "equipment") | None = None
    activities: list[Item] | None = None
    objectives: text_of(Agreement, "objectives") | None = None
    priorities: list[Item] | None = None
    disabled_l68: bool | None = None
    notice_days: Count | None = None
    withdrawal_terms: text_of(Agreement, "withdrawal_terms") | None = None
    kind: text_of(Agreement, "kind") | None = None
    work_hours_start: LocalTime | None = None
    work_hours_end: LocalTime | None = None
    fixed_place: text_of(Agreement, "fixed_place") | None = None


class AgreementIn(AgreementTerms):
    person_id: int | None = None  # HR only; a person requests for themselves


class AgreementOut(Schema):
    id: int
    person_id: int
    person_name: str
    unit_id: int
    status: str
    regulation_version: int | None
    previous_id: int | None
    start_date: date | None
    end_date: date | None
    pattern: str
    weekdays: list[int]
    monthly_quota: int
    places: list[str]
    other_place: str
    reachability_start: LocalTime | None
    reachability_end: LocalTime | None
    disconnection_start: LocalTime | None
    disconnection_end: LocalTime | None
    equipment: str
    activities: list[str]
    objectives: str
    # Special categories (art. 9 GDPR): null unless the caller may read them. See
    # agreements/special.py and docs/agreements.md ("Special categories").
    priorities: list[str] | None = Field(
        None,
        description=(
            "Priority categories (L. 81/2017 art. 18 c. 3-bis), special-category data: given "
            "on the caller's own agreements, and by GET agreements/{id} to HR and to the "
            "manager deciding a submitted request (each read recorded in the audit trail); "
            "null in lists and for everyone else."
        ),
    )
    disabled_l68: bool | None = Field(
        None,
        description=(
            "Worker with disability (L. 68/1999), special-category data: given and null as "
            "`priorities`."
        ),
    )
    notice_days: int
    withdrawal_terms: str
    rejection_reason: str
    withdrawal_reason: str
    withdrawal_effective_on: date | None
    kind: str
    work_hours_start: time | None
    work_hours_end: time | None
    fixed_place: str
    # The derogation's days and status only: its reason is never part of the agreement.
    derogation_days: int | None = None


class DerogationIn(Schema):
    days_per_month: int
    reason: text_of(PresenceDerogation, "reason")
    review_on: date


class DerogationOut(Schema):
    days_per_month: int
    reason: str
    review_on: date
    status: str


class DerogationDecisionIn(Schema):
    grant: bool


class CommunicationOut(Schema):
    id: int
    agreement_id: int
    kind: str
    event: str
    event_date: date
    due_on: date
    state: str
    period_start: date
    period_end: date | None
    sent_on: date | None
    receipt_number: str


class ReceiptIn(Schema):
    receipt_number: text_of(MinistryCommunication, "receipt_number")
    sent_on: date | None = None


class TransitionOut(Schema):
    from_status: str
    to_status: str
    actor_email: str | None
    at: datetime
    reason: str


class ReasonIn(Schema):
    reason: text_of(AgreementTransition, "reason") = ""


class WithdrawIn(Schema):
    reason: text_of(Agreement, "withdrawal_reason") = ""
    justified: bool = False
    last_day: date | None = None
