"""Tenancy expectations of the maturity self-assessment routes (see extensions.py)."""

from __future__ import annotations

from agilepa.maturity.models import Assessment
from agilepa.maturity.questionnaire import ITEMS

HR = {"hr_admin", "platform_admin"}
# The body's HR reads and writes; its observers (CUG/RSU) read the results.
READERS = {"hr_admin", "observer", "platform_admin"}
COORDINATORS = {"coordinator", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "maturity:overview": ("get", READERS),
    "maturity:start": ("post", HR),
    "maturity:result": ("get", READERS),
    # The year is submitted: HR is sent to the result.
    "maturity:edit": ("get", HR),
    "maturity:network": ("get", COORDINATORS),
}
A = "/api/v1/bodies/{body}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/maturity/questionnaire": READERS,
    f"GET {A}/maturity/assessments": READERS,
    f"GET {A}/maturity/assessments/{{assessment_year}}": READERS,
    # Submitted: HR is past the role check, the service refuses the change (422).
    f"PUT {A}/maturity/assessments/{{assessment_year}}": HR,
    f"POST {A}/maturity/assessments/{{assessment_year}}/submit": HR,
    "GET /api/v1/networks/{network}/maturity": COORDINATORS,
}
API_PAYLOADS: dict[str, object] = {
    f"PUT {A}/maturity/assessments/{{assessment_year}}": {"answers": {"org_regulation": 2}},
}


def ids(world, side) -> dict[str, object]:
    Assessment.objects.create(
        body=side.body,
        year=2025,
        status="submitted",
        answers={item.code: 2 for item in ITEMS},
    )
    return {"assessment_year": 2025}


def foreign_rows(body) -> list[list]:
    return [list(Assessment.objects.filter(body=body).order_by("pk").values_list())]
