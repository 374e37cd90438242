"""Tenancy expectations of the regulations and agreements routes (see extensions.py)."""

from __future__ import annotations

from datetime import date

from agilepa.agreements.models import (
    Agreement,
    AgreementTransition,
    DocumentTemplate,
    MinistryCommunication,
    PresenceDerogation,
    Regulation,
)
from tests.factories import make_agreement, make_regulation

HR = {"hr_admin", "platform_admin"}
BODY_ROLES = {"employee", "manager", "hr_admin", "observer", "platform_admin"}
# Who may request (a person of the body) or request for others (HR).
REQUESTERS = {"employee", "manager", "hr_admin", "platform_admin"}
DECIDERS = {"manager", "hr_admin", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "agreements:list": ("get", HR),
    "agreements:mine": ("get", BODY_ROLES),
    "agreements:new": ("get", REQUESTERS),
    "agreements:check": ("post", REQUESTERS),
    "agreements:inbox": ("get", DECIDERS),
    "agreements:dashboard": ("get", HR),
    # The outsider's agreement: beyond the manager's subtree and the employee's own.
    "agreements:detail": ("get", HR),
    "agreements:edit": ("get", HR),
    "agreements:action": ("post", HR),
    "agreements:document": ("get", HR),
    "agreements:regulations": ("get", BODY_ROLES),
    "agreements:regulation": ("get", BODY_ROLES),
    "agreements:regulation_new": ("get", HR),
    "agreements:document_template": ("get", HR),
    "agreements:document_preview": ("get", HR),
    "agreements:document_models": ("get", BODY_ROLES),
    "agreements:document_model": ("get", BODY_ROLES),
    "agreements:contract_changes": ("get", HR),
    "agreements:communications": ("get", HR),
    "agreements:communication_sent": ("post", HR),
    "agreements:communication_export": ("get", HR),
    # The derogation's reason is art. 9 GDPR data: for anyone else it does not exist (404).
    "agreements:derogation": ("get", HR),
    "agreements:derogation_decide": ("post", HR),
}
# Routes whose other roles of the body get 404, not 403: their existence is personal data.
SITE_HIDDEN = {"agreements:derogation", "agreements:derogation_decide"}
A = "/api/v1/bodies/{body}"
NAMED = {"employee", "manager", "hr_admin", "platform_admin"}  # observers see no names
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/regulations": BODY_ROLES,
    f"POST {A}/regulations": HR,
    f"GET {A}/regulations/{{regulation_id}}": BODY_ROLES,
    f"GET {A}/agreements": NAMED,
    # For the outsider: only HR requests on another person's behalf.
    f"POST {A}/agreements": HR,
    f"GET {A}/agreements/{{agreement_id}}": HR,
    f"PATCH {A}/agreements/{{agreement_id}}": HR,
    f"POST {A}/agreements/{{agreement_id}}/check": HR,
    f"GET {A}/agreements/{{agreement_id}}/transitions": HR,
    f"GET {A}/agreements/{{agreement_id}}/document": HR,
    f"GET {A}/document-template": HR,
    f"PUT {A}/document-template": HR,
    f"GET {A}/communications": HR,
    f"POST {A}/communications/{{communication_id}}/sent": HR,
    f"GET {A}/agreements/{{agreement_id}}/derogation": HR,
    f"POST {A}/agreements/{{agreement_id}}/derogation": HR,
    f"POST {A}/agreements/{{agreement_id}}/derogation/decide": HR,
    **{
        f"POST {A}/agreements/{{agreement_id}}/{action}": HR
        for action in (
            "submit",
            "approve",
            "reject",
            "countersign",
            "activate",
            "suspend",
            "resume",
            "withdraw",
            "renew",
        )
    },
}
API_PAYLOADS: dict[str, object] = {
    f"POST {A}/regulations": {
        "title": "Regolamento 2027",
        "adopted_on": "2026-11-01",
        "effective_from": "2027-01-01",
    },
    f"POST {A}/agreements": lambda ids: {"person_id": ids.values["person_id"]},
    f"PATCH {A}/agreements/{{agreement_id}}": {"objectives": "Pratiche arretrate"},
    f"POST {A}/agreements/{{agreement_id}}/reject": {"reason": "Organico ridotto"},
    f"POST {A}/agreements/{{agreement_id}}/suspend": {"reason": "Elezioni"},
    f"POST {A}/agreements/{{agreement_id}}/withdraw": {"reason": "Trasloco", "justified": True},
    f"PUT {A}/document-template": {"header": "Ente"},
    f"POST {A}/communications/{{communication_id}}/sent": {"receipt_number": "LA-123"},
    f"POST {A}/agreements/{{agreement_id}}/derogation": {
        "days_per_month": 12,
        "reason": "Terapia salvavita",
        "review_on": "2099-12-31",
    },
    f"POST {A}/agreements/{{agreement_id}}/derogation/decide": {"grant": True},
}
API_HIDDEN = {
    f"GET {A}/agreements/{{agreement_id}}/derogation",
    f"POST {A}/agreements/{{agreement_id}}/derogation",
    f"POST {A}/agreements/{{agreement_id}}/derogation/decide",
}


def ids(world, side) -> dict[str, object]:
    regulation = make_regulation(side.body)
    agreement = make_agreement(side.outsider, status="submitted")
    PresenceDerogation.objects.create(
        agreement=agreement, days_per_month=12, reason="Terapia", review_on=date(2099, 12, 31)
    )
    communication = MinistryCommunication.objects.create(
        body=side.body,
        agreement=agreement,
        event="start",
        event_date=agreement.start_date,
        due_on=agreement.start_date,
        period_start=agreement.start_date,
    )
    return {
        "agreement_id": agreement.pk,
        "regulation_id": regulation.pk,
        "name": "accordo",
        "communication_id": communication.pk,
        "fmt": "csv",
    }


def foreign_rows(body) -> list[list]:
    return [
        list(Regulation.objects.filter(body=body).order_by("pk").values_list()),
        list(Agreement.objects.filter(body=body).order_by("pk").values_list()),
        list(AgreementTransition.objects.filter(agreement__body=body).order_by("pk").values_list()),
        list(DocumentTemplate.objects.filter(body=body).order_by("pk").values_list()),
        list(MinistryCommunication.objects.filter(body=body).order_by("pk").values_list()),
        list(PresenceDerogation.objects.filter(agreement__body=body).order_by("pk").values_list()),
    ]
