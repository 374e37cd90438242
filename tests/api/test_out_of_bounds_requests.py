"""The ten requests of issue 18 that answered 500: each now answers a problem naming the field.

A value out of bounds (a year of -281, an offset beyond any table, a negative quota, a NUL byte,
a time with a UTC offset) is a 422 whose `errors` name the field; a multipart body without its
boundary is a 400; giving a person a login is a 201. And a JSON array where the document says
object is a 422 (ninja read `[]` as an object without fields)."""

from __future__ import annotations

import pytest

from tests.clients import ApiClient

BODY = "/api/v1/bodies/c_a"


@pytest.fixture
def hr(api_as) -> ApiClient:
    return api_as("hr_admin", token=True)


def refused_fields(response) -> list[str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return [e["field"] for e in response.json()["errors"]]


def test_commute_savings_of_year_minus_281_is_a_422_naming_the_year(hr) -> None:
    assert refused_fields(hr.get(f"{BODY}/commute-savings?year=-281")) == ["query.year"]


def test_materials_of_year_minus_109975424_is_a_422_naming_the_year(hr) -> None:
    assert refused_fields(hr.get(f"{BODY}/materials?year=-109975424")) == ["query.year"]


def test_objectives_achieved_of_period_null_is_a_422_naming_the_period(hr) -> None:
    assert refused_fields(hr.get(f"{BODY}/objectives-achieved?period=null")) == ["query.period"]


def test_people_at_a_huge_offset_is_a_422_naming_the_offset(hr) -> None:
    assert refused_fields(hr.get(f"{BODY}/people?offset={10**20}")) == ["query.offset"]


def test_giving_a_person_a_login_answers_201(hr, world) -> None:
    response = hr.post(f"{BODY}/people/{world.a.outsider.pk}/login")
    assert response.status_code == 201, response.content
    assert response.json() == {"person_id": world.a.outsider.pk, "email": world.a.outsider.email}


def test_a_plan_for_a_huge_year_is_a_422_naming_the_year(hr, world) -> None:
    payload = {"unit_id": world.a.area.pk, "year": 10**12, "month": 1}
    response = hr.post(f"{BODY}/plans", payload, content_type="application/json")
    assert refused_fields(response) == ["body.payload.year"]


def test_an_agreement_with_a_negative_monthly_quota_is_a_422_naming_the_quota(hr, world) -> None:
    payload = {"person_id": world.a.colleague.pk, "pattern": "monthly", "monthly_quota": -3}
    response = hr.post(f"{BODY}/agreements", payload, content_type="application/json")
    assert refused_fields(response) == ["body.payload.monthly_quota"]


def test_a_unit_with_a_nul_byte_in_its_code_is_a_422_naming_the_code(hr) -> None:
    payload = {"code": "AREA\u00009", "name": "Area nove"}
    response = hr.post(f"{BODY}/units", payload, content_type="application/json")
    assert refused_fields(response) == ["body.code"]


def test_a_control_character_in_a_query_is_a_422_naming_the_parameter(hr) -> None:
    assert refused_fields(hr.get(f"{BODY}/people?q=ro%07ssi")) == ["query.q"]


def test_a_regulation_with_a_time_carrying_a_utc_offset_is_a_422_naming_the_time(hr) -> None:
    payload = {
        "title": "Regolamento",
        "adopted_on": "2026-01-10",
        "effective_from": "2026-02-01",
        "reachability_start": "09:30:00+02:00",
    }
    response = hr.post(f"{BODY}/regulations", payload, content_type="application/json")
    assert refused_fields(response) == ["body.payload.reachability_start"]


def test_a_material_version_as_multipart_without_a_boundary_is_a_400(hr) -> None:
    response = hr.post(
        f"{BODY}/materials/1/versions", b"text=hello", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_json_array_where_an_object_is_documented_is_a_422(hr, world) -> None:
    url = f"{BODY}/units/{world.a.service.pk}"
    response = hr.patch(url, "[]", content_type="application/json")
    assert refused_fields(response) == ["body"]


def test_a_unit_code_longer_than_its_column_is_a_422_not_a_500(hr) -> None:
    payload = {"code": "X" * 500, "name": "Area lunga"}
    response = hr.post(f"{BODY}/units", payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
