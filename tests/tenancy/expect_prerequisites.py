"""Tenancy expectations of the prerequisites routes (see extensions.py)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from agilepa.agreements.models import (
    EquipmentItem,
    SafetyNotice,
    TrainingCompletion,
    TrainingCourse,
    WorkstationCheck,
)

HR = {"hr_admin", "platform_admin"}
A = "/api/v1/bodies/{body}"

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    # The outsider: beyond the manager's subtree and the employee's own.
    "agreements:prereq_person": ("get", HR),
    "agreements:prereq_equipment": ("get", HR),
    "agreements:prereq_training": ("get", HR),
    "agreements:prereq_overview": ("get", HR | {"manager"}),
}
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/people/{{person_id}}/prerequisites": HR,
    f"GET {A}/people/{{person_id}}/it-checks": HR,
    f"POST {A}/people/{{person_id}}/it-checks": HR,
    f"POST {A}/people/{{person_id}}/safety-notices": HR,
    f"GET {A}/equipment": HR,
    f"POST {A}/equipment": HR,
    f"POST {A}/equipment/{{item_id}}/handover": HR,
    f"POST {A}/equipment/{{item_id}}/return": HR,
    f"GET {A}/training/courses": HR,
    f"POST {A}/training/courses": HR,
    f"POST {A}/training/completions": HR,
    f"POST {A}/training/completions/import": HR,
}
API_PAYLOADS: dict[str, object] = {
    f"POST {A}/people/{{person_id}}/it-checks": {"device": "Notebook", "checked_on": "2026-02-01"},
    f"POST {A}/people/{{person_id}}/safety-notices": {"delivered_on": "2026-02-01"},
    f"POST {A}/equipment": {"asset_tag": "NB-9999", "kind": "Notebook"},
    f"POST {A}/equipment/{{item_id}}/handover": lambda ids: {
        "person_id": ids.values["person_id"],
        "on": "2026-02-01",
    },
    f"POST {A}/equipment/{{item_id}}/return": {"on": "2026-03-01"},
    f"POST {A}/training/courses": {"code": "NEW-1", "title": "Corso", "topic": "safety"},
    f"POST {A}/training/completions": lambda ids: {
        "course_id": ids.values["course_id"],
        "person_id": ids.values["person_id"],
        "completed_on": "2026-02-01",
    },
}


def _import(client, url, ids):
    upload = SimpleUploadedFile(
        "formazione.csv", b"matricola;codice_corso;data_completamento\n", content_type="text/csv"
    )
    return client.post(url, {"file": upload, "dry_run": "true"})


API_CUSTOM_CALLS = {f"POST {A}/training/completions/import": _import}


def ids(world, side) -> dict[str, object]:
    item = EquipmentItem.objects.create(body=side.body, asset_tag="NB-0001", kind="Notebook")
    course = TrainingCourse.objects.create(
        body=side.body, code="CYBER", title="Sicurezza informatica", topic="cybersecurity"
    )
    return {"item_id": item.pk, "course_id": course.pk}


def foreign_rows(body) -> list[list]:
    return [
        list(model.objects.filter(body=body).order_by("pk").values_list())
        for model in (WorkstationCheck, SafetyNotice, EquipmentItem, TrainingCourse)
    ] + [list(TrainingCompletion.objects.filter(course__body=body).order_by("pk").values_list())]
