"""Tenancy expectations of the regulations and agreements routes (see extensions.py)."""

from __future__ import annotations

from agilepa.agreements.models import Agreement, AgreementTransition, Regulation
from tests.factories import make_agreement, make_regulation

HR = {"hr_admin", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    # The outsider's agreement: beyond the manager's subtree and the employee's own.
    "agreements:detail": ("get", HR),
}
API_EXPECT: dict[str, set[str]] = {}
API_PAYLOADS: dict[str, object] = {}


def ids(world, side) -> dict[str, object]:
    make_regulation(side.body)
    agreement = make_agreement(side.outsider, status="submitted")
    return {"agreement_id": agreement.pk}


def foreign_rows(body) -> list[list]:
    return [
        list(Regulation.objects.filter(body=body).order_by("pk").values_list()),
        list(Agreement.objects.filter(body=body).order_by("pk").values_list()),
        list(
            AgreementTransition.objects.filter(agreement__body=body).order_by("pk").values_list()
        ),
    ]
