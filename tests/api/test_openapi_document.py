"""The OpenAPI document describes each route with its own schemas and its problem answers.

Ninja names a component after the schema's class, so two apps' `CampaignOut` overwrote each
other and `/campaigns` was documented with the survey campaign's fields."""

from __future__ import annotations

import pytest
from ninja import Schema

import agilepa.api  # noqa: F401  (mounts every router, importing every schema)

DOC = "/api/v1/openapi.json"


def all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | all_subclasses(sub)
    return found


def test_every_schema_of_the_platform_has_a_unique_name() -> None:
    ours = [c for c in all_subclasses(Schema) if c.__module__.startswith("agilepa.")]
    names: dict[str, list[str]] = {}
    for cls in ours:
        names.setdefault(cls.__name__, []).append(cls.__module__)
    assert {n: m for n, m in names.items() if len(m) > 1} == {}


@pytest.fixture
def document(client, db) -> dict:
    return client.get(DOC).json()


def request_schema(document: dict, method: str, path: str) -> dict:
    ref = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return document["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def response_schema(document: dict, method: str, path: str, status: str) -> dict:
    content = document["paths"][path][method]["responses"][status]["content"]
    ref = next(iter(content.values()))["schema"]
    if "items" in ref:
        ref = ref["items"]
    return document["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_survey_answers_are_documented_as_text_not_the_maturity_levels(document) -> None:
    answers = request_schema(document, "post", "/api/v1/survey-answers")["properties"]["answers"]
    assert answers["additionalProperties"] != {"type": "integer"}
    assert "token" in request_schema(document, "post", "/api/v1/survey-answers")["properties"]


def test_smart_working_campaigns_are_documented_with_their_own_schema(document) -> None:
    path = "/api/v1/bodies/{body}/campaigns"
    assert "survey_id" not in response_schema(document, "get", path, "200")["properties"]


def test_networks_are_documented_as_networks_not_maturity_results(document) -> None:
    assert "slug" in response_schema(document, "get", "/api/v1/networks", "200")["properties"]


def test_every_operation_documents_its_problem_answers_as_problem_json(document) -> None:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("403", "404"):
                assert "application/problem+json" in responses[status]["content"], (method, path)
            assert "422" in responses, (method, path)  # a problem, or the route's own report


def test_times_of_day_are_documented_without_an_offset(document) -> None:
    regulation = response_schema(document, "get", "/api/v1/bodies/{body}/regulations", "200")
    start = regulation["properties"]["reachability_start"]
    assert start.get("format") != "time"
    assert start["pattern"].startswith("^")


def test_the_answer_of_a_closed_survey_is_documented_as_gone(document) -> None:
    assert "410" in document["paths"]["/api/v1/survey-answers"]["post"]["responses"]
