"""Every text a client sends has a documented maximum length (issue 18): a text longer than its
column is refused by the schema with a 422 that names the field, before the model or the
database sees it."""

from __future__ import annotations

import pytest
from django.test.client import MULTIPART_CONTENT

import agilepa.api  # noqa: F401  (mounts every router, importing every schema)
from agilepa.community.models import Material
from agilepa.core.api_types import max_length_of
from agilepa.org.models import OrgUnit, Person
from tests.clients import ApiClient

DOC = "/api/v1/openapi.json"


def unbounded_strings(schema: dict, components: dict, where: str, seen: set[str]) -> list[str]:
    """The paths of the string properties of `schema` (followed through $ref, anyOf, items,
    additionalProperties) without a maxLength. An enum, a pattern (times of day) or a format of
    fixed width (dates) is bounded by itself."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        return unbounded_strings(components[name], components, where, seen | {name})
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        parts = schema.get(key, [])
        if any(part.get("type") == "number" for part in parts):
            # A decimal, which a client may also send as a string: bounded by its digits.
            parts = [part for part in parts if part.get("type") != "string"]
        for part in parts:
            found += unbounded_strings(part, components, where, seen)
    if schema.get("type") == "string":
        bounded = "maxLength" in schema or "enum" in schema or "const" in schema
        bounded = bounded or schema.get("format") in ("date", "date-time", "binary", "uuid")
        bounded = bounded or "pattern" in schema
        if not bounded:
            found.append(where)
    for name, sub in schema.get("properties", {}).items():
        found += unbounded_strings(sub, components, f"{where}.{name}", seen)
    if isinstance(schema.get("items"), dict):
        found += unbounded_strings(schema["items"], components, f"{where}[]", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        found += unbounded_strings(schema["additionalProperties"], components, f"{where}{{}}", seen)
    return found


@pytest.mark.django_db
def test_every_text_of_every_request_body_has_a_maximum_length(client) -> None:
    document = client.get(DOC).json()
    components = document["components"]["schemas"]
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                where = f"{method.upper()} {path}"
                missing += unbounded_strings(media["schema"], components, where, set())
    assert missing == []


BODY = "/api/v1/bodies/c_a"


@pytest.fixture
def hr(api_as) -> ApiClient:
    return api_as("hr_admin", token=True)


def refused(response) -> list[dict]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["errors"]


def test_a_text_longer_than_its_column_is_a_422_naming_the_field(hr, world) -> None:
    longest = max_length_of(OrgUnit, "code")
    errors = refused(
        hr.post(
            f"{BODY}/units",
            {"code": "X" * (longest + 1), "name": "Area lunga"},
            content_type="application/json",
        )
    )
    assert [e["field"] for e in errors] == ["body.payload.code"]
    assert str(longest) in errors[0]["message"]
    assert not OrgUnit.objects.filter(name="Area lunga").exists()
    # At the bound it is accepted.
    fits = hr.post(
        f"{BODY}/units",
        {"code": "X" * longest, "name": "Area lunga"},
        content_type="application/json",
    )
    assert fits.status_code == 201, fits.content


def test_an_optional_text_and_a_form_field_are_bounded_too(hr, world) -> None:
    url = f"{BODY}/people/{world.a.employee_person.pk}"
    too_long = "X" * (max_length_of(Person, "last_name") + 1)
    errors = refused(hr.patch(url, {"last_name": too_long}, content_type="application/json"))
    assert [e["field"] for e in errors] == ["body.payload.last_name"]
    errors = refused(
        hr.post(
            f"{BODY}/materials",
            {"title": "X" * (max_length_of(Material, "title") + 1)},
            content_type=MULTIPART_CONTENT,
        )
    )
    assert "form.title" in [e["field"] for e in errors]
